"""The audit's targets on a synthetic platform: failure reproduced, guard measured."""

from __future__ import annotations

import json

import pytest
from rich.console import Console

from netbrake.audit import (
    FEED,
    SUGGESTED_ACCOUNTS,
    AuditReport,
    FlaggedSetGuard,
    HashtagIndex,
    ProbeSettings,
    TextProbes,
    audit_table,
    no_guard,
    run_audit,
)
from netbrake.audit.text_probes import normalise_tag
from netbrake.errors import InputError
from netbrake.platform import Dataset

SMALL = ProbeSettings(
    view_probes=20, follow_probes=8, watchdogs=4, followers_per_watchdog=10, utility_users=80
)


@pytest.fixture(scope="module")
def report(platform, references, oracle) -> AuditReport:
    return run_audit(platform, references, oracle, probes=SMALL, seed=11)


def test_unguarded_exposure_after_one_view_is_substantial(report):
    for name in report.recommenders:
        exposure = report.exposure("view_one_member", name, SUGGESTED_ACCOUNTS)
        assert exposure.unguarded_suggestions.value >= 0.3, (name, exposure)
        assert exposure.unguarded_accounts.value >= 0.8


def test_following_members_floods_suggestions_and_feed(report):
    for name in report.recommenders:
        for surface in (SUGGESTED_ACCOUNTS, FEED):
            assert (
                report.exposure("follow_members", name, surface, 5).unguarded_suggestions.value
                >= 0.2
            )


def test_guarded_exposure_is_zero_for_every_probe(report):
    # recommenders x (probe a + probe b at k = 1..5 on two surfaces) x (before, after takedown)
    assert len(report.exposures) == 2 * (1 + 2 * 5) * 2
    for e in report.exposures:
        assert e.guarded_suggestions.hits == 0, e
        assert e.guarded_suggestions.trials > 0, e
        assert e.guarded_accounts.hits == 0, e


def test_takedown_leaves_the_rest_of_the_network_recommendable(report):
    rebuilt = [
        report.exposure("after_takedown/view_one_member", n, SUGGESTED_ACCOUNTS)
        for n in report.recommenders
    ]
    assert any(e.unguarded_suggestions.hits > 0 for e in rebuilt)
    assert report.settings["takedown_removed"] > 0


def test_time_to_first_exposure(report):
    for t in report.time_to_exposure:
        if not t.probe.startswith("after_takedown"):
            assert t.median(t.unguarded_steps) == 1.0, t
        assert t.reached(t.guarded_steps).hits == 0
        assert t.median(t.guarded_steps) is None


def test_contamination_guarded_is_zero(report):
    assert len(report.contamination) == 2
    for c in report.contamination:
        assert c.unguarded.trials > 0
        assert c.guarded.hits == 0


def test_benign_recall_with_the_guard_keeps_95_percent(report):
    assert len(report.utility) == 2
    for u in report.utility:
        assert u.unguarded.hits > 0
        assert u.ratio is not None
        assert u.ratio >= 0.95, u


def test_same_seed_same_report_other_seed_other_targets(platform, references, oracle, report):
    again = run_audit(platform, references, oracle, probes=SMALL, seed=11)
    assert again.to_json() == report.to_json()
    other = run_audit(platform, references, oracle, probes=SMALL, seed=12)
    assert other.to_json()["exposures"] != report.to_json()["exposures"]


def test_report_is_json_and_renders_as_a_table(report):
    data = json.loads(json.dumps(report.to_json()))
    assert data["recommenders"] == ["PeopleYouMayKnow", "ItemCooccurrence"]
    assert data["exposures"][0]["unguarded"]["low"] <= data["exposures"][0]["unguarded"]["value"]
    console = Console(record=True, width=200)
    console.print(audit_table(report))
    text = console.export_text()
    assert "view_one_member" in text
    assert "recall@10" in text
    assert "contamination" in text


def test_flagged_set_guard_from_scan_results_closes_every_probe(platform, references, scan_results):
    guard = FlaggedSetGuard.from_results(scan_results)
    probes = ProbeSettings(view_probes=10, follow_probes=4, watchdogs=3, followers_per_watchdog=8,
                           utility_users=40, max_follows=2)  # fmt: skip
    result = run_audit(platform, references, guard, probes=probes, seed=5, admits=guard.admits)
    assert all(e.guarded_suggestions.hits == 0 for e in result.exposures)
    assert all(c.guarded.hits == 0 for c in result.contamination)
    assert all((u.ratio or 0.0) >= 0.95 for u in result.utility)


def test_without_a_guard_nothing_changes(platform, references):
    probes = ProbeSettings(view_probes=8, probes=("view_one_member",))
    result = run_audit(platform, references[:1], no_guard, probes=probes)
    (e,) = result.exposures
    guarded, unguarded = e.guarded_suggestions, e.unguarded_suggestions
    assert (guarded.hits, guarded.trials) == (unguarded.hits, unguarded.trials)
    # The arms' probe accounts differ by name; each is shown what its twin was.
    assert [u[1:] for u in guarded.units] == [u[1:] for u in unguarded.units]


@pytest.fixture(scope="module")
def member_tags(platform, truth) -> tuple[str, ...]:
    """Hashtags mostly posted by network members on the fixture platform."""
    index = HashtagIndex.from_posts(platform.table("posts"))
    tags = [t for t, who in index.posters.items() if 2 * sum(map(truth.is_member, who)) > len(who)]
    assert tags, "the fixture platform should plant some network hashtags"
    return tuple(sorted(tags))


@pytest.mark.parametrize(
    ("decision", "served"),
    [("block", False), ("drop", False), ("interstitial", True), ("allow", True)],
)
def test_search_probe_counts_served_queries_that_reach_members(
    platform, references, oracle, member_tags, decision, served
):
    queries = (*member_tags, "zz no such tag")
    text = TextProbes(queries, search_guard=lambda q: decision)
    result = run_audit(platform, references, oracle, probes=ProbeSettings(probes=()), text=text)
    search = result.text_surfaces[0]
    assert search.unguarded.hits == len(member_tags)
    assert search.guarded.hits == (len(member_tags) if served else 0)
    assert search.leaked.hits == (len(queries) if served else 0)
    assert result.exposures == ()


def test_autocomplete_probe_with_and_without_a_guard(platform, references, oracle, member_tags):
    probes = ProbeSettings(probes=())
    open_ = run_audit(platform, references, oracle, probes=probes, text=TextProbes(member_tags))
    complete = open_.text_surfaces[1]
    assert complete.surface == "autocomplete"
    assert complete.unguarded.hits > 0
    assert complete.guarded == complete.unguarded
    assert complete.leaked.value == 1.0
    # the prefixes of one query are one sampling unit: one unit per query typed
    assert {u for u, _, _ in complete.unguarded.units} == {normalise_tag(t) for t in member_tags}
    assert sum(n for _, _, n in complete.unguarded.units) == complete.probes
    shut = TextProbes(member_tags, autocomplete_guard=lambda prefix, completions: [])
    complete = run_audit(platform, references, oracle, probes=probes, text=shut).text_surfaces[1]
    assert complete.unguarded.hits > 0
    assert complete.guarded.hits == 0
    assert complete.leaked.hits == 0
    assert complete.leaked.trials > 0


def test_needs_ground_truth(tmp_path, platform):
    import shutil

    copy = tmp_path / "nolabels"
    shutil.copytree(platform.path, copy)
    (copy / "labels.parquet").unlink()
    with pytest.raises(InputError, match=r"the audit needs ground truth: no labels table"):
        run_audit(Dataset.open(copy), [], no_guard)


def test_every_pooled_rate_knows_its_sampling_units(report):
    """Suggestions per probe account, followers per watchdog case, follows per user (F1, F2)."""
    for e in report.exposures:
        rate, accounts = e.unguarded_suggestions, e.unguarded_accounts
        assert len(rate.units) == accounts.trials, e.probe
        assert all(unit.startswith("netbrake-probe-") for unit, _, _ in rate.units)
        assert rate.design_effect >= 1.0
    first = report.exposure("view_one_member", "PeopleYouMayKnow", SUGGESTED_ACCOUNTS)
    assert len(first.unguarded_suggestions.units) == SMALL.view_probes
    for c in report.contamination:
        assert len(c.unguarded.units) == c.watchdogs
    for u in report.utility:
        assert len(u.unguarded.units) == u.users
    doc = first.to_json()["unguarded"]
    assert doc["units"] == SMALL.view_probes
    assert doc["design_effect"] == pytest.approx(
        first.unguarded_suggestions.design_effect, abs=1e-6
    )
