"""Wilson intervals and rates: known answers."""

from __future__ import annotations

import pytest

from netbrake.audit import Rate, wilson


@pytest.mark.parametrize(
    ("hits", "trials", "low", "high"),
    [
        (0, 10, 0.0, 0.27753),
        (5, 10, 0.23659, 0.76341),
        (10, 10, 0.72247, 1.0),
        (1, 100, 0.00177, 0.05449),
        (0, 0, 0.0, 1.0),
    ],
)
def test_wilson_known_answers(hits, trials, low, high):
    got = wilson(hits, trials)
    assert got == pytest.approx((low, high), abs=1e-5)


def test_rate_value_sum_and_json():
    total = Rate(1, 4) + Rate(2, 6)
    assert (total.hits, total.trials, total.value) == (3, 10, 0.3)
    assert total.to_json()["low"] == pytest.approx(wilson(3, 10)[0], abs=1e-6)


@pytest.mark.parametrize(("hits", "trials"), [(-1, 3), (4, 3)])
def test_rate_rejects_impossible_counts(hits, trials):
    with pytest.raises(ValueError, match="not within"):
        Rate(hits, trials)
