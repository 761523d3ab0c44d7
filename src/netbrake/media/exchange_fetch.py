"""Filling a bank through python-threatexchange's signal exchange clients.

Any ``SignalExchangeAPI`` instance (NCMEC hash sharing, StopNCII, Tech
Against Terrorism, Meta ThreatExchange, local files, the static sample) can
be passed in: netbrake iterates its ``fetch_iter`` deltas, converts them with
the API's own ``naive_convert_to_signal_type`` and keeps PDQ and MD5 signals.
A ``None`` record in a delta is a deletion upstream: the entry is disabled.
threatexchange is the optional ``exchange`` extra.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from netbrake.extras import require
from netbrake.media.bank_import import TE_SIGNAL_KIND, BankImport, BankProblem
from netbrake.media.hash_bank import HashBank, Provenance


def fetch_into_bank(
    api: Any, bank: HashBank, *, collab: Any = None, list_name: str = ""
) -> BankImport:
    """Fetch everything an exchange API offers into ``bank``; invalid signals are quarantined."""
    feature = "fetching a bank from a threatexchange API"
    md5 = require("threatexchange.signal_type.md5", "exchange", feature)
    pdq = require("threatexchange.signal_type.pdq.signal", "exchange", feature)
    signal_types = [pdq.PdqSignal, md5.VideoMD5Signal]
    exchange = api.get_name()
    collab = collab if collab is not None else getattr(api, "collab", None)
    result = BankImport(bank)
    fetched_at = datetime.now(UTC)
    for batch, delta in enumerate(api.fetch_iter(signal_types, None), 1):
        live = {k: v for k, v in delta.updates.items() if v is not None}
        gone = [k for k, v in delta.updates.items() if v is None]
        for key in gone:
            if isinstance(key, tuple) and len(key) == 2 and key[0] in TE_SIGNAL_KIND:
                entry = bank.find(TE_SIGNAL_KIND[key[0]], str(key[1]).lower())
                if entry is not None:
                    bank.disable(entry.entry_id)
        by_type = api.naive_convert_to_signal_type(signal_types, collab, live)
        for s_type, signals in by_type.items():
            kind = TE_SIGNAL_KIND[s_type.get_name()]
            for signal in signals:
                try:
                    if bank.find(kind, signal.lower()) is not None:
                        result.duplicates += 1
                        continue
                    bank.add(kind, signal, Provenance(exchange, list_name or bank.name, fetched_at))
                    result.added += 1
                except ValueError as exc:
                    result.problems.append(BankProblem(exchange, batch, "signal", str(exc)))
    return result
