"""Impression logs on a real graph with a planted network: written with the scenario, read by
the impression-log audit end to end (F1, F9)."""

from __future__ import annotations

from netbrake.audit import audit_impressions
from netbrake.platform import Dataset
from netbrake.scenarios import plant, with_impressions, write
from netbrake.synth import members_of


def test_a_planted_scenario_gets_an_impression_log_the_audit_reads(tiny, small_size, tmp_path):
    scenario = plant(tiny, "baseline", 3, small_size)
    logged = with_impressions(scenario, 5_000, seed=2)
    again = with_impressions(scenario, 5_000, seed=2)
    assert logged.tables["impressions"].equals(again.tables["impressions"])
    assert set(logged.tables) == set(scenario.tables) | {"impressions"}
    folder = write(logged, tmp_path / "export")
    dataset = Dataset.open(folder)
    members = members_of(logged.tables["labels"])
    audit = audit_impressions(dataset.file("impressions"), dataset, members, "labels")
    assert audit.rows == 5_000
    before, after = audit.cell("before"), audit.cell("after")
    assert before.member_impressions > after.member_impressions
    assert before.viewers_exposed > 0
