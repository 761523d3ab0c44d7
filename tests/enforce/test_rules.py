"""EnforcementRules: defaults, loading from a policy mapping, and the safety invariants."""

from __future__ import annotations

from typing import Any

import pytest

from netbrake.enforce import Action, EnforcementRules
from netbrake.errors import InputError


def test_defaults_follow_the_roles_in_context() -> None:
    rules = EnforcementRules()
    assert Action.REMOVE_ACCOUNT not in rules.rule_for("minor").actions
    assert Action.SAFEGUARD in rules.rule_for("minor").actions
    assert rules.rule_for("buyer").scope == "person"
    for role in ("watchdog", "touched", "benign", "unknown-role"):
        assert rules.rule_for(role).actions == (Action.NONE,)


def test_from_mapping_merges_over_defaults() -> None:
    rules = EnforcementRules.from_mapping(
        {"min_link_confidence": 0.9, "roles": {"buyer": {"review_below": 0.95}}}, version="v7"
    )
    assert rules.version == "v7"
    assert rules.min_link_confidence == 0.9
    assert rules.rule_for("buyer").review_below == 0.95
    assert rules.rule_for("buyer").actions == (Action.REMOVE_ACCOUNT, Action.REPORT_CLEARINGHOUSE)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"roles": {"minor": {"actions": ["remove_account", "safeguard"]}}},
            "must not remove the account",
        ),
        ({"roles": {"minor": {"actions": ["remove_content"]}}}, "must include 'safeguard'"),
        ({"roles": {"watchdog": {"actions": ["remove_account"]}}}, "watchdogs are not members"),
        ({"roles": {"buyer": {"actions": ["ban_forever"]}}}, "enforce.roles.buyer.actions"),
        ({"roles": {"buyer": {"review_below": 2}}}, "less than or equal to 1"),
        ({"min_link_confidnce": 0.5}, "Extra inputs are not permitted"),
    ],
)
def test_bad_policy_sections_are_rejected_with_a_location(
    data: dict[str, Any], message: str
) -> None:
    with pytest.raises(InputError, match=message):
        EnforcementRules.from_mapping(data)
