"""Signals as a STIX 2.1 bundle (the ``stix2`` package), for teams that use STIX.

Each signal is an Indicator whose pattern names the observable: MD5 as
``file:hashes.MD5``; PDQ as ``file:hashes.'x_pdq'`` (STIX 2.1 hashes keys
come from ``hash-algorithm-ov`` or are custom values prefixed ``x_``);
``url:value``; ``domain-name:value``; keywords as the custom observable
``x-netbrake-keyword:value``; hashed identifiers as the custom property
``user-account:x_netbrake_identifier_hash``. The opinion maps to
``indicator_types`` and is kept exactly in ``x_netbrake_opinion``, with tags
as ``labels`` and provenance in ``x_netbrake_provenance``, so a bundle reads
back into the same signals. ``stix2`` is the optional ``exchange`` extra,
imported when a bundle is first written or read.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from functools import cache
from typing import Any

from netbrake.exchange.signals.signal import Signal, make_signal
from netbrake.extras import require

#: What a missing ``stix2`` is reported as.
FEATURE = "STIX 2.1 bundles"

_INDICATOR_TYPES = {
    "positive": ["malicious-activity"],
    "negative": ["benign"],
    "investigation_seed": ["anomalous-activity"],
}
_PATTERN_PATHS = {
    "md5": "file:hashes.MD5",
    "pdq": "file:hashes.'x_pdq'",
    "url": "url:value",
    "domain": "domain-name:value",
    "keyword": "x-netbrake-keyword:value",
    "account_identifier_hash": "user-account:x_netbrake_identifier_hash",
}


def _stix2() -> Any:
    return require("stix2", "exchange", FEATURE)


@cache
def producer() -> Any:
    """The STIX Identity every netbrake Indicator is ``created_by_ref``."""
    return _stix2().Identity(
        id="identity--5a1f3c9e-9d55-4c43-9d3e-6b8f3f0a7a10",
        name="netbrake",
        identity_class="system",
        created="2024-01-01T00:00:00.000Z",
        modified="2024-01-01T00:00:00.000Z",
    )


def _literal(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def pattern_for(signal: Signal) -> str:
    return f"[{_PATTERN_PATHS[signal.kind]} = {_literal(signal.value)}]"


def indicator_for(signal: Signal, valid_from: datetime) -> Any:
    extra: dict[str, Any] = {"labels": list(signal.tags)} if signal.tags else {}
    return _stix2().Indicator(
        created_by_ref=producer().id,
        name=f"{signal.kind} signal",
        pattern=pattern_for(signal),
        pattern_type="stix",
        valid_from=valid_from,
        indicator_types=_INDICATOR_TYPES[signal.opinion],
        x_netbrake_type=signal.kind,
        x_netbrake_value=signal.value,
        x_netbrake_opinion=signal.opinion,
        x_netbrake_provenance=signal.provenance,
        allow_custom=True,
        **extra,
    )


def bundle_for(signals: Iterable[Signal], valid_from: datetime) -> str:
    """A serialised STIX 2.1 bundle: the producer identity and one Indicator per signal."""
    objects = [producer(), *(indicator_for(s, valid_from) for s in signals)]
    # pretty=True sorts properties with a quadratic search (seconds per thousand objects)
    return str(_stix2().Bundle(*objects, allow_custom=True).serialize())


def signals_from_bundle(text: str) -> list[Signal]:
    """Signals back from a bundle netbrake wrote (Indicators without netbrake fields are skipped)."""
    bundle = _stix2().parse(json.loads(text), allow_custom=True)
    out: list[Signal] = []
    for obj in bundle.objects:
        if obj["type"] != "indicator" or "x_netbrake_type" not in obj:
            continue
        made = make_signal(
            obj["x_netbrake_type"],
            obj["x_netbrake_value"],
            obj["x_netbrake_opinion"],
            list(obj.get("labels", [])),
            obj["x_netbrake_provenance"],
        )
        if isinstance(made, Signal):
            out.append(made)
    return out
