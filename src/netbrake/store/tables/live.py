"""Live mode's event log (F9, F6): every accepted platform event, in arrival order.

An event is appended here before it is acknowledged (``event_id`` is unique,
so a retried delivery is recognised and never applied twice); rejected
events go to ``live_quarantine`` with the reason; ``live_offsets`` holds how
far each consumer has applied the log, moved in the same transaction as the
effects it records in ``live_effects`` (one row per event and effect).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from netbrake.store.tables.base import Base, UTCDateTime


class LiveEventRow(Base):
    __tablename__ = "live_events"

    offset: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(String(256), unique=True)
    kind: Mapped[str] = mapped_column(String(32))
    ts: Mapped[datetime] = mapped_column(UTCDateTime)
    payload: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(512))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)


class LiveQuarantineRow(Base):
    __tablename__ = "live_quarantine"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_id: Mapped[str | None] = mapped_column(String(256))
    source: Mapped[str] = mapped_column(String(512))
    line: Mapped[int] = mapped_column(Integer)
    field: Mapped[str | None] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(Text)
    excerpt: Mapped[str] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)


class LiveOffsetRow(Base):
    __tablename__ = "live_offsets"

    consumer: Mapped[str] = mapped_column(String(64), primary_key=True)
    offset: Mapped[int] = mapped_column(BigInteger)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class LiveEffectRow(Base):
    __tablename__ = "live_effects"
    __table_args__ = (UniqueConstraint("event_offset", "effect", "subject_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_offset: Mapped[int] = mapped_column(Integer)
    effect: Mapped[str] = mapped_column(String(32))
    subject_id: Mapped[str] = mapped_column(String(256))
    detail: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
