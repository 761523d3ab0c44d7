"""Signals as a STIX 2.1 bundle (the ``stix2`` package), for teams that use STIX.

Each signal is an Indicator whose pattern names the observable: MD5 as
``file:hashes.MD5``; PDQ as ``file:hashes.'x_pdq'`` (STIX 2.1 hashes keys
come from ``hash-algorithm-ov`` or are custom values prefixed ``x_``);
``url:value``; ``domain-name:value``; keywords as the custom observable
``x-netbrake-keyword:value``; hashed identifiers as the custom property
``user-account:x_netbrake_identifier_hash``. The opinion maps to
``indicator_types``; the signal itself (type, value, opinion, provenance) is
kept exactly in a STIX 2.1 property extension whose ``extension-definition``
object, with its JSON schema (``stix_extension.json``), travels in every
bundle, and tags go in ``labels``, so a bundle reads back into the same
signals. Every object has a name and a description, so the OASIS validator
accepts the bundle in strict mode (F9). Bundles written before
the extension (top-level ``x_netbrake_*`` properties) still read back.
``stix2`` is the optional ``exchange`` extra, imported when a bundle is first
written or read.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from functools import cache
from importlib import resources
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


#: The stable id of netbrake's extension definition (a new version gets a new id).
EXTENSION_ID = "extension-definition--8d3c61a4-5a0e-4b8f-9c57-2f1e0d6b7a93"
#: Field names inside the extension, against the Signal attributes they carry.
_EXTENSION_FIELDS = {
    "signal_type": "kind",
    "signal_value": "value",
    "opinion": "opinion",
    "provenance": "provenance",
}
_KIND_NAMES = {
    "pdq": "PDQ hash",
    "md5": "MD5 hash",
    "url": "URL",
    "domain": "domain",
    "keyword": "keyword",
    "account_identifier_hash": "hashed account identifier",
}
_OPINION_TEXT = {
    "positive": "fits the collaboration's harm (child sexual exploitation)",
    "negative": "is a known false positive or test data",
    "investigation_seed": "is an indirect indicator that needs verifying",
}
_CREATED = "2024-01-01T00:00:00.000Z"


def _stix2() -> Any:
    return require("stix2", "exchange", FEATURE)


@cache
def producer() -> Any:
    """The STIX Identity every netbrake Indicator is ``created_by_ref``."""
    return _stix2().Identity(
        id="identity--5a1f3c9e-9d55-4c43-9d3e-6b8f3f0a7a10",
        name="netbrake",
        description="netbrake, the trust and safety toolkit that found these signals.",
        identity_class="system",
        created=_CREATED,
        modified=_CREATED,
    )


def extension_schema() -> str:
    """The JSON schema of the extension, as the ``schema`` text of its definition."""
    path = resources.files("netbrake.exchange.signals") / "stix_extension.json"
    return path.read_text(encoding="utf-8")


@cache
def extension_definition() -> Any:
    """The ``extension-definition`` object for the netbrake signal property extension."""
    return _stix2().ExtensionDefinition(
        id=EXTENSION_ID,
        created_by_ref=producer().id,
        name="netbrake signal",
        description=(
            "The netbrake signal an Indicator carries (type, value, opinion, provenance), "
            "exactly, so that a bundle reads back into the same signals."
        ),
        schema=extension_schema(),
        version="1.0.0",
        extension_types=["property-extension"],
        created=_CREATED,
        modified=_CREATED,
    )


def _literal(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def pattern_for(signal: Signal) -> str:
    return f"[{_PATTERN_PATHS[signal.kind]} = {_literal(signal.value)}]"


def indicator_for(signal: Signal, valid_from: datetime) -> Any:
    extra: dict[str, Any] = {"labels": list(signal.tags)} if signal.tags else {}
    carried = {name: getattr(signal, attr) for name, attr in _EXTENSION_FIELDS.items()}
    kind = _KIND_NAMES[signal.kind]
    return _stix2().Indicator(
        created_by_ref=producer().id,
        name=f"netbrake {kind} signal ({signal.opinion})",
        description=(
            f"A {kind} shared by netbrake; its opinion: it {_OPINION_TEXT[signal.opinion]}. "
            f"Found by {signal.provenance}."
        ),
        pattern=pattern_for(signal),
        pattern_type="stix",
        valid_from=valid_from,
        indicator_types=_INDICATOR_TYPES[signal.opinion],
        extensions={EXTENSION_ID: {"extension_type": "property-extension", **carried}},
        **extra,
    )


def bundle_for(signals: Iterable[Signal], valid_from: datetime) -> str:
    """A serialised STIX 2.1 bundle: the producer identity, the extension definition
    and one Indicator per signal."""
    indicators = [indicator_for(s, valid_from) for s in signals]
    objects = [producer(), extension_definition(), *indicators]
    # pretty=True sorts properties with a quadratic search (seconds per thousand objects)
    return str(_stix2().Bundle(*objects, allow_custom=True).serialize())


def _carried(obj: Any) -> tuple[Any, Any, Any, Any] | None:
    """(type, value, opinion, provenance) from the extension, or the older top-level fields."""
    extension = (obj.get("extensions") or {}).get(EXTENSION_ID)
    if extension is not None:
        return tuple(extension.get(name) for name in _EXTENSION_FIELDS)
    if "x_netbrake_type" in obj:
        old = ("x_netbrake_type", "x_netbrake_value", "x_netbrake_opinion", "x_netbrake_provenance")
        return tuple(obj.get(name) for name in old)
    return None


def signals_from_bundle(text: str) -> list[Signal]:
    """Signals back from a bundle netbrake wrote (Indicators without netbrake fields are skipped)."""
    bundle = _stix2().parse(json.loads(text), allow_custom=True)
    out: list[Signal] = []
    for obj in bundle.objects:
        carried = _carried(obj) if obj["type"] == "indicator" else None
        if carried is None:
            continue
        kind, value, opinion, provenance = carried
        made = make_signal(
            str(kind), str(value), str(opinion), list(obj.get("labels", [])), provenance
        )
        if isinstance(made, Signal):
            out.append(made)
    return out
