"""What enforcement acts on: networks, persons and their accounts (F6, F10).

Status and role columns hold open vocabularies (``active``, ``restricted``,
``removed``, ...; ``seller``, ``buyer``, ...) owned by the policy, so they are
plain strings rather than database enums: a new status needs no migration.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Float, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from netbrake.store.tables.base import Base, Document, UTCDateTime

ID = String(128)


class NetworkRow(Base):
    """A mapped network (cluster of accounts), as found by graph mapping."""

    __tablename__ = "networks"

    network_id: Mapped[str] = mapped_column(ID, primary_key=True)
    label: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(32), default="active")
    size: Mapped[int | None] = mapped_column(Integer)
    #: What mapping said about it (seeds, roles, density): the snapshot the status rests on.
    summary: Mapped[dict[str, Any] | None] = mapped_column(Document)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class PersonRow(Base):
    """One human behind one or more accounts; user-level enforcement acts here (F6)."""

    __tablename__ = "persons"

    person_id: Mapped[str] = mapped_column(ID, primary_key=True)
    status: Mapped[str] = mapped_column(String(32), default="active")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class AccountRow(Base):
    """An account's live enforcement state, read by the guards (F9)."""

    __tablename__ = "accounts"

    account_id: Mapped[str] = mapped_column(ID, primary_key=True)
    person_id: Mapped[str | None] = mapped_column(ForeignKey("persons.person_id"), index=True)
    network_id: Mapped[str | None] = mapped_column(ForeignKey("networks.network_id"), index=True)
    status: Mapped[str] = mapped_column(String(32), default="active", index=True)
    role: Mapped[str | None] = mapped_column(String(32))
    #: Network risk in [0, 1] from the last scan; None when never scored.
    risk_score: Mapped[float | None] = mapped_column(Float)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
