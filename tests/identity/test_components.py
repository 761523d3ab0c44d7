"""The fast connected components agree with the union-find reference and with networkx."""

from __future__ import annotations

import networkx as nx
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from netbrake.identity import connected_components, connected_components_reference

edges = st.integers(1, 60).flatmap(
    lambda n: st.tuples(
        st.just(n), st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=80)
    )
)


def _networkx_labels(n: int, pairs: list[tuple[int, int]]) -> np.ndarray:
    graph = nx.Graph()
    graph.add_nodes_from(range(n))
    graph.add_edges_from(pairs)
    labels = np.empty(n, dtype=np.int64)
    for comp in nx.connected_components(graph):
        labels[list(comp)] = min(comp)
    return labels


@settings(max_examples=200, deadline=None)
@given(edges)
def test_fast_reference_and_networkx_agree(case: tuple[int, list[tuple[int, int]]]) -> None:
    n, pairs = case
    a = np.array([p[0] for p in pairs], dtype=np.int64)
    b = np.array([p[1] for p in pairs], dtype=np.int64)
    fast = connected_components(n, a, b)
    assert fast.tolist() == connected_components_reference(n, a, b).tolist()
    assert fast.tolist() == _networkx_labels(n, pairs).tolist()


def test_labels_are_the_smallest_member() -> None:
    labels = connected_components(6, np.array([5, 4, 3]), np.array([2, 5, 0]))
    assert labels.tolist() == [0, 1, 2, 0, 2, 2]


def test_empty_inputs() -> None:
    assert connected_components(0, np.zeros(0, np.int64), np.zeros(0, np.int64)).tolist() == []
    assert connected_components(3, np.zeros(0, np.int64), np.zeros(0, np.int64)).tolist() == [
        0,
        1,
        2,
    ]
