"""The plan reaches the operational store (F9, F10): guards, console and live mode read one place.

When a store is configured, ``netbrake scan`` records each acting decision of
its plan as an automatic decision: the most severe action is the store's
action, and the structured evidence, rule, policy version and confidence go
with it. Manual decisions and reviewer overrides already in the store keep
their precedence (:meth:`netbrake.store.Store.effective_decision`); a decision
already active as planned is left alone, so re-recording a plan is a no-op.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from netbrake.enforce import Decision
from netbrake.store import PlannedDecision, PlanRecorded, Store, Subject

#: Who the store's audit log names as the author of a scan's decisions.
DECIDED_BY = "netbrake scan"


def planned(decisions: Iterable[Decision]) -> Iterator[PlannedDecision]:
    """The store's form of each acting decision (``none`` decisions are not recorded)."""
    for d in decisions:
        if not d.acts:
            continue
        evidence = dict(d.evidence)
        evidence["plan"] = {
            "decision_id": d.decision_id,
            "actions": [str(a) for a in d.actions],
            "person_id": d.person_id,
            "parent_decision_id": d.parent_decision_id,
            "notes": list(d.notes),
        }
        yield PlannedDecision(
            subject=Subject(d.subject_kind, d.subject_id),
            action=str(d.actions[0]),
            reason=d.reason or f"decided by rule {d.rule_id or '-'}",
            evidence=evidence,
            role=d.role or None,
            rule_id=d.rule_id or None,
            policy_version=d.policy_version or None,
            confidence=d.confidence,
            needs_human_review=d.needs_human_review,
        )


def record_plan(store: Store, decisions: Iterable[Decision]) -> PlanRecorded:
    """Record the acting decisions of a plan in ``store`` (one transaction)."""
    return store.record_plan(planned(decisions), decided_by=DECIDED_BY)
