"""Hash banks: named lists of known-content fingerprints with their own match rules.

Mirrors hasher-matcher-actioner's banks: a per-bank PDQ threshold (31 by
default), per-entry enable/disable with an optional expiry, a rollout share
(the fraction of content a bank acts on, sampled deterministically so the
same content always gets the same answer) and provenance for every entry:
which exchange, which list, when. Local additions (a reviewer confirmed a
violating hash) are entries whose provenance exchange is ``local-review``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from netbrake.media.fingerprint import PDQ_MATCH_THRESHOLD, parse_md5, parse_pdq
from netbrake.media.hasher import SignalKind

LOCAL_REVIEW = "local-review"


@dataclass(frozen=True)
class Provenance:
    """Where an entry came from: the exchange (API), the list (collaboration) and when."""

    exchange: str
    list: str = ""
    added_at: datetime | None = None
    source_id: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "exchange": self.exchange,
            "list": self.list,
            "added_at": self.added_at.isoformat() if self.added_at else None,
            "source_id": self.source_id,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Provenance:
        added = data.get("added_at")
        return cls(
            exchange=str(data.get("exchange", "")),
            list=str(data.get("list") or ""),
            added_at=parse_time(added) if added else None,
            source_id=data.get("source_id"),
        )


@dataclass(frozen=True)
class BankEntry:
    """One fingerprint in a bank. ``expires_at`` ends a disablement or the entry itself.

    An entry is active when it is enabled and not expired; a disabled entry
    with ``disabled_until`` becomes active again after that time.
    """

    entry_id: int
    kind: SignalKind
    value: str
    provenance: Provenance
    enabled: bool = True
    disabled_until: datetime | None = None
    expires_at: datetime | None = None

    def active(self, at: datetime) -> bool:
        if self.expires_at is not None and at >= self.expires_at:
            return False
        if self.enabled:
            return True
        return self.disabled_until is not None and at >= self.disabled_until

    def to_json(self) -> dict[str, Any]:
        return {
            "entry_id": self.entry_id,
            "kind": self.kind,
            "value": self.value,
            "enabled": self.enabled,
            "disabled_until": _iso(self.disabled_until),
            "expires_at": _iso(self.expires_at),
            "provenance": self.provenance.to_json(),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> BankEntry:
        kind = data["kind"]
        if kind not in ("pdq", "md5"):
            raise ValueError(f"unknown signal kind {kind!r}")
        value = parse_pdq(data["value"]) if kind == "pdq" else parse_md5(data["value"])
        return cls(
            entry_id=int(data["entry_id"]),
            kind=kind,
            value=value,
            provenance=Provenance.from_json(data.get("provenance") or {}),
            enabled=bool(data.get("enabled", True)),
            disabled_until=_time_or_none(data.get("disabled_until")),
            expires_at=_time_or_none(data.get("expires_at")),
        )


@dataclass
class HashBank:
    """A named list of entries with its threshold and rollout share (0..1)."""

    name: str
    threshold: int = PDQ_MATCH_THRESHOLD
    rollout: float = 1.0
    entries: dict[int, BankEntry] = field(default_factory=dict)
    _by_value: dict[tuple[str, str], int] = field(default_factory=dict, init=False, repr=False)
    _next_id: int = field(default=1, init=False, repr=False)

    def __post_init__(self) -> None:
        self._by_value = {(e.kind, e.value): i for i, e in self.entries.items()}
        self._next_id = max(self.entries, default=0) + 1
        if not 0 <= self.threshold <= 256:
            raise ValueError("threshold must be 0..256 bits")
        if not 0.0 <= self.rollout <= 1.0:
            raise ValueError("rollout must be a share between 0 and 1")

    def __len__(self) -> int:
        return len(self.entries)

    def add(
        self,
        kind: SignalKind,
        value: str,
        provenance: Provenance,
        *,
        expires_at: datetime | None = None,
    ) -> BankEntry:
        """Add a fingerprint (validated); an existing identical one is returned unchanged."""
        value = parse_pdq(value) if kind == "pdq" else parse_md5(value)
        known = self._by_value.get((kind, value))
        if known is not None:
            return self.entries[known]
        entry = BankEntry(self._next_id, kind, value, provenance, expires_at=expires_at)
        self.put(entry)
        return entry

    def put(self, entry: BankEntry) -> None:
        """Store an entry as is (import, load); replaces one with the same id."""
        old = self.entries.get(entry.entry_id)
        if old is not None:
            self._by_value.pop((old.kind, old.value), None)
        self.entries[entry.entry_id] = entry
        self._by_value[(entry.kind, entry.value)] = entry.entry_id
        self._next_id = max(self._next_id, entry.entry_id + 1)

    def disable(self, entry_id: int, until: datetime | None = None) -> BankEntry:
        """Stop matching an entry, for good or until ``until``."""
        entry = replace(self.entries[entry_id], enabled=False, disabled_until=until)
        self.entries[entry_id] = entry
        return entry

    def enable(self, entry_id: int) -> BankEntry:
        entry = replace(self.entries[entry_id], enabled=True, disabled_until=None)
        self.entries[entry_id] = entry
        return entry

    def remove(self, entry_id: int) -> None:
        entry = self.entries.pop(entry_id)
        self._by_value.pop((entry.kind, entry.value), None)

    def find(self, kind: SignalKind, value: str) -> BankEntry | None:
        known = self._by_value.get((kind, value))
        return None if known is None else self.entries[known]

    def in_rollout(self, content_key: str) -> bool:
        """Whether this bank acts on a piece of content (a stable hash of bank and content)."""
        if self.rollout >= 1.0:
            return True
        digest = hashlib.sha256(f"{self.name}\0{content_key}".encode()).digest()
        return int.from_bytes(digest[:8], "big") / 2**64 < self.rollout

    def settings(self) -> dict[str, Any]:
        return {"bank": self.name, "threshold": self.threshold, "rollout": self.rollout}


def add_review_decision(
    bank: HashBank,
    kind: SignalKind,
    value: str,
    *,
    case_id: str,
    decided_at: datetime | None = None,
) -> BankEntry:
    """A reviewer confirmed this fingerprint as violating: keep it in a local bank."""
    provenance = Provenance(LOCAL_REVIEW, bank.name, decided_at or datetime.now(UTC), case_id)
    return bank.add(kind, value, provenance)


def parse_time(text: str) -> datetime:
    """An ISO 8601 time (``Z`` allowed; naive times are UTC); ``ValueError`` otherwise."""
    value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _time_or_none(text: Any) -> datetime | None:
    return parse_time(str(text)) if text else None


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None
