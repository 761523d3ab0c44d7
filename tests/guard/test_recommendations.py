"""The recommendation guard: one row per surface rule, shadow mode, kill switch, defaults."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from netbrake.guard import GuardAction, GuardEngine
from netbrake.guard.reference import reference_filter
from netbrake.guard.settings import SURFACES

from .conftest import ACCOUNTS, policy_file

ALL = [a["account_id"] for a in ACCOUNTS]
ACCOUNT_SURFACES = ("suggested_accounts", "explore", "feed_recommendations")


@pytest.mark.parametrize("surface", ACCOUNT_SURFACES)
@pytest.mark.parametrize(
    ("viewer", "candidate", "rule"),
    [
        ("b1", "s1", "flagged"),
        ("b1", "u1", "flagged"),
        ("b1", "u2", "flagged"),
        ("b1", "u1b", "person"),
        ("b1", "r1", "high-risk"),
        ("b1", "h1", "dominated"),
        ("f1", "t1", "watchdog-contact"),
        ("b1", "b2", None),
        ("b1", "t1", None),
        ("b1", "w1", None),
        ("f1", "b2", None),
        ("b1", "nobody-known", None),
    ],
)
def test_each_account_rule_decides(
    engine: GuardEngine, surface: str, viewer: str, candidate: str, rule: str | None
) -> None:
    result = engine.filter_recommendations(viewer, [candidate], surface)
    prefix = {"feed_recommendations": "feed"}.get(surface, surface.split("_")[0])
    if rule is None:
        assert result.kept == [candidate]
        assert result.dropped == []
    else:
        assert result.kept == []
        (dropped,) = result.dropped
        assert (dropped.id, dropped.action, dropped.decided_by) == (
            candidate,
            GuardAction.DROP,
            f"{prefix}.{rule}",
        )
        assert dropped.reason
    assert result.policy_version == engine.state.policy.version


def test_flagged_adults_are_not_recommended_to_each_other(tmp_path: Path, results: Path) -> None:
    # With the per-account rules in shadow, the pair rule alone still keeps them apart.
    shadowed = "\n".join(
        f'{{ id = "suggested.{r}", when = "{w}", action = "drop", state = "shadow" }},'
        for r, w in [
            ("flagged", "flagged"),
            ("network", "network_member"),
            ("high-risk", "high_risk"),
        ]
    )
    team = policy_file(
        tmp_path,
        "[guard.surfaces.suggested_accounts]\nrules = [\n" + shadowed + "\n"
        '{ id = "suggested.pair", when = "flagged_pair", action = "drop" },\n]\n',
    )
    engine = GuardEngine(results=results, policy_path=team)
    to_member = engine.filter_recommendations("u1", ["s1", "b1"])
    assert to_member.kept == ["b1"]
    assert [d.decided_by for d in to_member.dropped] == ["suggested.pair"]
    to_benign = engine.filter_recommendations("b1", ["s1"])
    assert to_benign.kept == ["s1"]  # shadow: recorded, not applied
    assert {s.decided_by for s in to_benign.shadow} == {
        "suggested.flagged",
        "suggested.network",
        "suggested.high-risk",
    }


@pytest.mark.parametrize(
    ("via", "kept"),
    [
        (["w1"], False),  # only through the watchdog's contact (F2)
        (["s1", "u1"], False),  # only through flagged accounts
        (["w1", "b3"], True),  # also through an ordinary account
        ([], True),
    ],
)
def test_provenance_decides_contamination(engine: GuardEngine, via: list[str], kept: bool) -> None:
    result = engine.filter_recommendations("b4", ["b2"], reached_via={"b2": via})
    assert (result.kept == ["b2"]) is kept


def test_watchdog_contact_is_withheld_only_from_her_followers(engine: GuardEngine) -> None:
    assert engine.filter_recommendations("f1", ["t1"]).kept == []
    assert engine.filter_recommendations("b1", ["t1"]).kept == ["t1"]
    # A benign account she contacted carries no network evidence: still recommendable.
    assert engine.filter_recommendations("f1", ["b2"]).kept == ["b2"]


def test_kill_switch_drops_everything(tmp_path: Path, results: Path) -> None:
    team = policy_file(tmp_path, "[guard.surfaces.explore]\nkill_switch = true\n")
    engine = GuardEngine(results=results, policy_path=team)
    result = engine.filter_recommendations("b1", ["b2", "b3"], "explore")
    assert result.kept == []
    assert {d.decided_by for d in result.dropped} == {"explore.kill_switch"}
    assert engine.filter_recommendations("b1", ["b2"], "suggested_accounts").kept == ["b2"]


def test_disabled_rule_is_skipped_and_default_applies(tmp_path: Path, results: Path) -> None:
    team = policy_file(
        tmp_path,
        '[guard.surfaces.notifications]\ndefault = "downrank"\nrules = [\n'
        '{ id = "n.risk", when = "high_risk", action = "drop", state = "disabled" },\n'
        '{ id = "n.flagged", when = "flagged", action = "drop" },\n]\n',
    )
    engine = GuardEngine(results=results, policy_path=team)
    result = engine.filter_recommendations("b1", ["r1", "s1", "b2"], "notifications")
    assert result.kept == ["r1", "b2"]  # both downranked by the default, order kept
    assert [(d.id, d.decided_by) for d in result.downranked] == [
        ("r1", "notifications.default"),
        ("b2", "notifications.default"),
    ]
    assert [d.decided_by for d in result.dropped] == ["n.flagged"]


def test_downranked_candidates_go_last(tmp_path: Path, results: Path) -> None:
    team = policy_file(
        tmp_path,
        "[guard.surfaces.explore]\nrules = [\n"
        '{ id = "e.risk", when = "high_risk", action = "downrank" },\n]\n',
    )
    engine = GuardEngine(results=results, policy_path=team)
    assert engine.filter_recommendations("b1", ["r1", "b2", "b3"], "explore").kept == [
        "b2",
        "b3",
        "r1",
    ]


def test_unknown_surface_gets_the_strictest_policy(engine: GuardEngine) -> None:
    result = engine.filter_recommendations("b1", ALL, "brand_new_surface")
    assert result.surface == "unknown"
    strict = set(result.kept)
    for surface in SURFACES:
        assert strict <= set(engine.filter_recommendations("b1", ALL, surface).kept)
    assert {"s1", "u1", "u2", "u1b", "r1", "h1"}.isdisjoint(strict)


def test_alias_names_a_surface(engine: GuardEngine) -> None:
    assert engine.filter_recommendations("b1", ["s1"], "feed").surface == "feed_recommendations"


@settings(max_examples=60, deadline=None)
@given(
    viewer=st.sampled_from([*ALL, "stranger"]),
    candidates=st.lists(st.sampled_from([*ALL, "x1", "x2"]), max_size=12),
    surface=st.sampled_from([*SURFACES, "feed", "other"]),
    via=st.dictionaries(
        st.sampled_from(ALL), st.lists(st.sampled_from(ALL), max_size=3), max_size=4
    )
    | st.none(),
)
def test_fast_path_agrees_with_the_reference(
    results_engine: GuardEngine,
    viewer: str,
    candidates: list[str],
    surface: str,
    via: dict[str, list[str]] | None,
) -> None:
    fast = results_engine.filter_recommendations(viewer, candidates, surface, via)
    slow = reference_filter(results_engine.state, surface, viewer, candidates, via)
    assert fast.kept == slow.kept
    assert fast.dropped == slow.dropped
    assert fast.shadow == slow.shadow


@pytest.fixture(scope="module")
def results_engine(tmp_path_factory: pytest.TempPathFactory) -> GuardEngine:
    from .conftest import write_results

    return GuardEngine(results=write_results(tmp_path_factory.mktemp("ref")))
