"""The review workflow: claim, decide, escalate, four eyes, quality sampling.

A claim is a lease: it lapses at ``lease_expires_at`` and the case returns to
the queue, so a reviewer who walks away never hides a case. Every write holds
the store's single writer lock, so two reviewers can never claim the same case.

A "not a violation" on a child-safety case against an account with network
evidence is not final: the case waits for a second, different reviewer
(four eyes; F7's wrongly cleared reports). A random share of all first
decisions is also sent to a second reviewer for quality. A case closes only
with a final review, so every report ends in an open case or a decided one.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from netbrake.errors import NetbrakeError
from netbrake.reports.records import CaseSummary, queue_of
from netbrake.reports.reviewers import Reviewer
from netbrake.store import CaseReviewRow, CaseRow, Transaction

CLAIM_LEASE = timedelta(minutes=15)
#: Risk score from which a scanned account counts as network evidence without a network id.
EVIDENCE_RISK = 0.5


class ReviewError(NetbrakeError):
    """A review step that is not allowed now; ``status`` is the HTTP status to answer."""

    def __init__(self, message: str, status: int):
        super().__init__(message)
        self.status = status


def summary(case: CaseRow) -> CaseSummary:
    return CaseSummary(
        id=case.id,
        target_kind=case.target_kind,
        target_id=case.target_id,
        reason=case.reason,
        priority=case.priority,
        status=case.status,
        stage=case.stage,
        claimed_by=case.claimed_by,
        lease_expires_at=case.lease_expires_at,
        report_count=case.report_count,
        opened_at=case.opened_at,
        sla_due_at=case.sla_due_at,
        closed_at=case.closed_at,
    )


def can_see(reviewer: Reviewer, case: CaseRow | CaseSummary) -> bool:
    if queue_of(case.reason) not in reviewer.queues:
        return False
    return case.stage != "escalated" or reviewer.handles_escalations or case.status == "closed"


def reviewers_of(tx: Transaction, case_id: int) -> set[str]:
    query = select(CaseReviewRow.reviewer).where(CaseReviewRow.case_id == case_id)
    return set(tx.session.execute(query).scalars())


def _claimable(tx: Transaction, reviewer: Reviewer, case: CaseRow) -> str | None:
    """Why ``reviewer`` may not claim ``case`` now, or None."""
    if not can_see(reviewer, case):
        return "not in your queues"
    if case.status == "closed":
        return "the case is closed"
    held = case.status == "claimed" and case.lease_expires_at and case.lease_expires_at > tx.now
    if held and case.claimed_by != reviewer.name:
        return f"claimed by {case.claimed_by}"
    if case.stage in ("second_review", "quality") and reviewer.name in reviewers_of(tx, case.id):
        return "a second review needs a different reviewer"
    return None


def _take(tx: Transaction, reviewer: Reviewer, case: CaseRow, lease: timedelta) -> CaseSummary:
    case.status = "claimed"
    case.claimed_by = reviewer.name
    case.lease_expires_at = tx.now + lease
    tx.audit_log(
        f"reviewer:{reviewer.name}",
        "case.claim",
        f"claimed for {case.stage}",
        subject_kind="case",
        subject_id=str(case.id),
        payload={"lease_expires_at": case.lease_expires_at},
    )
    return summary(case)


def claim(
    tx: Transaction, reviewer: Reviewer, case_id: int, *, lease: timedelta = CLAIM_LEASE
) -> CaseSummary:
    case = tx.session.get(CaseRow, case_id, with_for_update=True)
    if case is None:
        raise ReviewError(f"no case {case_id}", 404)
    problem = _claimable(tx, reviewer, case)
    if problem is not None:
        raise ReviewError(
            f"case {case_id}: {problem}", 403 if problem == "not in your queues" else 409
        )
    return _take(tx, reviewer, case, lease)


def claim_next(
    tx: Transaction, reviewer: Reviewer, *, lease: timedelta = CLAIM_LEASE
) -> CaseSummary | None:
    """The most urgent case this reviewer may take, claimed; None when the queues are empty."""
    query = (
        select(CaseRow)
        .where(CaseRow.status != "closed")
        .order_by(CaseRow.priority, CaseRow.sla_due_at, CaseRow.id)
        .limit(500)
    )
    for case in tx.session.execute(query).scalars():
        if _claimable(tx, reviewer, case) is None:
            return _take(tx, reviewer, case, lease)
    return None


def release(tx: Transaction, reviewer: Reviewer, case_id: int) -> None:
    case = held(tx, reviewer, case_id)
    reopen(case)
    tx.audit_log(
        f"reviewer:{reviewer.name}",
        "case.release",
        "returned to the queue",
        subject_kind="case",
        subject_id=str(case_id),
    )


def held(tx: Transaction, reviewer: Reviewer, case_id: int) -> CaseRow:
    case = tx.session.get(CaseRow, case_id, with_for_update=True)
    if case is None:
        raise ReviewError(f"no case {case_id}", 404)
    if not can_see(reviewer, case):
        raise ReviewError(f"case {case_id}: not in your queues", 403)
    if case.status != "claimed" or case.claimed_by != reviewer.name:
        raise ReviewError(f"case {case_id}: claim it first", 409)
    if case.lease_expires_at is None or case.lease_expires_at <= tx.now:
        raise ReviewError(f"case {case_id}: your claim expired; claim it again", 409)
    return case


def reopen(case: CaseRow) -> None:
    case.status = "open"
    case.claimed_by = None
    case.lease_expires_at = None
