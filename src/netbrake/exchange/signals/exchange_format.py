"""Signals as files python-threatexchange understands, and reading them back with quarantine.

Two forms:

* ``signals.jsonl`` (lossless): one JSON object per line with threatexchange's
  names, ``{"signal_type", "signal", "opinion", "tags"}`` plus netbrake's
  ``netbrake_type`` and ``provenance``. ``signal_type`` is the
  ``SignalType.get_name()`` of the matching threatexchange type (``pdq``,
  ``video_md5``, ``url``, ``raw_text``) or ``netbrake_<type>`` where
  threatexchange has none; ``opinion`` is a ``SignalOpinionCategory`` name.
* ``signals.te.txt``: ``<signal_type> <signal>`` lines, the format of
  threatexchange's ``LocalFileSignalExchangeAPI`` (its file collaboration),
  which records positive opinions only, so only positive signals go there.

Import reads both; a bad line becomes a quarantine :class:`Problem` (file,
line, field, reason), as ingest does for table rows, and is never dropped
silently.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from netbrake.exchange.signals.signal import Signal, make_signal
from netbrake.platform import Problem

#: netbrake type -> threatexchange SignalType name (None: threatexchange has no such type).
TE_NAMES: dict[str, str | None] = {
    "pdq": "pdq",
    "md5": "video_md5",
    "url": "url",
    "domain": None,
    "keyword": "raw_text",
    "account_identifier_hash": None,
}
TE_OPINIONS = {
    "positive": "POSITIVE_CLASS",
    "negative": "NEGATIVE_CLASS",
    "investigation_seed": "INVESTIGATION_SEED",
}
_FROM_TE_OPINION = {v: k for k, v in TE_OPINIONS.items()}
_FROM_TE_NAME = {v: k for k, v in TE_NAMES.items() if v} | {"photo_md5": "md5"}


def te_name(kind: str) -> str:
    return TE_NAMES.get(kind) or f"netbrake_{kind}"


def to_record(signal: Signal) -> dict[str, Any]:
    return {
        "signal_type": te_name(signal.kind),
        "signal": signal.value,
        "opinion": TE_OPINIONS[signal.opinion],
        "tags": list(signal.tags),
        "netbrake_type": signal.kind,
        "provenance": signal.provenance,
    }


def write_signals(signals: Iterable[Signal], folder: Path) -> tuple[Path, Path]:
    """Write ``signals.jsonl`` (all) and ``signals.te.txt`` (positives) into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    jsonl, te = folder / "signals.jsonl", folder / "signals.te.txt"
    ordered = sorted(signals, key=lambda s: (s.kind, s.value, s.opinion))
    with jsonl.open("w", encoding="utf-8") as fh:
        for signal in ordered:
            fh.write(json.dumps(to_record(signal), ensure_ascii=False) + "\n")
    with te.open("w", encoding="utf-8") as fh:
        for signal in ordered:
            if signal.opinion == "positive" and TE_NAMES.get(signal.kind):
                fh.write(f"{te_name(signal.kind)} {signal.value}\n")
    return jsonl, te


@dataclass
class SignalImport:
    """Signals read from a file and the lines quarantined on the way."""

    signals: list[Signal] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _kind(record: dict[str, Any]) -> str:
    if isinstance(record.get("netbrake_type"), str):
        return str(record["netbrake_type"])
    name = str(record.get("signal_type", ""))
    return _FROM_TE_NAME.get(name, name.removeprefix("netbrake_"))


def _from_json(record: dict[str, Any]) -> Signal | tuple[str, str]:
    if not isinstance(record.get("signal"), str):
        return ("signal", "missing signal value")
    opinion = record.get("opinion", "POSITIVE_CLASS")
    opinion = _FROM_TE_OPINION.get(str(opinion), str(opinion))
    return make_signal(
        _kind(record),
        record["signal"],
        opinion,
        record.get("tags", []),
        record.get("provenance", "imported"),
    )


def _from_line(line: str) -> Signal | tuple[str, str]:
    name, _, value = line.partition(" ")
    if not value:
        return ("signal", "expected '<signal_type> <signal>'")
    kind = _FROM_TE_NAME.get(name, name.removeprefix("netbrake_"))
    return make_signal(kind, value, "positive", [], "imported")


def read_signals(path: Path) -> SignalImport:
    """Read a signals file in either form; bad lines become quarantine problems."""
    result = SignalImport()
    with path.open("rb") as fh:
        for number, raw in enumerate(fh, start=1):
            try:
                line = raw.decode("utf-8").rstrip("\r\n")
            except UnicodeDecodeError:
                result.problems.append(
                    Problem("signals", str(path), number, None, "line is not UTF-8", "encoding")
                )
                continue
            if not line.strip():
                continue
            made: Signal | tuple[str, str]
            if line.lstrip().startswith("{"):
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as exc:
                    made = ("signal", f"not JSON: {exc.msg}")
                else:
                    made = (
                        _from_json(record)
                        if isinstance(record, dict)
                        else ("signal", "not an object")
                    )
            else:
                made = _from_line(line)
            if isinstance(made, Signal):
                result.signals.append(made)
            else:
                column, reason = made
                result.problems.append(
                    Problem("signals", str(path), number, column, reason, "value")
                )
    return result
