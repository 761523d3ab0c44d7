"""Deciding a claimed case: verdict, reason, policy rule; four eyes; quality.

Stages: ``review`` (first look) -> closed, or -> ``second_review`` (a child-safety
"not a violation" against an account with network evidence), or -> ``quality``
(a random share of first decisions), or -> ``escalated`` (leads only). A second
or quality review by a different reviewer is final. A "violation" records a
manual enforcement decision in the same transaction; a final "not a violation"
after an earlier violation decision records a manual ``allow`` superseding it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from sqlalchemy import select

from netbrake.errors import InputError, Location
from netbrake.reports.account_context import ScanResults, target_evidence
from netbrake.reports.records import VERDICTS
from netbrake.reports.reporters import reliability_weight
from netbrake.reports.review import ReviewError, held, reopen
from netbrake.reports.reviewers import Reviewer
from netbrake.store import (
    CaseReviewRow,
    CaseRow,
    ReporterRow,
    ReportRow,
    Source,
    Subject,
    Transaction,
    record_decision,
)

#: Share of first decisions re-reviewed for quality.
QUALITY_SHARE = 0.05
#: Risk score from which an account counts as network evidence without a network id.
EVIDENCE_RISK = 0.5
DEFAULT_ACTION = "remove"


@dataclass(frozen=True)
class Outcome:
    """What a decision did: its review row, whether the case closed, its stage, any decision."""

    review_id: int
    case_id: int
    closed: bool
    stage: str
    decision_id: int | None


def needs_four_eyes(tx: Transaction, case: CaseRow, results: ScanResults) -> bool:
    """A child-safety case against an account that the scan or the store ties to a network."""
    if case.reason != "child_safety" or case.target_kind != "account":
        return False
    found = target_evidence(tx.session, results, "account", [case.target_id]).get(case.target_id)
    if found is None:
        return False
    return found.in_network or (found.risk_score or 0.0) >= EVIDENCE_RISK


def _pending_review(tx: Transaction, case_id: int) -> CaseReviewRow | None:
    query = (
        select(CaseReviewRow)
        .where(CaseReviewRow.case_id == case_id)
        .order_by(CaseReviewRow.id.desc())
        .limit(1)
    )
    return tx.session.execute(query).scalar_one_or_none()


def _update_reporters(tx: Transaction, case: CaseRow, upheld: bool) -> None:
    reporter_ids = set(
        tx.session.execute(
            select(ReportRow.reporter_id).where(ReportRow.case_id == case.id)
        ).scalars()
    )
    for row in tx.session.execute(
        select(ReporterRow).where(ReporterRow.reporter_id.in_(reporter_ids))
    ).scalars():
        if upheld:
            row.upheld += 1
        else:
            row.rejected += 1
        row.weight = reliability_weight(
            row.upheld, row.rejected, mass_flagged=row.mass_flagged_at is not None
        )
        row.updated_at = tx.now


def decide(
    tx: Transaction,
    reviewer: Reviewer,
    case_id: int,
    *,
    verdict: str,
    reason: str,
    rule_id: str | None,
    action: str | None = None,
    policy_version: str | None = None,
    results: ScanResults | None = None,
    quality_share: float = QUALITY_SHARE,
    rng: random.Random | None = None,
) -> Outcome:
    """Record ``reviewer``'s verdict on a case they hold and move the case on."""
    if verdict not in VERDICTS:
        raise InputError(
            f"unknown verdict '{verdict}' (expected {', '.join(VERDICTS)})",
            Location(field="verdict"),
        )
    if not reason.strip():
        raise InputError("a decision needs a reason", Location(field="reason"))
    if verdict != "escalate" and not (rule_id or "").strip():
        raise InputError("a decision needs the policy rule it applies", Location(field="rule_id"))
    case = held(tx, reviewer, case_id)
    first = case.stage in ("review", "escalated")
    previous = None if first else _pending_review(tx, case.id)
    if previous is not None and previous.reviewer == reviewer.name:
        raise ReviewError(f"case {case_id}: a second review needs a different reviewer", 409)
    actor = f"reviewer:{reviewer.name}"
    decision_id = None
    subject = Subject(case.target_kind, case.target_id)
    evidence = {"case_id": case.id, "reports": case.report_count, "verdict": verdict}
    if verdict == "violation" and not (previous is not None and previous.verdict == "violation"):
        decision_id = record_decision(
            tx,
            subject,
            action or DEFAULT_ACTION,
            source=Source.MANUAL,
            decided_by=actor,
            reason=reason,
            evidence=evidence,
            rule_id=rule_id,
            policy_version=policy_version,
            case_id=case.id,
        ).id
    elif verdict == "no_violation" and previous is not None and previous.decision_id is not None:
        decision_id = record_decision(
            tx,
            subject,
            "allow",
            source=Source.MANUAL,
            decided_by=actor,
            reason=f"second review overturned: {reason}",
            evidence=evidence,
            rule_id=rule_id,
            policy_version=policy_version,
            case_id=case.id,
        ).id
    review = CaseReviewRow(
        case_id=case.id,
        reviewer=reviewer.name,
        verdict=verdict,
        action=(action or DEFAULT_ACTION) if verdict == "violation" else None,
        reason=reason,
        rule_id=rule_id,
        policy_version=policy_version,
        confirms_review_id=None if previous is None else previous.id,
        decision_id=decision_id,
        created_at=tx.now,
    )
    tx.session.add(review)
    tx.session.flush()
    if verdict == "escalate":
        next_stage = "escalated"
    elif (
        first and verdict == "no_violation" and needs_four_eyes(tx, case, results or ScanResults())
    ):
        next_stage = "second_review"
    elif first and (rng or random.Random()).random() < quality_share:
        next_stage = "quality"
    else:
        next_stage = "closed"
    reopen(case)
    if next_stage == "closed":
        case.status = "closed"
        case.closed_at = tx.now
        _update_reporters(tx, case, upheld=verdict == "violation")
    else:
        case.stage = next_stage
    tx.audit_log(
        actor,
        f"case.{verdict}",
        reason,
        subject_kind=case.target_kind,
        subject_id=case.target_id,
        payload={
            "case_id": case.id,
            "review_id": review.id,
            "rule_id": rule_id,
            "next": next_stage,
            "decision_id": decision_id,
            "confirms_review_id": review.confirms_review_id,
        },
    )
    return Outcome(review.id, case.id, next_stage == "closed", case.stage, decision_id)
