"""The fast ticket sampler draws from the same distribution as the reference binary search."""

from __future__ import annotations

import numpy as np
import pytest

from netbrake.synth.edges import EdgeBuffer, TicketSampler, WeightedSampler


def _frequencies(draws: np.ndarray, n: int) -> np.ndarray:
    return np.bincount(draws, minlength=n) / draws.shape[0]


@pytest.mark.parametrize("within_community", [False, True])
def test_ticket_sampler_agrees_with_reference(within_community):
    rng = np.random.default_rng(5)
    n, groups, draws = 300, 4, 400_000
    weight = rng.pareto(1.2, size=n) + 1.0
    weight[rng.random(n) < 0.1] = 0.0  # excluded accounts (members) are never drawn
    community = rng.integers(0, groups, size=n)
    where = rng.integers(0, groups, size=draws) if within_community else None
    fast = TicketSampler(weight, community, groups, rng).draw(rng, draws, where)
    slow = WeightedSampler(weight, community, groups).draw(rng, draws, where)
    assert not np.any(weight[fast] == 0)
    if where is not None:
        assert np.array_equal(community[fast], where)
    total_variation = np.abs(_frequencies(fast, n) - _frequencies(slow, n)).sum() / 2
    assert total_variation < 0.03


def test_edge_buffer_drops_self_loops_and_duplicates():
    buffer = EdgeBuffer()
    buffer.add([0, 1, 1, 2], [0, 2, 2, 1], 0)
    buffer.add([1], [2], 4)
    src, dst, kind = buffer.merged(3)
    assert list(zip(src.tolist(), dst.tolist(), kind.tolist(), strict=True)) == [
        (1, 2, 0),
        (1, 2, 4),
        (2, 1, 0),
    ]
