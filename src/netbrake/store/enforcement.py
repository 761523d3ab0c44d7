"""Decisions and overrides, and the rule that says which decision holds.

The rule (docs/architecture.md, "Policy as data"):

1. A decision is *active* until it is superseded or its ``expires_at`` passes.
   Recording a decision supersedes the subject's active decision of the same
   source, so there is at most one active manual and one active automatic
   decision per subject.
2. Manual beats automatic: an active manual decision holds whatever the
   automatic one says.
3. Conflicting manual decisions (a new manual decision whose action differs
   from the active manual one): the newest wins, and a ``decision.conflict``
   audit entry names both decisions and both reviewers, so the disagreement
   stays visible to a supervisor instead of being silently overwritten.
4. A reviewer's override ("not a violation"), while unexpired and unrevoked,
   suppresses automatic decisions on its subject (those of its rule, or of
   every rule when it names none), including ones recorded after it: the same
   automatic flag is not re-proposed. It never suppresses manual decisions;
   to reverse a manual decision, record another manual decision. Once it
   expires, the automatic decision holds again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from netbrake.errors import InputError, Location
from netbrake.store.audit_log import canonical_json
from netbrake.store.records import (
    DecisionRecord,
    EffectiveDecision,
    Override,
    PlannedDecision,
    PlanRecorded,
    Source,
    Subject,
)
from netbrake.store.tables import DecisionRow, OverrideRow
from netbrake.store.transaction import Transaction


def to_decision(row: DecisionRow) -> DecisionRecord:
    return DecisionRecord(
        id=row.id,
        subject=Subject(row.subject_kind, row.subject_id),
        action=row.action,
        source=Source(row.source),
        decided_by=row.decided_by,
        reason=row.reason,
        created_at=row.created_at,
        role=row.role,
        rule_id=row.rule_id,
        policy_version=row.policy_version,
        confidence=row.confidence,
        needs_human_review=row.needs_human_review,
        expires_at=row.expires_at,
        superseded_by=row.superseded_by,
        case_id=row.case_id,
        evidence=dict(row.evidence),
    )


def to_override(row: OverrideRow) -> Override:
    return Override(
        id=row.id,
        subject=Subject(row.subject_kind, row.subject_id),
        rule_id=row.rule_id,
        decision_id=row.decision_id,
        reason=row.reason,
        decided_by=row.decided_by,
        created_at=row.created_at,
        expires_at=row.expires_at,
        revoked_at=row.revoked_at,
    )


def _require(text: str, field: str) -> None:
    if not text or not text.strip():
        raise InputError(f"'{field}' must not be empty", Location(field=field))


def _active_decisions(session: Session, subject: Subject, now: datetime) -> list[DecisionRow]:
    """Active decisions on ``subject``, newest first."""
    query = (
        select(DecisionRow)
        .where(
            DecisionRow.subject_kind == subject.kind,
            DecisionRow.subject_id == subject.id,
            DecisionRow.superseded_by.is_(None),
            or_(DecisionRow.expires_at.is_(None), DecisionRow.expires_at > now),
        )
        .order_by(DecisionRow.created_at.desc(), DecisionRow.id.desc())
    )
    return list(session.execute(query).scalars())


def _active_overrides(session: Session, subject: Subject, now: datetime) -> list[Override]:
    query = (
        select(OverrideRow)
        .where(
            OverrideRow.subject_kind == subject.kind,
            OverrideRow.subject_id == subject.id,
            OverrideRow.revoked_at.is_(None),
            OverrideRow.expires_at > now,
        )
        .order_by(OverrideRow.created_at.desc(), OverrideRow.id.desc())
    )
    return [to_override(row) for row in session.execute(query).scalars()]


def effective_decision(session: Session, subject: Subject, now: datetime) -> EffectiveDecision:
    """The decision that holds for ``subject`` at ``now`` under the rule above."""
    active = [to_decision(row) for row in _active_decisions(session, subject, now)]
    manual = [d for d in active if d.source is Source.MANUAL]
    if manual:
        return EffectiveDecision(subject, manual[0], "manual")
    overrides = _active_overrides(session, subject, now)
    first_cover: Override | None = None
    for decision in active:
        cover = next((o for o in overrides if o.covers(decision)), None)
        if cover is None:
            return EffectiveDecision(subject, decision, "automatic")
        first_cover = first_cover or cover
    if first_cover is not None:
        return EffectiveDecision(subject, None, "override", suppressed_by=first_cover)
    return EffectiveDecision(subject, None, "none")


def record_decision(
    tx: Transaction,
    subject: Subject,
    action: str,
    *,
    source: Source,
    decided_by: str,
    reason: str,
    evidence: Mapping[str, Any],
    role: str | None = None,
    rule_id: str | None = None,
    policy_version: str | None = None,
    confidence: float | None = None,
    needs_human_review: bool = False,
    expires_at: datetime | None = None,
    case_id: int | None = None,
) -> DecisionRecord:
    """Store a decision, supersede the active one of the same source, audit, bump state."""
    source = Source(source)
    _require(action, "action")
    _require(decided_by, "decided_by")
    _require(reason, "reason")
    if confidence is not None and not 0.0 <= confidence <= 1.0:
        raise InputError(f"confidence {confidence} is outside [0, 1]", Location(field="confidence"))
    if expires_at is not None and expires_at <= tx.now:
        raise InputError(
            f"decision expires at {expires_at}, not after now", Location(field="expires_at")
        )
    previous = [
        row for row in _active_decisions(tx.session, subject, tx.now) if row.source == source
    ]
    row = DecisionRow(
        subject_kind=subject.kind,
        subject_id=subject.id,
        action=action,
        role=role,
        reason=reason,
        rule_id=rule_id,
        policy_version=policy_version,
        confidence=confidence,
        needs_human_review=needs_human_review,
        source=source.value,
        decided_by=decided_by,
        created_at=tx.now,
        expires_at=expires_at,
        case_id=case_id,
        evidence=dict(evidence),
    )
    tx.session.add(row)
    tx.session.flush()
    for old in previous:
        old.superseded_by = row.id
        if source is Source.MANUAL and old.action != action:
            tx.audit_log(
                decided_by,
                "decision.conflict",
                f"manual '{action}' by {decided_by} replaces manual '{old.action}' by {old.decided_by}",
                subject_kind=subject.kind,
                subject_id=subject.id,
                payload={
                    "kept": row.id,
                    "kept_action": action,
                    "superseded": old.id,
                    "superseded_action": old.action,
                    "superseded_decided_by": old.decided_by,
                },
            )
    decision = to_decision(row)
    suppressed = [
        o.id for o in _active_overrides(tx.session, subject, tx.now) if o.covers(decision)
    ]
    tx.audit_log(
        decided_by,
        "decision.record",
        reason,
        subject_kind=subject.kind,
        subject_id=subject.id,
        payload={
            "decision": row.id,
            "action": action,
            "source": source.value,
            "rule_id": rule_id,
            "policy_version": policy_version,
            "superseded": [old.id for old in previous],
            "suppressed_by_overrides": suppressed,
            # The evidence itself stays in the decision row; its digest here makes
            # any later edit of that snapshot detectable.
            "evidence_sha256": hashlib.sha256(canonical_json(row.evidence).encode()).hexdigest(),
        },
    )
    tx.bump_state()
    return decision


def record_override(
    tx: Transaction,
    subject: Subject,
    *,
    decided_by: str,
    reason: str,
    expires_at: datetime,
    rule_id: str | None = None,
    decision_id: int | None = None,
) -> Override:
    """Store a reviewer's "not a violation"; refuses one that has already expired."""
    _require(decided_by, "decided_by")
    _require(reason, "reason")
    if expires_at <= tx.now:
        raise InputError(
            f"override expires at {expires_at.isoformat()}, which is not after now "
            f"({tx.now.isoformat()}): an expired override would suppress nothing",
            Location(field="expires_at"),
        )
    if decision_id is not None:
        judged = tx.session.get(DecisionRow, decision_id)
        if judged is None or (judged.subject_kind, judged.subject_id) != (subject.kind, subject.id):
            raise InputError(
                f"decision {decision_id} is not a decision on {subject}",
                Location(field="decision_id"),
            )
        if judged.source != Source.AUTOMATIC:
            raise InputError(
                f"decision {decision_id} is manual: reverse it with a new manual decision",
                Location(field="decision_id"),
            )
        rule_id = rule_id if rule_id is not None else judged.rule_id
    row = OverrideRow(
        subject_kind=subject.kind,
        subject_id=subject.id,
        rule_id=rule_id,
        decision_id=decision_id,
        reason=reason,
        decided_by=decided_by,
        created_at=tx.now,
        expires_at=expires_at,
    )
    tx.session.add(row)
    tx.session.flush()
    tx.audit_log(
        decided_by,
        "override.record",
        reason,
        subject_kind=subject.kind,
        subject_id=subject.id,
        payload={
            "override": row.id,
            "rule_id": rule_id,
            "decision": decision_id,
            "expires_at": expires_at,
        },
    )
    tx.bump_state()
    return to_override(row)


def revoke_override(tx: Transaction, override_id: int, *, actor: str, reason: str) -> Override:
    _require(reason, "reason")
    row = tx.session.get(OverrideRow, override_id)
    if row is None:
        raise InputError(f"no override {override_id}", Location(field="override_id"))
    if row.revoked_at is None:
        row.revoked_at = tx.now
        tx.audit_log(
            actor,
            "override.revoke",
            reason,
            subject_kind=row.subject_kind,
            subject_id=row.subject_id,
            payload={"override": row.id},
        )
        tx.bump_state()
    return to_override(row)


def decision_history(session: Session, subject: Subject) -> list[DecisionRecord]:
    """Every decision ever recorded on ``subject``, oldest first."""
    query = (
        select(DecisionRow)
        .where(DecisionRow.subject_kind == subject.kind, DecisionRow.subject_id == subject.id)
        .order_by(DecisionRow.created_at, DecisionRow.id)
    )
    return [to_decision(row) for row in session.execute(query).scalars()]


def record_plan(
    tx: Transaction, decisions: Iterable[PlannedDecision], *, decided_by: str
) -> PlanRecorded:
    """Record a scan's acting decisions; one already active with the same action, rule and
    policy version is left as it is, so recording the same plan twice changes nothing."""
    recorded = unchanged = 0
    for planned in decisions:
        active = [
            row
            for row in _active_decisions(tx.session, planned.subject, tx.now)
            if row.source == Source.AUTOMATIC.value
        ]
        if active and (active[0].action, active[0].rule_id, active[0].policy_version) == (
            planned.action,
            planned.rule_id,
            planned.policy_version,
        ):
            unchanged += 1
            continue
        record_decision(
            tx,
            planned.subject,
            planned.action,
            source=Source.AUTOMATIC,
            decided_by=decided_by,
            reason=planned.reason,
            evidence=planned.evidence,
            role=planned.role,
            rule_id=planned.rule_id,
            policy_version=planned.policy_version,
            confidence=planned.confidence,
            needs_human_review=planned.needs_human_review,
        )
        recorded += 1
    return PlanRecorded(recorded, unchanged)
