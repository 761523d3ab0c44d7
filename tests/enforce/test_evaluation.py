"""Evasion coverage: share of labelled backups of actioned persons that the plan covers."""

from __future__ import annotations

from datetime import UTC, datetime

import pyarrow as pa
import pytest

from netbrake.enforce import EnforcementRules, evasion_coverage, plan_enforcement
from netbrake.identity import PersonLinks

NOW = datetime(2026, 11, 1, tzinfo=UTC)


def test_coverage_counts_backups_of_actioned_persons(world: tuple[pa.Table, PersonLinks]) -> None:
    plan = plan_enforcement(world[0], world[1], EnforcementRules(), NOW)
    labels = pa.table(
        {
            "account_id": ["b1", "b2", "b3", "s1", "x9", "w1", "q1"],
            "role": ["buyer", "backup", "backup", "seller", "backup", "watchdog", "backup"],
            # x9 is a backup of s1's person that linking missed; q1's person was never actioned.
            "person_id": ["P1", "P1", "P1", "P2", "P2", "P3", "P4"],
        }
    )
    coverage = evasion_coverage(plan.decisions, labels)
    assert (coverage.backups, coverage.backups_of_actioned_persons, coverage.covered) == (4, 3, 2)
    assert coverage.share == pytest.approx(2 / 3)
    assert coverage.to_json()["share"] == pytest.approx(2 / 3)


def test_no_actioned_person_means_full_coverage() -> None:
    labels = pa.table({"account_id": ["a"], "role": ["backup"], "person_id": ["P"]})
    assert evasion_coverage([], labels).share == 1.0
