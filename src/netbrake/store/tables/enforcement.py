"""Decisions, reviewer overrides, policy versions and the live-state counter.

Decisions are data: each row keeps the evidence snapshot it
was based on and the policy version and rule that produced it. Rows are never
edited except to point ``superseded_by`` at the decision that replaced them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from netbrake.store.tables.base import Base, Document, UTCDateTime

SUBJECT_KINDS = ("account", "person", "post", "hashtag", "network")
_KIND_CHECK = "subject_kind IN ({})".format(", ".join(f"'{k}'" for k in SUBJECT_KINDS))


class PolicyVersionRow(Base):
    """A policy file as loaded: decisions cite ``version`` (not a foreign key, see below)."""

    __tablename__ = "policy_versions"

    version: Mapped[str] = mapped_column(String(64), primary_key=True)
    #: SHA-256 of the TOML text, hex: proves which rules a decision was made under.
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    loaded_at: Mapped[datetime] = mapped_column(UTCDateTime)
    toml_text: Mapped[str] = mapped_column(Text)


class DecisionRow(Base):
    """One proposed or taken enforcement decision on one subject."""

    __tablename__ = "decisions"
    __table_args__ = (
        CheckConstraint(_KIND_CHECK, name="subject_kind"),
        CheckConstraint("source IN ('automatic', 'manual')", name="source"),
        Index("ix_decisions_subject", "subject_kind", "subject_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    subject_kind: Mapped[str] = mapped_column(String(16))
    subject_id: Mapped[str] = mapped_column(String(256))
    action: Mapped[str] = mapped_column(String(32))
    role: Mapped[str | None] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(Text)
    rule_id: Mapped[str | None] = mapped_column(String(128))
    # Not a foreign key on purpose: a batch scan may decide under a policy file
    # that was never loaded into this store; the version string still names it.
    policy_version: Mapped[str | None] = mapped_column(String(64))
    confidence: Mapped[float | None] = mapped_column(Float)
    needs_human_review: Mapped[bool] = mapped_column(Boolean, default=False)
    source: Mapped[str] = mapped_column(String(16))
    decided_by: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    superseded_by: Mapped[int | None] = mapped_column(ForeignKey("decisions.id"))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    evidence: Mapped[dict[str, Any]] = mapped_column(Document)


class OverrideRow(Base):
    """A reviewer's "not a violation": suppresses automatic decisions until it expires."""

    __tablename__ = "overrides"
    __table_args__ = (
        CheckConstraint(_KIND_CHECK, name="subject_kind"),
        Index("ix_overrides_subject", "subject_kind", "subject_id", "expires_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    subject_kind: Mapped[str] = mapped_column(String(16))
    subject_id: Mapped[str] = mapped_column(String(256))
    #: Only automatic decisions from this rule are suppressed; None: every rule.
    rule_id: Mapped[str | None] = mapped_column(String(128))
    #: The automatic decision the reviewer judged, when there was one.
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("decisions.id"))
    reason: Mapped[str] = mapped_column(Text)
    decided_by: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Required: F7 asks that "no violation" answers be re-checked, so none lasts forever.
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class StoreStateRow(Base):
    """The single row holding the live-state counter and the audit chain's head.

    Guards poll ``state_version`` and reload when it moves (within
    5 s of a takedown). Every writer locks this row first, which orders all
    writes, and with them the audit chain, across processes.
    """

    __tablename__ = "store_state"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    state_version: Mapped[int] = mapped_column(BigInteger, default=0)
    audit_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    audit_head: Mapped[str] = mapped_column(String(64))
