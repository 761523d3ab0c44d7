"""Everything a reviewer sees about one case, read in one snapshot.

Evidence is text and numbers only: the scan's score, role, network, reasons
(which include hash-match results as text) and the linked accounts of the
same person. No media is ever read, so none can be shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from netbrake.reports.account_context import ScannedAccount, ScanResults, target_evidence
from netbrake.reports.priority import TargetEvidence
from netbrake.reports.records import CaseSummary
from netbrake.reports.review import summary
from netbrake.store import AuditEntryRow, CaseReviewRow, CaseRow, DecisionRow, ReportRow

MAX_REPORTS = 200


@dataclass(frozen=True)
class CaseFile:
    case: CaseSummary
    reports: list[dict[str, Any]]
    reviews: list[dict[str, Any]]
    decisions: list[dict[str, Any]]
    audit: list[dict[str, Any]]
    scanned: ScannedAccount | None
    evidence: TargetEvidence | None
    linked_accounts: list[ScannedAccount] = field(default_factory=list)


def _rows(session: Session, query: Any, names: tuple[str, ...]) -> list[dict[str, Any]]:
    return [dict(zip(names, row, strict=True)) for row in session.execute(query)]


def case_file(session: Session, case_id: int, results: ScanResults) -> CaseFile | None:
    case = session.get(CaseRow, case_id)
    if case is None:
        return None
    report_cols = (
        "report_id",
        "reporter_id",
        "reason",
        "text",
        "weight",
        "created_at",
        "received_at",
    )
    reports = _rows(
        session,
        select(*(getattr(ReportRow, c) for c in report_cols))
        .where(ReportRow.case_id == case_id)
        .order_by(ReportRow.id)
        .limit(MAX_REPORTS),
        report_cols,
    )
    review_cols = (
        "id",
        "reviewer",
        "verdict",
        "action",
        "reason",
        "rule_id",
        "confirms_review_id",
        "decision_id",
        "created_at",
    )
    reviews = _rows(
        session,
        select(*(getattr(CaseReviewRow, c) for c in review_cols))
        .where(CaseReviewRow.case_id == case_id)
        .order_by(CaseReviewRow.id),
        review_cols,
    )
    decision_cols = (
        "id",
        "action",
        "source",
        "decided_by",
        "reason",
        "rule_id",
        "created_at",
        "superseded_by",
    )
    decisions = _rows(
        session,
        select(*(getattr(DecisionRow, c) for c in decision_cols))
        .where(DecisionRow.case_id == case_id)
        .order_by(DecisionRow.id),
        decision_cols,
    )
    audit_cols = ("seq", "ts", "actor", "action", "reason")
    audit = _rows(
        session,
        select(*(getattr(AuditEntryRow, c) for c in audit_cols))
        .where(
            or_(
                and_(
                    AuditEntryRow.subject_kind == "case", AuditEntryRow.subject_id == str(case_id)
                ),
                and_(
                    AuditEntryRow.subject_kind == case.target_kind,
                    AuditEntryRow.subject_id == case.target_id,
                ),
            )
        )
        .order_by(AuditEntryRow.seq.desc())
        .limit(100),
        audit_cols,
    )
    scanned = results.accounts.get(case.target_id) if case.target_kind == "account" else None
    evidence = target_evidence(session, results, case.target_kind, [case.target_id]).get(
        case.target_id
    )
    person = evidence.person_id if evidence else None
    linked = [a for a in results.person_accounts(person) if a.account_id != case.target_id]
    return CaseFile(summary(case), reports, reviews, decisions, audit, scanned, evidence, linked)
