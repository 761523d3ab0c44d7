"""The SLA clock and backlog: open cases by age, breaches, throughput."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from netbrake.reports.records import queue_of
from netbrake.store import CaseReviewRow, CaseRow, ReportRow

#: Age buckets of the backlog: (label, upper bound).
BUCKETS: tuple[tuple[str, timedelta | None], ...] = (
    ("<1h", timedelta(hours=1)),
    ("1-4h", timedelta(hours=4)),
    ("4-24h", timedelta(hours=24)),
    ("1-7d", timedelta(days=7)),
    (">7d", None),
)


def _bucket(age: timedelta) -> str:
    for label, bound in BUCKETS:
        if bound is None or age < bound:
            return label
    return BUCKETS[-1][0]


@dataclass(frozen=True)
class Backlog:
    """Open cases by queue and age bucket, SLA breaches, and totals."""

    now: datetime
    open_cases: int
    by_age: dict[str, dict[str, int]]
    breached: dict[str, int]
    oldest_breaches: list[dict[str, object]]
    reports_total: int
    closed_cases: int
    decisions_by_verdict: dict[str, int]

    def to_json(self) -> dict[str, object]:
        return {
            "now": self.now.isoformat(),
            "open_cases": self.open_cases,
            "by_age": self.by_age,
            "breached": self.breached,
            "oldest_breaches": self.oldest_breaches,
            "reports_total": self.reports_total,
            "closed_cases": self.closed_cases,
            "decisions_by_verdict": self.decisions_by_verdict,
        }


def backlog(session: Session, now: datetime) -> Backlog:
    by_age = {q: {label: 0 for label, _ in BUCKETS} for q in ("child_safety", "general")}
    breached = {"child_safety": 0, "general": 0}
    oldest: list[dict[str, object]] = []
    rows = session.execute(
        select(CaseRow.id, CaseRow.reason, CaseRow.opened_at, CaseRow.sla_due_at)
        .where(CaseRow.status != "closed")
        .order_by(CaseRow.sla_due_at)
    ).all()
    for case_id, reason, opened_at, due in rows:
        queue = queue_of(reason)
        by_age[queue][_bucket(now - opened_at)] += 1
        if due <= now:
            breached[queue] += 1
            if len(oldest) < 20:
                overdue = (now - due).total_seconds()
                oldest.append({"case_id": case_id, "queue": queue, "overdue_s": round(overdue)})
    verdicts = dict(
        session.execute(
            select(CaseReviewRow.verdict, func.count()).group_by(CaseReviewRow.verdict)
        ).all()
    )
    reports_total = session.execute(select(func.count()).select_from(ReportRow)).scalar_one()
    closed = session.execute(
        select(func.count()).select_from(CaseRow).where(CaseRow.status == "closed")
    ).scalar_one()
    return Backlog(now, len(rows), by_age, breached, oldest, reports_total, closed, verdicts)
