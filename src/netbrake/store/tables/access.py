"""API keys for the service: only a hash of each key is stored, never the key."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from netbrake.store.tables.base import Base, UTCDateTime


class ApiKeyRow(Base):
    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    #: The public part of the key (``nbk_<key_id>_...``), used to find the row.
    key_id: Mapped[str] = mapped_column(String(32), unique=True)
    #: SHA-256 of the whole key, hex. Keys carry 256 random bits, so a slow KDF adds nothing.
    key_hash: Mapped[str] = mapped_column(String(64))
    #: Space-separated scopes: guard, review, admin.
    scopes: Mapped[str] = mapped_column(String(200))
    label: Mapped[str] = mapped_column(String(200), default="")
    created_by: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
