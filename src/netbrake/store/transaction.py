"""A write transaction: one session, one instant, its audit entries and state bumps.

Every write goes through a :class:`Transaction` (datasette's rule: all writes
through one writer). The store enters it holding its in-process writer lock
and the ``store_state`` row lock, so writes and the audit chain are totally
ordered, across processes too. Leaving it without an audit entry after
changing any row is a bug and raises, so that no write goes unrecorded.

The state row and the audit entries are read and written with plain SQL
statements rather than ORM objects: every transaction pays for them, and the
report writer runs hundreds of small transactions a second.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, event, insert, select, update
from sqlalchemy.orm import Session, UOWTransaction

from netbrake.store.audit_log import next_entry
from netbrake.store.records import AuditEntry
from netbrake.store.tables import AuditEntryRow, StoreStateRow

_STATE = cast(Table, StoreStateRow.__table__)
_AUDIT = cast(Table, AuditEntryRow.__table__)
_LOCK_STATE = select(_STATE.c.state_version, _STATE.c.audit_seq, _STATE.c.audit_head).where(
    _STATE.c.id == 1
)
_APPEND = insert(_AUDIT)
_COLUMNS = tuple(f.name for f in fields(AuditEntry))


class UnauditedWrite(RuntimeError):
    """A transaction changed rows but appended no audit entry (a programming error)."""


class Transaction:
    """The unit of work handed to writers: ``session``, ``now``, :meth:`audit`, :meth:`bump_state`."""

    def __init__(self, session: Session, now: datetime):
        if now.tzinfo is None:
            raise ValueError(
                f"naive datetime {now!r} from the clock: the store needs aware instants"
            )
        self.session = session
        #: One instant for the whole transaction: every row it writes carries it.
        self.now = now
        lock = _LOCK_STATE.with_for_update()
        version, seq, head = session.connection().execute(lock).one()
        self._version, self._seq, self._head = int(version), int(seq), str(head)
        self._loaded_version = self._version
        self._entries: list[AuditEntry] = []
        self._changed = False
        event.listen(session, "before_flush", self._note_changes)

    def _note_changes(self, session: Session, _flush: UOWTransaction, _instances: Any) -> None:
        if session.new or session.dirty or session.deleted:
            self._changed = True

    def audit_log(
        self,
        actor: str,
        action: str,
        reason: str,
        *,
        subject_kind: str | None = None,
        subject_id: str | None = None,
        payload: Mapping[str, Any] | None = None,
    ) -> AuditEntry:
        """Append an audit entry in this transaction (committed or rolled back with it)."""
        entry = next_entry(
            self._seq,
            self._head,
            ts=self.now,
            actor=actor,
            action=action,
            reason=reason,
            subject_kind=subject_kind,
            subject_id=subject_id,
            payload=payload,
        )
        self.session.connection().execute(_APPEND, {c: getattr(entry, c) for c in _COLUMNS})
        self._seq, self._head = entry.seq, entry.hash
        self._entries.append(entry)
        return entry

    def bump_state(self) -> int:
        """Advance ``state_version`` (once per transaction is enough for pollers)."""
        self._version += 1
        return self._version

    @property
    def state_version(self) -> int:
        return self._version

    @property
    def entries(self) -> list[AuditEntry]:
        return list(self._entries)

    def finish(self) -> None:
        """Flush, refuse to commit changes that no audit entry records, move the state row."""
        self.session.flush()
        event.remove(self.session, "before_flush", self._note_changes)
        if self._changed and not self._entries:
            raise UnauditedWrite("a store transaction changed rows without an audit entry")
        if self._entries or self._version != self._loaded_version:
            self.session.connection().execute(
                update(_STATE)
                .where(_STATE.c.id == 1)
                .values(state_version=self._version, audit_seq=self._seq, audit_head=self._head)
            )
