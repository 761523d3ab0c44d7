"""The detection targets, asserted on every scenario planted into a real backdrop.

"In every scenario and every seed": F1 >= 0.98, <= 2% of touched users
flagged, no watchdog flagged, <= 0.5% of ordinary accounts given any action,
no network without strong evidence, and the circuit breaker fires on a flood
(a seed list that names most of the platform) and never otherwise; past the
breaker, no ordinary account is removed or reported. Each failure says by how
much; ``pytest -m detection_targets`` runs these alone.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from netbrake.scenarios import SCENARIOS, Score, evaluate, plant
from netbrake.scenarios.score import (
    MAX_ACTIONED_SHARE,
    MAX_TOUCHED_SHARE,
    MAX_WATCHDOGS,
    MIN_F1,
)

pytestmark = pytest.mark.detection_targets

SEEDS = (1, 2, 3)
NAMES = sorted(SCENARIOS)
#: Scenarios of a normal scan; the others hand the scan a flood on purpose (bad seeds).
DETECTION = sorted(n for n, s in SCENARIOS.items() if not s.expect_breaker)
FLOODS = sorted(n for n, s in SCENARIOS.items() if s.expect_breaker)


@pytest.fixture(scope="module")
def scores(backdrop, scanner, tmp_path_factory) -> Callable[[str], list[Score]]:
    """Scores per scenario, one per seed, computed on first use."""
    done: dict[str, list[Score]] = {}

    def get(name: str) -> list[Score]:
        if name not in done:
            done[name] = [
                evaluate(plant(backdrop, name, seed), tmp_path_factory.mktemp(name), scanner)
                for seed in SEEDS
            ]
        return done[name]

    return get


def _each(scores: list[Score], ok: Callable[[Score], bool], figure: Callable[[Score], str]) -> None:
    bad = [f"seed {s.seed}: {figure(s)}" for s in scores if not ok(s)]
    assert not bad, "; ".join(bad)


@pytest.mark.parametrize("name", DETECTION)
def test_membership_f1(scores, name):
    _each(
        scores(name),
        lambda s: s.f1 >= MIN_F1,
        lambda s: (
            f"F1 {s.f1:.3f} (P {s.precision:.3f}, R {s.recall:.3f}, "
            f"{s.found_members} flagged / {s.true_members} members)"
        ),
    )


@pytest.mark.parametrize("name", DETECTION)
def test_touched_users_stay_bystanders(scores, name):
    _each(
        scores(name),
        lambda s: s.touched_share <= MAX_TOUCHED_SHARE,
        lambda s: f"{s.touched_flagged}/{s.touched} touched flagged ({s.touched_share:.1%})",
    )


@pytest.mark.parametrize("name", NAMES)
def test_no_watchdog_flagged(scores, name):
    _each(
        scores(name),
        lambda s: s.watchdogs_flagged <= MAX_WATCHDOGS,
        lambda s: f"{s.watchdogs_flagged}/{s.watchdogs} watchdogs flagged or actioned",
    )


@pytest.mark.parametrize("name", DETECTION)
def test_ordinary_accounts_are_not_actioned(scores, name):
    _each(
        scores(name),
        lambda s: s.actioned_share <= MAX_ACTIONED_SHARE,
        lambda s: (
            f"{s.ordinary_actioned}/{s.ordinary} ordinary accounts actioned "
            f"({s.actioned_share:.2%})"
        ),
    )


@pytest.mark.parametrize("name", DETECTION)
def test_every_network_has_strong_evidence(scores, name):
    _each(
        scores(name),
        lambda s: s.networks_without_strong_evidence == 0,
        lambda s: (
            f"{s.networks_without_strong_evidence} of {s.networks} networks without strong evidence"
        ),
    )


@pytest.mark.parametrize("name", NAMES)
def test_circuit_breaker_fires_on_a_flood_and_only_then(scores, name):
    expected = SCENARIOS[name].expect_breaker
    _each(
        scores(name),
        lambda s: s.breaker_fired is expected,
        lambda s: (
            "summary.json has no circuit_breaker"
            if s.breaker_fired is None
            else f"breaker fired: {s.breaker_fired}, expected {expected}"
        ),
    )


@pytest.mark.parametrize("name", FLOODS)
def test_a_flood_removes_or_reports_no_ordinary_account(scores, name):
    _each(
        scores(name),
        lambda s: s.ordinary_irreversible == 0,
        lambda s: f"{s.ordinary_irreversible} ordinary accounts removed or reported",
    )


def test_guards_allow_niche_hashtags_and_ordinary_queries_after_a_scan(backdrop, scanner, tmp_path):
    """Members and ordinary users share #nba and #embroidery; ordinary queries carry common
    words of the lexicon: after a real scan of a real backdrop, the guards allow them all."""
    from netbrake.guard import GuardEngine
    from netbrake.scenarios.vocabulary import NICHE_TAGS

    scenario = plant(backdrop, "baseline", 1)
    evaluate(scenario, tmp_path, scanner)
    guard = GuardEngine(results=tmp_path / "results")
    for tag in NICHE_TAGS:
        assert guard.check_hashtag(tag).action == "allow", tag
    for query in ("book seller", "etsy seller tips", "seller fees", "pizza friday 🍕", "#nba"):
        assert guard.check_search(query).action == "allow", query
