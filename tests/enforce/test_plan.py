"""The enforcement plan: proportionate, role-based, person-level where it must be."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from netbrake.enforce import (
    Action,
    Decision,
    EnforcementPlan,
    EnforcementRules,
    plan_enforcement,
    read_enforcement_jsonl,
    write_enforcement_jsonl,
)
from netbrake.identity import PersonLinks

World = tuple[pa.Table, PersonLinks]
Mapping = Callable[[list[dict[str, Any]]], pa.Table]
Persons = Callable[[dict[str, str], dict[str, str]], PersonLinks]
NOW = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


def _plan(world: World, **kw: bool) -> EnforcementPlan:
    return plan_enforcement(world[0], world[1], EnforcementRules(), NOW, **kw)


def _one(plan: EnforcementPlan, kind: str, subject: str) -> Decision:
    (d,) = [d for d in plan.decisions if d.subject_kind == kind and d.subject_id == subject]
    return d


def test_minor_seller_gets_safeguarding_not_a_ban(world: World) -> None:
    plan = _plan(world)
    person = _one(plan, "person", "p-s1")
    assert person.actions == (
        Action.REMOVE_CONTENT,
        Action.REPORT_CLEARINGHOUSE,
        Action.SAFEGUARD,
        Action.REQUIRE_REVIEW,
    )
    assert person.needs_human_review
    assert person.rule_id == "enforce.minor"
    assert person.reason == (
        "seller person p-s1 with one account in network 3 who states age 14: content removal, "
        "clearinghouse report, safeguarding referral and human review, no ban without review"
    )
    account = _one(plan, "account", "s1")
    assert Action.REMOVE_ACCOUNT not in account.actions
    assert account.actions == (Action.REMOVE_CONTENT, Action.REQUIRE_REVIEW)
    assert account.reason.startswith("seller in network 3 who states age 14: ")
    assert account.evidence["age_claim"] == 14


def test_no_automatic_ban_for_a_minor_even_when_a_buyer_account_is_linked(
    make_mapping: Mapping, make_persons: Persons
) -> None:
    persons = make_persons({"s1": "lily14", "x1": "lily_alt"}, {"s1": "d", "x1": "d"})
    table = make_mapping(
        [
            {"account_id": "s1", "role": "seller", "claims_minor_age": True, "age_claim": 15},
            {"account_id": "x1", "role": "buyer"},
        ]
    )
    plan = plan_enforcement(table, persons, EnforcementRules(), NOW)
    assert all(Action.REMOVE_ACCOUNT not in d.actions for d in plan.decisions)
    assert _one(plan, "person", "p-s1").rule_id == "enforce.minor"


def test_adult_buyer_person_loses_every_linked_account(world: World) -> None:
    plan = _plan(world)
    person = _one(plan, "person", "p-b1")
    assert person.actions == (Action.REMOVE_ACCOUNT, Action.REPORT_CLEARINGHOUSE)
    assert not person.needs_human_review
    assert person.reason == (
        "buyer person p-b1 with 3 linked accounts in network 3: "
        "removal of all 3 accounts and clearinghouse report"
    )
    assert sorted(person.evidence["accounts"]) == ["b1", "b2", "b3"]
    for account in ("b1", "b2", "b3"):
        d = _one(plan, "account", account)
        assert d.actions == (Action.REMOVE_ACCOUNT,)
        assert d.parent_decision_id == person.decision_id
        assert d.person_id == "p-b1"
        assert d.evidence["person_decision_id"] == person.decision_id


def test_backups_are_covered_with_their_link_evidence(world: World) -> None:
    plan = _plan(world)
    backup = _one(plan, "account", "b3")
    assert backup.role == "linked"
    assert backup.reason.startswith(
        "linked account of buyer person p-b1 (linked by device): account removal"
    )
    assert backup.evidence["links"][0]["kind"] == "device"
    assert {"b1", "b2", "b3", "s1"} <= plan.covered_accounts()


def test_watchdogs_touched_and_benign_get_nothing(world: World) -> None:
    plan = _plan(world)
    subjects = {d.subject_id for d in plan.decisions}
    assert "w1" not in subjects
    assert "t1" not in subjects


def test_full_listing_adds_explicit_none(world: World) -> None:
    plan = _plan(world, include_none=True)
    watchdog = _one(plan, "account", "w1")
    assert watchdog.actions == (Action.NONE,)
    assert not watchdog.acts
    assert "w1" not in plan.covered_accounts()


def test_lone_backup_is_restricted_and_reviewed(world: World) -> None:
    d = _one(_plan(world), "account", "k1")
    assert d.actions == (Action.RESTRICT_DISCOVERY, Action.REQUIRE_REVIEW)
    assert d.needs_human_review
    assert d.parent_decision_id is None


def test_seller_without_age_claim_needs_a_human_before_a_ban(make_mapping: Mapping) -> None:
    plan = plan_enforcement(
        make_mapping([{"account_id": "s9", "role": "seller"}]), None, EnforcementRules(), NOW
    )
    person = _one(plan, "person", "p-s9")
    assert Action.REMOVE_ACCOUNT in person.actions
    assert person.needs_human_review
    assert person.reason.endswith(", confirmed by a reviewer first")


@pytest.mark.parametrize(("score", "downgraded"), [(0.79, True), (0.8, False)])
def test_low_score_downgrades_to_review(
    score: float, downgraded: bool, make_mapping: Mapping
) -> None:
    plan = plan_enforcement(
        make_mapping([{"account_id": "x", "role": "buyer", "score": score}]),
        None,
        EnforcementRules(),
        NOW,
    )
    person = _one(plan, "person", "p-x")
    assert (person.actions == (Action.RESTRICT_DISCOVERY, Action.REQUIRE_REVIEW)) is downgraded
    assert person.needs_human_review is downgraded


def test_weakly_linked_account_gets_review_not_removal(world: World) -> None:
    table, persons = world
    weak = persons.persons.set_column(
        3,
        "link_confidence",
        pa.array(
            [
                0.5 if a == "b3" else c
                for a, c in zip(
                    persons.persons.column("account_id").to_pylist(),
                    persons.persons.column("link_confidence").to_pylist(),
                    strict=True,
                )
            ]
        ),
    )
    plan = plan_enforcement(table, replace(persons, persons=weak), EnforcementRules(), NOW)
    d = _one(plan, "account", "b3")
    assert d.actions == (Action.RESTRICT_DISCOVERY, Action.REQUIRE_REVIEW)
    assert d.needs_human_review


def test_watchdog_linked_to_a_flagged_person_is_only_reviewed(
    make_mapping: Mapping, make_persons: Persons
) -> None:
    persons = make_persons({"b1": "fox", "w1": "safety"}, {"b1": "d", "w1": "d"})
    table = make_mapping(
        [{"account_id": "b1", "role": "buyer"}, {"account_id": "w1", "role": "watchdog"}]
    )
    d = _one(plan_enforcement(table, persons, EnforcementRules(), NOW), "account", "w1")
    assert d.actions == (Action.REQUIRE_REVIEW,)
    assert d.notes


def test_plan_is_deterministic_and_round_trips_through_jsonl(world: World, tmp_path: Path) -> None:
    first, second = _plan(world), _plan(world)
    assert [d.decision_id for d in first.decisions] == [d.decision_id for d in second.decisions]
    assert len({d.decision_id for d in first.decisions}) == len(first.decisions)
    path = tmp_path / "enforcement.jsonl"
    assert write_enforcement_jsonl(first.decisions, path) == len(first.decisions)
    assert len(path.read_text().splitlines()) == len(first.decisions)
    assert read_enforcement_jsonl(path) == list(first.decisions)


def test_account_table_has_one_row_per_account_decision(world: World) -> None:
    table = _plan(world).account_table()
    rows = {r["account_id"]: r for r in table.to_pylist()}
    assert set(rows) == {"s1", "b1", "b2", "b3", "k1"}
    assert rows["b3"]["action"] == "remove_account"
    assert rows["s1"]["action"] == "remove_content"


def test_policy_version_and_rule_are_recorded(world: World) -> None:
    rules = EnforcementRules.from_mapping({}, version="2026-11-01")
    plan = plan_enforcement(world[0], world[1], rules, NOW)
    assert {d.policy_version for d in plan.decisions} == {"2026-11-01"}
    assert all(d.rule_id.startswith("enforce.") for d in plan.decisions)
    assert all(d.created_at == NOW for d in plan.decisions)
