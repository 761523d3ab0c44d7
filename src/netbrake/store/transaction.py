"""A write transaction: one session, one instant, its audit entries and state bumps.

Every write goes through a :class:`Transaction` (datasette's rule: all writes
through one writer). The store enters it holding its in-process writer lock
and the ``store_state`` row lock, so writes and the audit chain are totally
ordered, across processes too. Leaving it without an audit entry after
changing any row is a bug and raises, so that no write goes unrecorded.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session, UOWTransaction

from netbrake.store.audit import append_entry, to_entry
from netbrake.store.records import AuditEntry
from netbrake.store.tables import AuditEntryRow, StoreStateRow

_BOOKKEEPING = (AuditEntryRow, StoreStateRow)


class UnauditedWrite(RuntimeError):
    """A transaction changed rows but appended no audit entry (a programming error)."""


class Transaction:
    """The unit of work handed to writers: ``session``, ``now``, :meth:`audit`, :meth:`bump_state`."""

    def __init__(self, session: Session, state: StoreStateRow, now: datetime):
        if now.tzinfo is None:
            raise ValueError(
                f"naive datetime {now!r} from the clock: the store needs aware instants"
            )
        self.session = session
        #: One instant for the whole transaction: every row it writes carries it.
        self.now = now
        self._state = state
        self._entries: list[AuditEntry] = []
        self._changed = False
        event.listen(session, "before_flush", self._note_changes)

    def _note_changes(self, session: Session, _flush: UOWTransaction, _instances: Any) -> None:
        touched = [*session.new, *session.dirty, *session.deleted]
        if any(not isinstance(obj, _BOOKKEEPING) for obj in touched):
            self._changed = True

    def audit(
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
        row = append_entry(
            self.session,
            self._state,
            ts=self.now,
            actor=actor,
            action=action,
            reason=reason,
            subject_kind=subject_kind,
            subject_id=subject_id,
            payload=payload,
        )
        entry = to_entry(row)
        self._entries.append(entry)
        return entry

    def bump_state(self) -> int:
        """Advance ``state_version`` (once per transaction is enough for pollers)."""
        self._state.state_version += 1
        return self._state.state_version

    @property
    def state_version(self) -> int:
        return self._state.state_version

    @property
    def entries(self) -> list[AuditEntry]:
        return list(self._entries)

    def finish(self) -> None:
        """Flush, and refuse to commit changes that no audit entry records."""
        self.session.flush()
        event.remove(self.session, "before_flush", self._note_changes)
        if self._changed and not self._entries:
            raise UnauditedWrite("a store transaction changed rows without an audit entry")
