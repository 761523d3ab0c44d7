"""The append-only audit log: who did what, when and why, chained by SHA-256.

Each entry's ``hash`` covers its own canonical serialisation and the previous
entry's hash (see :mod:`netbrake.store.audit_log`), so editing, inserting or
deleting any entry breaks the chain at that ``seq``. Database triggers refuse
UPDATE and DELETE as a first line; the chain catches whoever bypasses them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from netbrake.store.tables.base import Base, UTCDateTime


class AuditEntryRow(Base):
    __tablename__ = "audit_log"

    #: 1, 2, 3, ... without gaps: assigned by the writer, not by the database.
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    ts: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    actor: Mapped[str] = mapped_column(String(128))
    action: Mapped[str] = mapped_column(String(64), index=True)
    subject_kind: Mapped[str | None] = mapped_column(String(16))
    subject_id: Mapped[str | None] = mapped_column(String(256))
    reason: Mapped[str] = mapped_column(Text)
    # Plain JSON (text on PostgreSQL, not JSONB) so the stored document is the hashed one.
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)
