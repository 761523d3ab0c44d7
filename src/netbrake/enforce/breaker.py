"""The circuit breaker: a scan that would action too much of a platform stops short.

F10, and the flood a weak-evidence cascade once produced on a
real graph (thousands of ordinary users proposed for removal, reported as
success). Whatever the data and the thresholds, a plan whose irreversible
actions (removal, clearinghouse reports) reach more than ``platform_share``
of all accounts, or more than ``network_share`` of them within one network,
is not carried out automatically: those decisions become ``require_review``,
each says why, and the summary says so in one line. ``min_accounts`` keeps
the limits meaningful on small platforms, where one real network is a few
percent of everyone.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from netbrake.enforce.actions import Action
from netbrake.enforce.decision import Decision, decision_id
from netbrake.enforce.plan import EnforcementPlan
from netbrake.enforce.rules import CircuitBreaker

#: Actions that cannot be taken back by a reviewer later: the breaker withholds these.
IRREVERSIBLE = frozenset(
    {Action.REMOVE_ACCOUNT, Action.REMOVE_CONTENT, Action.REPORT_CLEARINGHOUSE}
)


@dataclass(frozen=True)
class BreakerResult:
    """The plan to carry out, and what the breaker found (``summary.json["circuit_breaker"]``)."""

    plan: EnforcementPlan
    fired: bool
    message: str
    actioned: int
    limit: int
    network_limit: int
    largest_network: int

    def to_json(self) -> dict[str, Any]:
        return {
            "fired": self.fired,
            "message": self.message,
            "accounts_actioned": self.actioned,
            "limit": self.limit,
            "network_limit": self.network_limit,
            "largest_network_actioned": self.largest_network,
        }


def _withheld(d: Decision, why: str) -> Decision:
    kept = tuple(a for a in d.actions if a not in IRREVERSIBLE and a is not Action.NONE)
    actions = tuple(dict.fromkeys((*kept, Action.REQUIRE_REVIEW)))
    changed = replace(
        d,
        actions=actions,
        needs_human_review=True,
        notes=(*d.notes, why),
        evidence={**d.evidence, "withheld_actions": [str(a) for a in d.actions]},
    )
    return replace(
        changed,
        decision_id=decision_id(d.subject_kind, d.subject_id, d.rule_id, d.policy_version, actions),
    )


def apply_breaker(
    plan: EnforcementPlan,
    accounts: int,
    network_of: Mapping[str, int | None],
    breaker: CircuitBreaker,
) -> BreakerResult:
    """``plan`` with irreversible actions withheld when they reach the limits for ``accounts``."""
    hit = [
        d for d in plan.decisions if d.subject_kind == "account" and IRREVERSIBLE & set(d.actions)
    ]
    per_network = Counter(network_of.get(d.subject_id) for d in hit)
    per_network.pop(None, None)
    largest = max(per_network.values(), default=0)
    limit, network_limit = breaker.limits(accounts)
    if len(hit) <= limit and largest <= network_limit:
        return BreakerResult(plan, False, "", len(hit), limit, network_limit, largest)
    if len(hit) > limit:
        found = f"{len(hit)} accounts ({len(hit) / max(accounts, 1):.1%} of {accounts})"
        bound = f"the limit of {limit}"
    else:
        found = f"{largest} accounts of one network"
        bound = f"the per-network limit of {network_limit}"
    message = (
        f"circuit breaker: the plan would remove or report {found}, over {bound}; "
        "those actions are withheld and the batch goes to human review"
    )
    why = "circuit breaker fired: irreversible actions withheld for human review"
    decisions = tuple(
        _withheld(d, why) if IRREVERSIBLE & set(d.actions) else d for d in plan.decisions
    )
    return BreakerResult(
        EnforcementPlan(decisions, plan.policy_version),
        True,
        message,
        len(hit),
        limit,
        network_limit,
        largest,
    )
