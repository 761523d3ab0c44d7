"""Dense-subgraph peeling: the heap agrees with the naive greedy, which is a 2-approximation."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from netbrake.graph import brute_force_densest, peel_densest, reference_peel


@st.composite
def weighted(draw: st.DrawFn, max_n: int = 9) -> np.ndarray:
    n = draw(st.integers(1, max_n))
    a = np.zeros((n, n))
    for i in range(n):
        for j in range(i + 1, n):
            w = draw(st.integers(0, 3))
            a[i, j] = a[j, i] = w
    return a


@settings(max_examples=80, deadline=None)
@given(weighted())
def test_heap_peeling_equals_reference_and_is_a_two_approximation(a):
    fast, slow, best = peel_densest(a), reference_peel(a), brute_force_densest(a)
    assert fast.nodes.tolist() == slow.nodes.tolist()
    assert np.isclose(fast.density, slow.density)
    assert fast.density >= best.density / 2 - 1e-12
    assert fast.density <= best.density + 1e-12


def test_planted_clique_beats_a_hub_with_many_light_edges():
    n = 40
    a = np.zeros((n, n))
    a[:6, :6] = 1 - np.eye(6)
    hub = 39
    a[hub, 6:39] = a[6:39, hub] = 1.0  # a star: many edges, density below 1
    a[hub, :6] = a[:6, hub] = 1.0  # members also follow the hub (camouflage)
    got = peel_densest(a)
    assert set(got.nodes.tolist()) <= {0, 1, 2, 3, 4, 5, hub}
    assert {0, 1, 2, 3, 4, 5} <= set(got.nodes.tolist())


def test_empty_matrix_has_no_dense_subgraph():
    assert peel_densest(np.zeros((0, 0))).nodes.size == 0
    assert reference_peel(np.zeros((0, 0))).nodes.size == 0
