"""Safety invariants of any plan, on random mapping results and random person links."""

from __future__ import annotations

from datetime import UTC, datetime

import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from netbrake.enforce import Action, EnforcementRules, plan_enforcement
from netbrake.identity import PersonLinker

ROLES = ["seller", "buyer", "aggregator", "trader", "backup", "watchdog", "touched", "benign"]
NOW = datetime(2026, 11, 1, tzinfo=UTC)

accounts = st.lists(
    st.tuples(
        st.sampled_from(ROLES),
        st.floats(0, 1),
        st.one_of(st.none(), st.integers(10, 40)),
        st.integers(0, 3),
    ),
    min_size=1,
    max_size=12,
)


@settings(max_examples=150, deadline=None)
@given(accounts)
def test_plan_invariants(rows: list[tuple[str, float, int | None, int]]) -> None:
    ids = [f"a{i:02d}" for i in range(len(rows))]
    mapping = pa.table(
        {
            "account_id": ids,
            "role": [r[0] for r in rows],
            "network_id": pa.array([1] * len(rows), pa.int64()),
            "score": [r[1] for r in rows],
            "reasons": [["r"]] * len(rows),
            "age_claim": pa.array([r[2] for r in rows], pa.int64()),
        }
    )
    # The last field groups accounts into persons by a shared device.
    persons = PersonLinker().link(
        pa.table({"account_id": ids, "handle": [f"h{i}q{i * 7919}" for i in range(len(rows))]}),
        pa.table(
            {"account_id": ids, "kind": ["device"] * len(ids), "value": [f"d{r[3]}" for r in rows]}
        ),
    )
    plan = plan_enforcement(mapping, persons, EnforcementRules(), NOW)
    person_of = persons.person_of()
    minor_persons = {
        person_of[a]
        for a, r in zip(ids, rows, strict=True)
        if r[2] is not None and r[2] < 18 and r[0] not in ("watchdog", "touched", "benign")
    }
    flagged_persons = {
        person_of[a]
        for a, r in zip(ids, rows, strict=True)
        if r[0] not in ("watchdog", "touched", "benign")
    }
    role = dict(zip(ids, [r[0] for r in rows], strict=True))
    for d in plan.decisions:
        # Never an automatic ban of a person who states an age under 18.
        if d.person_id in minor_persons:
            assert Action.REMOVE_ACCOUNT not in d.actions
            if d.subject_kind == "person":
                assert Action.SAFEGUARD in d.actions
        if d.subject_kind == "account":
            # Watchdogs are only ever sent to a human; no one unlinked to a flagged person is touched.
            if role[d.subject_id] == "watchdog":
                assert d.actions == (Action.REQUIRE_REVIEW,)
            assert d.person_id in flagged_persons
        # Every decision explains itself and names its rule and policy.
        assert d.reason
        assert d.rule_id
        assert d.policy_version
    # Every account of a person with a person decision has exactly one account decision.
    for person in (d for d in plan.decisions if d.subject_kind == "person"):
        members = set(persons.accounts_of(person.subject_id))
        covered = [
            d.subject_id for d in plan.decisions if d.parent_decision_id == person.decision_id
        ]
        assert sorted(covered) == sorted(members)
