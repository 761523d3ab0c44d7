"""Manual decisions beat automatic ones; an unexpired "not a violation" suppresses them.

Decisions are data (docs/results.md "Decisions"). Pure functions: the
store persists manual decisions and overrides; this layer only resolves them
against a freshly proposed plan, so a re-scan never silently undoes a
reviewer. Rules:

- the newest manual decision on a subject replaces every automatic decision on
  it (and the account decisions that followed from a replaced person decision);
  older conflicting manual decisions are named in ``notes`` and the result is
  flagged for review;
- an active override (created, not revoked, not expired) turns a matching
  automatic decision into an explicit ``none`` that says why; an expired one
  does nothing;
- manual decisions are not touched by overrides: both come from reviewers, and
  the manual decision is the more specific.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from netbrake.enforce.actions import PERSON_ONLY, Action, ordered
from netbrake.enforce.decision import Decision, ManualDecision, Override, decision_id

Subject = tuple[str, str]


def _manual_decision(
    chosen: ManualDecision, older: list[ManualDecision], base: Decision | None
) -> Decision:
    actions = ordered(chosen.actions)
    notes: tuple[str, ...] = ()
    conflicting = [m for m in older if ordered(m.actions) != actions]
    if conflicting:
        notes = tuple(
            f"conflict: {m.decided_by} decided {','.join(ordered(m.actions))} at "
            f"{m.created_at.isoformat()}; the newer decision by {chosen.decided_by} wins"
            for m in conflicting
        )
    rule_id = "manual"
    return Decision(
        decision_id=decision_id(
            chosen.subject_kind, chosen.subject_id, rule_id, chosen.created_at.isoformat(), actions
        ),
        subject_kind=chosen.subject_kind,
        subject_id=chosen.subject_id,
        person_id=base.person_id
        if base
        else (chosen.subject_id if chosen.subject_kind == "person" else None),
        actions=actions,
        role=base.role if base else "manual",
        reason=f"manual decision by {chosen.decided_by}: {chosen.reason}",
        rule_id=rule_id,
        policy_version=base.policy_version if base else "",
        confidence=1.0,
        needs_human_review=bool(conflicting),
        evidence={
            "decided_by": chosen.decided_by,
            "manual_reason": chosen.reason,
            "replaced_decision_id": base.decision_id if base else None,
            "automatic_evidence": dict(base.evidence) if base else None,
        },
        created_at=chosen.created_at,
        source="manual",
        notes=notes,
    )


def _follow(child: Decision, parent: Decision) -> Decision:
    """An account decision re-derived from a replaced person decision."""
    actions = ordered(a for a in parent.actions if a not in PERSON_ONLY)
    if actions == (Action.NONE,) and parent.acts:
        actions = (Action.REQUIRE_REVIEW,)
    return replace(
        child,
        decision_id=decision_id(
            "account", child.subject_id, parent.rule_id, parent.policy_version, actions
        ),
        actions=actions,
        reason=f"linked account covered by {parent.source} decision {parent.decision_id} on person {parent.subject_id}",
        rule_id=parent.rule_id,
        source=parent.source,
        parent_decision_id=parent.decision_id,
        needs_human_review=parent.needs_human_review,
        evidence={**child.evidence, "replaced_decision_id": child.decision_id},
    )


def _suppress(d: Decision, override: Override) -> Decision:
    until = override.expires_at.isoformat()
    return replace(
        d,
        decision_id=decision_id(
            d.subject_kind, d.subject_id, d.rule_id, d.policy_version, (Action.NONE,)
        ),
        actions=(Action.NONE,),
        reason=(
            f"suppressed until {until}: {override.decided_by} judged not a violation "
            f"({override.reason}); the automatic proposal was: {d.reason}"
        ),
        source="override",
        needs_human_review=False,
        evidence={
            **d.evidence,
            "suppressed_decision_id": d.decision_id,
            "suppressed_actions": [str(a) for a in d.actions],
            "override": {
                "decided_by": override.decided_by,
                "reason": override.reason,
                "created_at": override.created_at.isoformat(),
                "expires_at": until,
                "rule_id": override.rule_id,
            },
        },
    )


def apply_overrides(
    proposed: Sequence[Decision],
    manual: Sequence[ManualDecision],
    overrides: Sequence[Override],
    now: datetime,
) -> list[Decision]:
    """The plan after reviewers: see the module doc for the rules."""
    manual_by: dict[Subject, list[ManualDecision]] = defaultdict(list)
    for m in manual:
        if m.created_at <= now:
            manual_by[(m.subject_kind, m.subject_id)].append(m)
    active: dict[Subject, list[Override]] = defaultdict(list)
    for o in overrides:
        if o.active(now):
            active[(o.subject_kind, o.subject_id)].append(o)
    by_subject: dict[Subject, Decision] = {(d.subject_kind, d.subject_id): d for d in proposed}
    resolved: dict[Subject, Decision] = {}
    for subject, entries in sorted(manual_by.items()):
        entries.sort(key=lambda m: (m.created_at, m.decided_by, tuple(m.actions)))
        resolved[subject] = _manual_decision(entries[-1], entries[:-1], by_subject.get(subject))

    replaced: dict[str, Decision] = {}
    out: list[Decision] = []
    # Persons first, so an account decision can follow its (replaced) person decision.
    for d in sorted(proposed, key=lambda d: d.subject_kind != "person"):
        subject = (d.subject_kind, d.subject_id)
        parent = replaced.get(d.parent_decision_id or "")
        if subject in resolved:
            out.append(resolved.pop(subject))
            replaced[d.decision_id] = out[-1]
        elif parent is not None:
            out.append(_follow(d, parent))
            replaced[d.decision_id] = out[-1]
        elif match := next((o for o in active[subject] if o.rule_id in (None, d.rule_id)), None):
            out.append(_suppress(d, match))
            replaced[d.decision_id] = out[-1]
        else:
            out.append(d)
    out.extend(resolved.values())
    return out
