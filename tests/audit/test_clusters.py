"""Cluster-robust intervals: a probe account's suggestions are one sampling unit (F1, F9).

The simulations draw clustered suggestions (each probe account has its own
member propensity, so its ``n`` suggestions go together) many times from a
seed and count how often each interval holds the true share: the
independent-trials interval falls well short of 95%, the one over probe
accounts does not.
"""

from __future__ import annotations

import numpy as np
import pytest

from netbrake.audit import Estimate, Rate, wilson
from netbrake.audit.clusters import design_effect, ratio_variance

SHARE = 0.3  # mean of Beta(0.6, 1.4): intra-probe correlation 1/3, design effect 1 + 9/3 = 4
PROBES, N = 40, 10


def _clustered_hits(rng: np.random.Generator) -> np.ndarray:
    return rng.binomial(N, rng.beta(0.6, 1.4, PROBES))


def test_all_or_nothing_probes_have_the_largest_design_effect() -> None:
    # Every probe shown only members or none: m units carry the information of m trials.
    units = [(10.0, 10)] * 3 + [(0.0, 10)] * 7
    assert design_effect(units) == pytest.approx(10 * 10 / 9)
    assert ratio_variance(units) == pytest.approx(0.3 * 0.7 / 9)


@pytest.mark.parametrize(
    "units",
    [
        [(0.0, 10)] * 5,  # no hits: nothing tells the probes apart
        [(10.0, 10)] * 5,
        [(3.0, 10)],  # one unit
        [(3.0, 10)] * 6,  # exactly alike: less varied than independent trials
    ],
)
def test_the_design_effect_is_one_when_it_cannot_be_estimated_or_would_narrow(units) -> None:
    assert design_effect(units) == 1.0


def test_the_independent_trials_interval_undercovers_clustered_suggestions() -> None:
    rng = np.random.default_rng(20261207)
    clustered = independent = 0
    widths = []
    runs = 1000
    for _ in range(runs):
        hits = _clustered_hits(rng)
        rate = Rate.of_units((f"probe-{i}", int(h), N) for i, h in enumerate(hits))
        low, high = rate.interval
        clustered += low <= SHARE <= high
        widths.append(high - low)
        low, high = wilson(rate.hits, rate.trials)
        independent += low <= SHARE <= high
    assert 0.92 <= clustered / runs <= 0.98, clustered
    assert independent / runs < 0.75, independent
    # About twice as wide: sqrt of the design effect of 4, not absurdly more.
    assert np.mean(widths) < 0.2


def test_the_sampled_truth_estimate_covers_clustered_suggestions() -> None:
    """Clustered probes and a member sample (each member in with probability 0.8)."""
    rng = np.random.default_rng(7)
    members, f, runs = 1000, 0.8, 400
    clustered = independent = 0
    for _ in range(runs):
        sampled = rng.random(members) < f
        counts = np.zeros(members, dtype=int)
        units = []
        for h in _clustered_hits(rng):
            shown = rng.choice(members, int(h), replace=False)
            counts[shown] += 1
            units.append((int(sampled[shown].sum()), N))
        member_hits = [int(c) for c in counts[sampled] if c]
        clustered += Estimate.of(member_hits, PROBES * N, f, units).covers(SHARE)
        independent += Estimate.of(member_hits, PROBES * N, f).covers(SHARE)
    assert clustered / runs >= 0.93, clustered
    assert independent / runs < 0.9, independent


def test_units_pool_by_name_and_show_in_the_json() -> None:
    a = Rate.of_units([("p1", 3, 10), ("p2", 0, 10)])
    b = Rate.of_units([("p1", 2, 10), ("p3", 10, 10)])
    total = a + b
    assert (total.hits, total.trials) == (15, 40)
    assert total.units == (("p1", 5, 20), ("p2", 0, 10), ("p3", 10, 10))
    assert Rate(0, 0) + a == a
    assert (a + Rate(1, 5)).units == ()  # independent trials cannot be keyed
    doc = total.to_json()
    assert doc["units"] == 3
    assert doc["design_effect"] == pytest.approx(total.design_effect, abs=1e-6)
    assert total.design_effect > 1.0
    assert set(Rate(3, 10).to_json()) == {"hits", "trials", "value", "low", "high"}
    # Clustering never narrows the interval.
    low, high = total.interval
    plain = wilson(15, 40)
    assert low <= plain[0]
    assert high >= plain[1]


def test_units_must_add_up() -> None:
    with pytest.raises(ValueError, match="do not add up"):
        Rate(3, 10, (("p1", 2, 10),))
    with pytest.raises(ValueError, match=r"unit p1: hits 4 not within 0\.\.3"):
        Rate.of_units([("p1", 4, 3), ("p2", 0, 10)])
