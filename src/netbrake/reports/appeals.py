"""Appeals against reviewer decisions: upheld or overturned, audited.

An appeal is resolved by someone other than the reviewer who decided; an
overturned decision is superseded by a manual ``allow`` decision, so guards
(which read the effective decision) stop acting on it at once.
"""

from __future__ import annotations

from dataclasses import dataclass

from netbrake.errors import InputError, Location
from netbrake.reports.review import ReviewError
from netbrake.reports.reviewers import Reviewer
from netbrake.store import AppealRow, DecisionRow, Source, Subject, Transaction, record_decision

OUTCOMES = {"upheld": "upheld", "overturned": "reversed"}


@dataclass(frozen=True)
class AppealResult:
    appeal_id: int
    decision_id: int
    status: str
    new_decision_id: int | None = None


def file_appeal(tx: Transaction, decision_id: int, appellant_id: str, text: str | None) -> int:
    if tx.session.get(DecisionRow, decision_id) is None:
        raise InputError(f"no decision {decision_id}", Location(field="decision_id"))
    if not appellant_id:
        raise InputError("'appellant_id' must not be empty", Location(field="appellant_id"))
    appeal = AppealRow(
        decision_id=decision_id,
        appellant_id=appellant_id,
        text=text,
        received_at=tx.now,
        status="open",
    )
    tx.session.add(appeal)
    tx.session.flush()
    tx.audit_log(
        f"appellant:{appellant_id}",
        "appeal.file",
        "appeal received",
        subject_kind="decision",
        subject_id=str(decision_id),
        payload={"appeal_id": appeal.id},
    )
    return appeal.id


def resolve_appeal(
    tx: Transaction, reviewer: Reviewer, appeal_id: int, outcome: str, reason: str
) -> AppealResult:
    if outcome not in OUTCOMES:
        raise InputError(
            f"unknown outcome '{outcome}' (expected upheld or overturned)",
            Location(field="outcome"),
        )
    if not reason.strip():
        raise InputError("a resolution needs a reason", Location(field="reason"))
    appeal = tx.session.get(AppealRow, appeal_id, with_for_update=True)
    if appeal is None:
        raise ReviewError(f"no appeal {appeal_id}", 404)
    if appeal.status != "open":
        raise ReviewError(f"appeal {appeal_id} is already {appeal.status}", 409)
    decision = tx.session.get(DecisionRow, appeal.decision_id)
    assert decision is not None  # foreign key
    actor = f"reviewer:{reviewer.name}"
    if decision.decided_by == actor:
        raise ReviewError("an appeal goes to someone other than the original reviewer", 409)
    new_id = None
    if outcome == "overturned":
        new_id = record_decision(
            tx,
            Subject(decision.subject_kind, decision.subject_id),
            "allow",
            source=Source.MANUAL,
            decided_by=actor,
            reason=f"appeal {appeal_id} overturned: {reason}",
            evidence={"appeal_id": appeal_id, "overturns": decision.id},
            case_id=decision.case_id,
        ).id
    appeal.status = OUTCOMES[outcome]
    appeal.resolved_by = reviewer.name
    appeal.resolved_at = tx.now
    appeal.resolution_reason = reason
    tx.audit_log(
        actor,
        f"appeal.{outcome}",
        reason,
        subject_kind="decision",
        subject_id=str(decision.id),
        payload={"appeal_id": appeal_id, "new_decision_id": new_id},
    )
    return AppealResult(appeal_id, decision.id, appeal.status, new_id)
