"""The vectorised log-odds z-score agrees with the term-by-term reference (Monroe et al. 2008)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netbrake.terms import log_odds_z, reference_log_odds_z

counts = st.lists(st.tuples(st.integers(0, 500), st.integers(0, 5000)), min_size=1, max_size=40)


@given(counts, st.floats(1.0, 5000.0))
def test_fast_log_odds_agrees_with_the_reference(pairs, weight):
    # Counted terms occur somewhere; a vocabulary of one term is degenerate (it is the
    # whole corpus), so two more are added.
    pairs = [*((a, b) for a, b in pairs if a + b > 0), (1, 1), (2, 3)]
    focus = [float(a) for a, _ in pairs]
    rest = [float(b) for _, b in pairs]
    fast = log_odds_z(focus, rest, sum(focus), sum(rest), weight).tolist()
    slow = reference_log_odds_z(focus, rest, weight)
    assert fast == pytest.approx(slow, rel=1e-9, abs=1e-9)


def test_a_term_only_members_use_scores_above_one_everyone_uses():
    # 40 member uses and none outside beats a term used alike by both sides.
    z = log_odds_z([40, 50], [0, 5000], 1000, 100_000)
    assert z[0] > 3 > abs(z[1])


@pytest.mark.parametrize(
    ("focus", "rest", "sign"),
    [([30, 10], [10, 3000], 1), ([1, 39], [3000, 10], -1)],
)
def test_the_sign_says_which_side_uses_a_term_more(focus, rest, sign):
    assert math.copysign(1, log_odds_z(focus, rest, 40, 3010)[0]) == sign


def test_more_evidence_means_a_larger_z_at_the_same_ratio():
    few = log_odds_z([5], [0], 1000, 100_000)[0]
    many = log_odds_z([50], [0], 1000, 100_000)[0]
    assert many > few > 0
