"""Mapped accounts + persons -> an enforcement plan: one explained decision per subject.

Input: the network mapping's per-account results (account_id,
role, network_id, score, reasons, and the age-claim evidence
``claims_minor_age``/``age_claim`` when present) and the persons from
identity linking. A flagged person gets one person decision; every account
linked to it gets an account decision that follows from it, so backup
accounts are covered before they are used (F6). Only flagged
accounts and their persons are turned into Python objects: a million-account
run touches a few thousand rows here.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from netbrake.enforce.actions import PERSON_ONLY, Action, ordered
from netbrake.enforce.decision import Decision, decision_id
from netbrake.enforce.plan_parts import EvidenceSource, Member, PersonView, load_members
from netbrake.enforce.reasons import account_reason, linked_reason, person_reason
from netbrake.enforce.rules import MINOR, EnforcementRules, RoleRule
from netbrake.identity import PersonLinks

#: Columns of :meth:`EnforcementPlan.account_table`.
ACCOUNT_ACTIONS_SCHEMA = pa.schema(
    [
        pa.field("account_id", pa.string(), nullable=False),
        pa.field("person_id", pa.string()),
        pa.field("action", pa.string(), nullable=False),
        pa.field("actions", pa.list_(pa.string()), nullable=False),
        pa.field("decision_id", pa.string(), nullable=False),
        pa.field("needs_human_review", pa.bool_(), nullable=False),
    ]
)


@dataclass(frozen=True)
class EnforcementPlan:
    """Decisions for every flagged person and account, persons first."""

    decisions: tuple[Decision, ...]
    policy_version: str

    def covered_accounts(self) -> set[str]:
        """Accounts with an account decision that acts."""
        return {d.subject_id for d in self.decisions if d.subject_kind == "account" and d.acts}

    def account_table(self) -> pa.Table:
        """One row per account decision: the ``action`` column of ``accounts.parquet``."""
        rows = [
            {
                "account_id": d.subject_id,
                "person_id": d.person_id,
                "action": str(d.actions[0]),
                "actions": [str(a) for a in d.actions],
                "decision_id": d.decision_id,
                "needs_human_review": d.needs_human_review,
            }
            for d in self.decisions
            if d.subject_kind == "account"
        ]
        return pa.Table.from_pylist(rows, schema=ACCOUNT_ACTIONS_SCHEMA)

    def summary(self) -> dict[str, int]:
        counts: dict[str, int] = defaultdict(int)
        for d in self.decisions:
            counts[f"{d.subject_kind}_decisions"] += 1
            counts["needs_human_review"] += d.needs_human_review
            for a in d.actions:
                counts[f"action:{a}"] += 1
        return dict(sorted(counts.items()))


def plan_enforcement(
    accounts: pa.Table,
    persons: PersonLinks | None,
    rules: EnforcementRules,
    now: datetime,
    *,
    include_none: bool = False,
    evidence: EvidenceSource | None = None,
) -> EnforcementPlan:
    """The plan for mapped ``accounts`` (see module doc) under ``rules`` at time ``now``.

    ``persons`` None treats every account as its own person. ``include_none``
    adds an explicit ``none`` decision for every other mapped account.
    ``evidence`` gives the structured evidence (docs/results.md "Evidence")
    of the accounts of flagged persons, copied into the decisions' snapshots.
    """
    acting = [r for r, rule in rules.roles.items() if set(rule.actions) != {Action.NONE}]
    flagged = accounts.filter(pc.is_in(accounts.column("role"), pa.array(acting, pa.string())))
    views = load_members(flagged, accounts, persons, evidence)
    decisions: list[Decision] = []
    covered: set[str] = set()
    for view in views:
        decisions += _person_decisions(view, rules, now, covered)
    for member in (m for v in views for m in v.flagged if m.account_id not in covered):
        rule = rules.rule_for(MINOR if member.minor else member.role)
        if rule.scope == "account" or member.minor:
            decisions += _account_only(member, rule, rules, now, covered)
    if include_none:
        for row in accounts.select(["account_id", "role"]).to_pylist():
            if row["account_id"] not in covered:
                decisions.append(_none(row["account_id"], row["role"], rules, now))
    return EnforcementPlan(tuple(decisions), rules.version)


def _decide(rule: RoleRule, score: float) -> tuple[tuple[Action, ...], bool] | None:
    if score < rule.min_score:
        return None
    if score < rule.review_below:
        return ordered(rule.downgrade_actions), True
    return ordered(rule.actions), rule.needs_human_review


def _person_decisions(
    view: PersonView, rules: EnforcementRules, now: datetime, covered: set[str]
) -> list[Decision]:
    scoped = [m for m in view.flagged if rules.rule_for(m.role).scope == "person" or m.minor]
    if not scoped:
        return []
    minor = any(m.minor for m in scoped)
    role = next(
        (r for r in rules.role_priority if any(m.role == r for m in scoped)), scoped[0].role
    )
    rule = rules.rule_for(MINOR if minor else role)
    lead = max(scoped, key=lambda m: (m.score, m.account_id))
    decided = _decide(rule, lead.score)
    if decided is None:
        return []
    actions, review = decided
    ages = [m.age for m in scoped if m.minor and m.age is not None]
    age = min(ages) if ages else None
    person = Decision(
        decision_id="",
        subject_kind="person",
        subject_id=view.person_id,
        person_id=view.person_id,
        actions=actions,
        role=role,
        reason=person_reason(
            role,
            view.person_id,
            len(view.members),
            lead.network_id,
            actions,
            minor=minor,
            age=age,
            review=review,
        ),
        rule_id=rule.rule_id,
        policy_version=rules.version,
        confidence=lead.score,
        needs_human_review=review,
        evidence=view.snapshot(),
        created_at=now,
    )
    person = _with_id(person)
    out = [person]
    account_actions = ordered(a for a in actions if a not in PERSON_ONLY)
    if account_actions == (Action.NONE,):
        account_actions = (Action.REQUIRE_REVIEW,)
    for member in view.members:
        out.append(_linked(member, person, account_actions, review, minor, age, rules, view))
        covered.add(member.account_id)
    return out


def _linked(
    member: Member,
    person: Decision,
    actions: tuple[Action, ...],
    review: bool,
    minor: bool,
    age: int | None,
    rules: EnforcementRules,
    view: PersonView,
) -> Decision:
    notes: tuple[str, ...] = ()
    person_confidence = 1.0 if person.confidence is None else person.confidence
    confidence = member.score if member.flagged else person_confidence * member.link_confidence
    if member.role == "watchdog":
        # A watchdog linked to a flagged person is a contradiction for a human, never an action.
        actions, review = (Action.REQUIRE_REVIEW,), True
        notes = ("mapped as a watchdog but linked to a flagged person: check the link",)
    elif not member.flagged and member.link_confidence < rules.min_link_confidence:
        actions, review = ordered((Action.RESTRICT_DISCOVERY, Action.REQUIRE_REVIEW)), True
    if member.flagged:
        reason = account_reason(
            member.role,
            member.network_id,
            actions,
            minor=member.minor or minor,
            age=member.age if member.minor else age,
            review=review,
        )
    else:
        reason = linked_reason(
            person.role, view.person_id, view.link_kinds(member.account_id), actions, review
        )
    decision = Decision(
        decision_id="",
        subject_kind="account",
        subject_id=member.account_id,
        person_id=view.person_id,
        actions=actions,
        role=member.role if member.flagged else "linked",
        reason=reason,
        rule_id=person.rule_id,
        policy_version=person.policy_version,
        confidence=confidence,
        needs_human_review=review,
        evidence=member.snapshot(view, person.decision_id),
        created_at=person.created_at,
        parent_decision_id=person.decision_id,
        notes=notes,
    )
    return _with_id(decision)


def _account_only(
    member: Member, rule: RoleRule, rules: EnforcementRules, now: datetime, covered: set[str]
) -> list[Decision]:
    decided = _decide(rule, member.score)
    if decided is None:
        return []
    actions, review = decided
    covered.add(member.account_id)
    reason = account_reason(
        member.role, member.network_id, actions, minor=member.minor, age=member.age, review=review
    )
    decision = Decision(
        decision_id="",
        subject_kind="account",
        subject_id=member.account_id,
        person_id=member.person_id,
        actions=actions,
        role=member.role,
        reason=reason,
        rule_id=rule.rule_id,
        policy_version=rules.version,
        confidence=member.score,
        needs_human_review=review,
        evidence=member.own_evidence(),
        created_at=now,
    )
    return [_with_id(decision)]


def _none(account_id: str, role: str, rules: EnforcementRules, now: datetime) -> Decision:
    rule = rules.rule_for(role)
    evidence: dict[str, Any] = {"role": role}
    return _with_id(
        Decision(
            decision_id="",
            subject_kind="account",
            subject_id=account_id,
            person_id=None,
            actions=(Action.NONE,),
            role=role,
            reason=f"{role}: no action (not a network member)",
            rule_id=rule.rule_id,
            policy_version=rules.version,
            confidence=1.0,
            needs_human_review=False,
            evidence=evidence,
            created_at=now,
        )
    )


def _with_id(d: Decision) -> Decision:
    return replace(
        d,
        decision_id=decision_id(
            d.subject_kind, d.subject_id, d.rule_id, d.policy_version, d.actions
        ),
    )
