"""`EventLog`: live events appended to the operational store before they are acknowledged.

The log answers F9 and F7's rule for reports: nothing acknowledged is lost.
:meth:`EventLog.append` validates a batch (:func:`netbrake.live.events.parse_event`),
refuses what the state cannot take (an unknown account, an update older than
the one applied, a repeated ``event_id``) and writes the accepted events, the
quarantine records and one audit entry in one transaction; only then is the
batch answered. The consumer's offset moves with the effects it records
(:meth:`EventLog.commit`), so after a SIGKILL a restart re-reads the log from
the start to rebuild memory and writes effects only past the stored offset:
nothing is lost and nothing is applied twice.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import cast

from sqlalchemy import Table, func, insert, select, update

from netbrake.home import load_secret
from netbrake.live.events import Event, Rejection, event_from_json, parse_event
from netbrake.platform import IdentifierHasher
from netbrake.store import LiveEffectRow, LiveEventRow, LiveOffsetRow, LiveQuarantineRow, Store

_EVENTS = cast(Table, LiveEventRow.__table__)
_QUARANTINE = cast(Table, LiveQuarantineRow.__table__)
_OFFSETS = cast(Table, LiveOffsetRow.__table__)
_EFFECTS = cast(Table, LiveEffectRow.__table__)
#: Events that name accounts, and the fields that must name known accounts.
ACCOUNT_FIELDS = {
    "edge": ("src", "dst"),
    "post": ("account_id",),
    "identifier": ("account_id",),
    "report": ("reporter_id",),
}


@dataclass
class AppendResult:
    """What happened to one batch: accepted offsets, repeats and refusals."""

    accepted: list[int] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
    #: The accepted events, in the order of :attr:`accepted` (not part of the answer).
    events: list[Event] = field(default_factory=list, repr=False)

    def to_dict(self) -> dict[str, object]:
        return {
            "accepted": len(self.accepted),
            "last_offset": self.accepted[-1] if self.accepted else None,
            "duplicates": len(self.duplicates),
            "quarantined": [
                {
                    "line": r.line,
                    "kind": r.kind,
                    "field": r.field,
                    "event_id": r.event_id,
                    "reason": r.reason,
                }
                for r in self.rejected
            ],
        }


@dataclass(frozen=True)
class Effect:
    """A durable consequence of one event (a person link, a membership, a suppression)."""

    offset: int
    effect: str
    subject_id: str
    detail: str


class EventLog:
    """The live event log of one store, with the facts validation needs kept in memory.

    ``hasher`` keys identifier hashes (default: the installation's secret, as ingest);
    ``known_accounts`` seeds the accounts a scan already knows;
    ``max_lateness`` bounds how far behind the newest accepted event a
    timestamp may be (F9: a late event would undo a newer takedown).
    """

    def __init__(
        self,
        store: Store,
        hasher: IdentifierHasher | None = None,
        *,
        known_accounts: Iterable[str] = (),
        max_lateness: timedelta = timedelta(hours=1),
    ):
        self.store = store
        self._hasher = hasher
        self.max_lateness = max_lateness
        self.known: set[str] = set(known_accounts)
        self._subject_ts: dict[str, datetime] = {}
        self._watermark: datetime | None = None
        self._lock = threading.Lock()
        self._load()

    @property
    def hasher(self) -> IdentifierHasher:
        """The identifier key (the installation's secret unless given), read on first use."""
        if self._hasher is None:
            self._hasher = IdentifierHasher(load_secret())
        return self._hasher

    def _load(self) -> None:
        for event in self.events(0):
            self._note(event)

    def _note(self, event: Event) -> None:
        key = _subject_key(event)
        if key is not None:
            self._subject_ts[key] = max(event.ts, self._subject_ts.get(key, event.ts))
        if event.kind == "account":
            self.known.add(event.data["account_id"])
        if self._watermark is None or event.ts > self._watermark:
            self._watermark = event.ts

    def _refuse(self, event: Event, line: int, seen: set[str]) -> Rejection | None:
        for name in ACCOUNT_FIELDS.get(event.kind, ()):
            account = event.data[name]
            if account not in self.known and account not in seen:
                return Rejection(
                    line,
                    "unknown_account",
                    f"account {account!r} is not known",
                    f"data.{name}",
                    event.event_id,
                    event.to_json()[:200],
                )
        if event.kind == "enforcement" and event.data["subject_kind"] == "account":
            account = event.data["subject_id"]
            if account not in self.known and account not in seen:
                return Rejection(
                    line,
                    "unknown_account",
                    f"account {account!r} is not known",
                    "data.subject_id",
                    event.event_id,
                    event.to_json()[:200],
                )
        key = _subject_key(event)
        last = self._subject_ts.get(key) if key is not None else None
        if last is not None and event.ts < last:
            return Rejection(
                line,
                "out_of_order",
                f"ts {event.ts.isoformat()} is older than the "
                f"last applied update of {key} ({last.isoformat()})",
                "ts",
                event.event_id,
                event.to_json()[:200],
            )
        if self._watermark is not None and event.ts < self._watermark - self.max_lateness:
            return Rejection(
                line,
                "out_of_order",
                f"ts {event.ts.isoformat()} is more than "
                f"{self.max_lateness} behind the newest event "
                f"({self._watermark.isoformat()})",
                "ts",
                event.event_id,
                event.to_json()[:200],
            )
        return None

    def append(
        self, lines: Sequence[str | bytes], source: str, first_line: int = 1
    ) -> AppendResult:
        """Validate and append one batch; returns only after it is committed."""
        result = AppendResult()
        parsed: list[tuple[int, Event]] = []
        for line, raw in enumerate(lines, start=first_line):
            if not raw.strip():
                continue
            got = parse_event(raw, line, self.hasher)
            if isinstance(got, Rejection):
                result.rejected.append(got)
            else:
                parsed.append((line, got))
        with self._lock, self.store.write() as tx:
            conn = tx.session.connection()
            ids = [e.event_id for _, e in parsed]
            stored: set[str] = set()
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                query = select(_EVENTS.c.event_id).where(_EVENTS.c.event_id.in_(chunk))
                stored.update(conn.execute(query).scalars())
            rows: list[dict[str, object]] = []
            seen: set[str] = set()
            batch_ids: set[str] = set()
            accepted: list[Event] = []
            for line, event in parsed:
                if event.event_id in stored or event.event_id in batch_ids:
                    result.duplicates.append(event.event_id)
                    result.rejected.append(
                        Rejection(
                            line,
                            "duplicate",
                            "event_id already received: kept the first copy, applied once",
                            "event_id",
                            event.event_id,
                            event.to_json()[:200],
                        )
                    )
                    continue
                refused = self._refuse(event, line, seen)
                if refused is not None:
                    result.rejected.append(refused)
                    continue
                batch_ids.add(event.event_id)
                if event.kind == "account":
                    seen.add(event.data["account_id"])
                accepted.append(event)
                rows.append(
                    {
                        "event_id": event.event_id,
                        "kind": event.kind,
                        "ts": event.ts,
                        "payload": event.to_json(),
                        "source": source[:512],
                        "received_at": tx.now,
                    }
                )
            if rows:
                conn.execute(insert(_EVENTS), rows)
                last = conn.execute(select(func.max(_EVENTS.c.offset))).scalar_one()
                result.accepted = list(range(int(last) - len(rows) + 1, int(last) + 1))
                result.events = accepted
            if result.rejected:
                conn.execute(
                    insert(_QUARANTINE),
                    [
                        {
                            "event_id": r.event_id,
                            "source": source[:512],
                            "line": r.line,
                            "field": r.field,
                            "kind": r.kind,
                            "reason": r.reason,
                            "excerpt": r.excerpt,
                            "received_at": tx.now,
                        }
                        for r in result.rejected
                    ],
                )
            if rows or result.rejected:
                tx.audit_log(
                    "live",
                    "live.append",
                    f"{len(rows)} events from {source[:200]}",
                    subject_kind="live",
                    subject_id=source[:200],
                    payload={
                        "accepted": len(rows),
                        "rejected": len(result.rejected),
                        "last_offset": result.accepted[-1] if rows else None,
                    },
                )
        for event in accepted:  # only once committed: a rolled-back batch taught nothing
            self._note(event)
        return result

    def quarantine_batch(self, source: str, reason: str, excerpt: str) -> None:
        """Record a refused whole batch (HTTP 413): one quarantine row, nothing appended."""
        with self.store.write() as tx:
            tx.session.connection().execute(
                insert(_QUARANTINE),
                [
                    {
                        "event_id": None,
                        "source": source[:512],
                        "line": 0,
                        "field": None,
                        "kind": "oversized_batch",
                        "reason": reason,
                        "excerpt": excerpt[:200],
                        "received_at": tx.now,
                    }
                ],
            )
            tx.audit_log(
                "live", "live.refuse_batch", reason, subject_kind="live", subject_id=source[:200]
            )

    def events(self, after: int, limit: int | None = None) -> Iterator[Event]:
        """Events past offset ``after`` in log order."""
        for _, event in self.events_with_offsets(after, limit):
            yield event

    def events_with_offsets(self, after: int, limit: int | None = None) -> list[tuple[int, Event]]:
        query = (
            select(_EVENTS.c.offset, _EVENTS.c.payload)
            .where(_EVENTS.c.offset > after)
            .order_by(_EVENTS.c.offset)
        )
        if limit is not None:
            query = query.limit(limit)
        with self.store.read() as session:
            rows = session.execute(query).all()
        return [(int(o), event_from_json(p)) for o, p in rows]

    def last_offset(self) -> int:
        with self.store.read() as session:
            found = session.execute(select(func.max(_EVENTS.c.offset))).scalar_one()
        return int(found or 0)

    def offset(self, consumer: str) -> int:
        """How far ``consumer`` has applied the log (0: nothing yet)."""
        with self.store.read() as session:
            query = select(_OFFSETS.c.offset).where(_OFFSETS.c.consumer == consumer)
            found = session.execute(query).scalar_one_or_none()
        return int(found or 0)

    def commit(self, consumer: str, offset: int, effects: Sequence[Effect]) -> None:
        """Move ``consumer`` to ``offset`` and record ``effects``, in one transaction."""
        with self.store.write() as tx:
            conn = tx.session.connection()
            if effects:
                conn.execute(
                    insert(_EFFECTS),
                    [
                        {
                            "event_offset": e.offset,
                            "effect": e.effect,
                            "subject_id": e.subject_id,
                            "detail": e.detail,
                            "created_at": tx.now,
                        }
                        for e in effects
                    ],
                )
            moved = conn.execute(
                update(_OFFSETS)
                .where(_OFFSETS.c.consumer == consumer)
                .values(offset=offset, updated_at=tx.now)
            ).rowcount
            if not moved:
                conn.execute(
                    insert(_OFFSETS),
                    [{"consumer": consumer, "offset": offset, "updated_at": tx.now}],
                )
            if effects:
                tx.audit_log(
                    "live",
                    "live.apply",
                    f"{len(effects)} effects up to offset {offset}",
                    subject_kind="live",
                    subject_id=consumer,
                )

    def effects(self) -> list[Effect]:
        query = select(
            _EFFECTS.c.event_offset, _EFFECTS.c.effect, _EFFECTS.c.subject_id, _EFFECTS.c.detail
        ).order_by(_EFFECTS.c.id)
        with self.store.read() as session:
            return [Effect(int(o), e, s, d) for o, e, s, d in session.execute(query)]

    def quarantine(self) -> list[dict[str, object]]:
        query = select(_QUARANTINE).order_by(_QUARANTINE.c.id)
        with self.store.read() as session:
            return [dict(r._mapping) for r in session.execute(query)]


def _subject_key(event: Event) -> str | None:
    """The entity an event replaces the state of (an update must not be older than the last)."""
    if event.kind == "account":
        return f"account:{event.data['account_id']}"
    if event.kind == "enforcement":
        return f"{event.data['subject_kind']}:{event.data['subject_id']}"
    return None
