"""Structured evidence in the plan's snapshots (docs/results.md "Evidence")."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from netbrake.enforce import EnforcementRules, plan_enforcement
from netbrake.enforce.plan_parts import union

NOW = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
H1, H2 = "a1" * 32, "b2" * 32


def _source(asked: list[list[str]]) -> Any:
    def evidence(ids: Sequence[str]) -> Mapping[str, Mapping[str, Any]]:
        asked.append(list(ids))
        return {
            "b1": {"identifier_hashes": [H1], "text_hits": [{"entry_id": "t1", "term": "x"}],
                   "graph": {"network_id": 3, "seed": True}, "handles": {"b1": "h1"}},
            "b2": {"identifier_hashes": [H1, H2], "text_hits": [],
                   "graph": {"network_id": 3, "seed": False}, "handles": {"b2": "h2"}},
        }  # fmt: skip

    return evidence


def test_snapshots_carry_each_accounts_evidence_and_the_persons_union(world: Any) -> None:
    table, persons = world
    asked: list[list[str]] = []
    plan = plan_enforcement(table, persons, EnforcementRules(), NOW, evidence=_source(asked))
    (ids,) = asked  # one lookup, for the accounts of flagged persons only
    assert {"b1", "b2", "b3"} <= set(ids)
    assert "w1" not in ids
    by = {(d.subject_kind, d.subject_id): d for d in plan.decisions}
    account = by[("account", "b2")].evidence
    assert account["identifier_hashes"] == [H1, H2]
    assert account["graph"] == {"network_id": 3, "seed": False}
    assert account["reasons"] == []  # b2 is linked, not flagged: its own evidence, no reasons
    person = by[("person", "p-b1")].evidence
    assert [m["account_id"] for m in person["flagged"]] == ["b1"]
    assert person["identifier_hashes"] == [H1]  # the flagged accounts' indicators only
    assert person["text_hits"] == [{"entry_id": "t1", "term": "x"}]
    assert "graph" not in person
    assert person["flagged"][0]["graph"] == {"network_id": 3, "seed": True}
    assert person["handles"] == {"b1": "h1"}


def test_union_joins_lists_without_repeats_and_merges_mappings() -> None:
    merged = union(
        [
            {"urls": ["u1", "u2"], "handles": {"a": "x"}, "graph": {"seed": True}},
            {"urls": ["u2", "u3"], "handles": {"b": "y"}, "media_hashes": [{"md5": "m"}]},
            {"media_hashes": [{"md5": "m"}]},
        ]
    )
    assert merged == {
        "urls": ["u1", "u2", "u3"],
        "handles": {"a": "x", "b": "y"},
        "media_hashes": [{"md5": "m"}],
    }


def test_without_a_source_snapshots_are_as_before(world: Any) -> None:
    table, persons = world
    plan = plan_enforcement(table, persons, EnforcementRules(), NOW)
    assert all("identifier_hashes" not in d.evidence for d in plan.decisions)
