"""Matching fingerprints against hash banks: the library call behind ``netbrake match``.

PDQ entries of every bank share one exact index searched at the largest bank
threshold; each hit is then held to its own bank's threshold, its entry's
state at match time (enabled, not expired) and its bank's rollout share. MD5
is an exact dictionary lookup. PDQ hashes below quality 50 are recorded, not
matched (python-threatexchange ``PdqSignal.QUALITY_THRESHOLD``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import numpy as np

from netbrake.media.fingerprint import PDQ_MIN_QUALITY, parse_md5, parse_pdq, pdq_words
from netbrake.media.hash_bank import BankEntry, HashBank, Provenance
from netbrake.media.hasher import SignalKind
from netbrake.media.match_index import MatchIndex
from netbrake.media.multi_index import MultiIndexHashIndex


@dataclass(frozen=True)
class Query:
    """A fingerprint to look up; ``content_id`` names the post/upload it came from."""

    kind: SignalKind
    value: str
    quality: int | None = None
    content_id: str | None = None


@dataclass(frozen=True)
class Match:
    """A query that matched a bank entry, with the evidence a reviewer needs."""

    query: int
    kind: SignalKind
    value: str
    bank: str
    entry_id: int
    entry_value: str
    distance: int
    provenance: Provenance

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "hash": self.value,
            "bank": self.bank,
            "entry_id": self.entry_id,
            "entry_hash": self.entry_value,
            "distance": self.distance,
            "provenance": self.provenance.to_json(),
        }


@dataclass(frozen=True)
class Skipped:
    """A query that was not matched, and why (``low_quality`` or ``invalid``)."""

    query: int
    reason: str
    detail: str


@dataclass
class MatchReport:
    matches: list[Match] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


class HashMatcher:
    """Banks compiled for matching; build once, match many batches."""

    def __init__(
        self,
        banks: Sequence[HashBank],
        *,
        index_factory: Callable[[], MatchIndex] = MultiIndexHashIndex,
        index: MatchIndex | None = None,
        min_quality: int = PDQ_MIN_QUALITY,
    ):
        """``index``: a saved index of exactly these banks' PDQ entries, in bank then entry
        order (see :meth:`BankLibrary.matcher`); built with ``index_factory`` otherwise."""
        self.banks = {b.name: b for b in banks}
        self.min_quality = min_quality
        self._pdq: list[tuple[HashBank, BankEntry]] = []
        self._md5: dict[str, list[tuple[HashBank, BankEntry]]] = {}
        for bank in banks:
            for entry in bank.entries.values():
                if entry.kind == "pdq":
                    self._pdq.append((bank, entry))
                else:
                    self._md5.setdefault(entry.value, []).append((bank, entry))
        if index is not None:
            if len(index) != len(self._pdq):
                raise ValueError("the saved index does not hold these banks' PDQ entries")
            self.index = index
        else:
            self.index = index_factory()
            if self._pdq:
                words = pdq_words([entry.value for _, entry in self._pdq])
                self.index.add(np.arange(len(self._pdq)), words)
        self.max_threshold = max((b.threshold for b in banks), default=0)

    def match(self, queries: Sequence[Query], *, at: datetime | None = None) -> MatchReport:
        """Every (query, bank entry) match that counts at time ``at`` (default now)."""
        at = at or datetime.now(UTC)
        report = MatchReport()
        pdq_pos: list[int] = []
        pdq_values: list[str] = []
        for pos, query in enumerate(queries):
            try:
                value = parse_pdq(query.value) if query.kind == "pdq" else parse_md5(query.value)
            except ValueError as exc:
                report.skipped.append(Skipped(pos, "invalid", str(exc)))
                continue
            if query.kind == "md5":
                for bank, entry in self._md5.get(value, ()):
                    if self._counts(bank, entry, query, value, 0, at):
                        report.matches.append(_match(pos, query.kind, value, bank, entry, 0))
            elif query.quality is not None and query.quality < self.min_quality:
                detail = f"PDQ quality {query.quality} < {self.min_quality}"
                report.skipped.append(Skipped(pos, "low_quality", detail))
            else:
                pdq_pos.append(pos)
                pdq_values.append(value)
        if pdq_values and self._pdq:
            hits = self.index.search(pdq_words(pdq_values), self.max_threshold)
            for qi, entry_idx, dist in hits.pairs():
                bank, entry = self._pdq[entry_idx]
                pos = pdq_pos[qi]
                if self._counts(bank, entry, queries[pos], pdq_values[qi], dist, at):
                    report.matches.append(_match(pos, "pdq", pdq_values[qi], bank, entry, dist))
        report.matches.sort(key=lambda m: (m.query, m.distance, m.bank, m.entry_id))
        return report

    def candidates(self, kind: SignalKind, value: str) -> list[tuple[HashBank, BankEntry, int]]:
        """Every bank entry within its bank's threshold of one canonical hash, whatever the
        entry's state or the bank's rollout (an index lookup, as HMA's raw lookup answers)."""
        if kind == "md5":
            return [(bank, entry, 0) for bank, entry in self._md5.get(value, ())]
        if not self._pdq:
            return []
        hits = self.index.search(pdq_words([value]), self.max_threshold)
        found = []
        for _, entry_idx, dist in hits.pairs():
            bank, entry = self._pdq[entry_idx]
            if dist <= bank.threshold:
                found.append((bank, entry, dist))
        return found

    @staticmethod
    def _counts(
        bank: HashBank, entry: BankEntry, query: Query, value: str, dist: int, at: datetime
    ) -> bool:
        return (
            dist <= bank.threshold
            and entry.active(at)
            and bank.in_rollout(query.content_id or value)
        )


def _match(
    pos: int, kind: SignalKind, value: str, bank: HashBank, entry: BankEntry, dist: int
) -> Match:
    return Match(pos, kind, value, bank.name, entry.entry_id, entry.value, dist, entry.provenance)


def match_hashes(
    queries: Sequence[Query], banks: Sequence[HashBank], *, at: datetime | None = None
) -> MatchReport:
    """One-shot form of :class:`HashMatcher`: compile the banks and match these queries."""
    return HashMatcher(banks).match(queries, at=at)
