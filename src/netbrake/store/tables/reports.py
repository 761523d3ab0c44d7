"""The report pipeline (F7): reports, cases, reviews, appeals.

A report is kept the moment it arrives (``report_id`` is unique, so a retried
delivery is recognised, never doubled and never lost). Duplicate reports about
one target share a case; at most one case per target is not closed.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Float, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from netbrake.store.tables.base import Base, UTCDateTime

_NOT_CLOSED = text("status <> 'closed'")


class ReportRow(Base):
    __tablename__ = "reports"
    __table_args__ = (Index("ix_reports_target", "target_kind", "target_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    report_id: Mapped[str] = mapped_column(String(128), unique=True)
    reporter_id: Mapped[str] = mapped_column(String(128))
    target_kind: Mapped[str] = mapped_column(String(16))
    target_id: Mapped[str] = mapped_column(String(256))
    reason: Mapped[str] = mapped_column(String(32))
    text: Mapped[str | None] = mapped_column(Text)
    #: When the reporter filed it (from the source), if known.
    created_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    #: The reporter's weight when the report arrived (mass reporters count less).
    weight: Mapped[float | None] = mapped_column(Float)


class CaseRow(Base):
    __tablename__ = "cases"
    __table_args__ = (
        CheckConstraint("status IN ('open', 'claimed', 'closed')", name="status"),
        Index(
            "uq_cases_open_target",
            "target_kind",
            "target_id",
            unique=True,
            sqlite_where=_NOT_CLOSED,
            postgresql_where=_NOT_CLOSED,
        ),
        Index("ix_cases_queue", "status", "priority", "sla_due_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    target_kind: Mapped[str] = mapped_column(String(16))
    target_id: Mapped[str] = mapped_column(String(256))
    #: Lower is more urgent; child safety reports get the lowest numbers.
    priority: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), default="open")
    claimed_by: Mapped[str | None] = mapped_column(String(128))
    #: A claim lapses at this instant, returning the case to the queue.
    lease_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sla_due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: The most urgent reason among the case's reports (child_safety first).
    reason: Mapped[str | None] = mapped_column(String(32))
    report_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    #: Which review the case waits for: review, second_review (four eyes), quality, escalated.
    stage: Mapped[str] = mapped_column(String(16), default="review", server_default="review")
    #: Triage (priority from network evidence and reporter reliability) ran at this instant;
    #: None while a new report waits for it.
    triaged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: A triage worker holds the case until this instant; a crashed worker's lease lapses.
    triage_lease_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class CaseReviewRow(Base):
    """A reviewer's verdict on a case; a second, different reviewer confirms (four eyes)."""

    __tablename__ = "case_reviews"
    __table_args__ = (
        CheckConstraint("verdict IN ('violation', 'no_violation', 'escalate')", name="verdict"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    reviewer: Mapped[str] = mapped_column(String(128))
    verdict: Mapped[str] = mapped_column(String(16))
    action: Mapped[str | None] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(Text)
    rule_id: Mapped[str | None] = mapped_column(String(128))
    policy_version: Mapped[str | None] = mapped_column(String(64))
    #: Set on a second review: the first review it confirms or contradicts.
    confirms_review_id: Mapped[int | None] = mapped_column(ForeignKey("case_reviews.id"))
    #: The decision this review produced, if any.
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("decisions.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class AppealRow(Base):
    __tablename__ = "appeals"
    __table_args__ = (CheckConstraint("status IN ('open', 'upheld', 'reversed')", name="status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("decisions.id"), index=True)
    appellant_id: Mapped[str] = mapped_column(String(128))
    text: Mapped[str | None] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(16), default="open")
    resolved_by: Mapped[str | None] = mapped_column(String(128))
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolution_reason: Mapped[str | None] = mapped_column(Text)


class ReporterRow(Base):
    """What the pipeline knows about a reporter: volume, track record, weight."""

    __tablename__ = "reporters"

    reporter_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    #: Multiplies the reporter's influence on priority; mass reporters drop towards 0.1.
    weight: Mapped[float] = mapped_column(Float, default=1.0)
    reports_total: Mapped[int] = mapped_column(Integer, default=0)
    upheld: Mapped[int] = mapped_column(Integer, default=0)
    rejected: Mapped[int] = mapped_column(Integer, default=0)
    mass_flagged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ReviewerRow(Base):
    """A console user: salted scrypt password hash and space-separated roles."""

    __tablename__ = "reviewers"

    username: Mapped[str] = mapped_column(String(64), primary_key=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    roles: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    disabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
