"""The sparse models agree with the plain-Python definitions."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from netbrake.audit import (
    FEED,
    SUGGESTED_ACCOUNTS,
    Interaction,
    InteractionGraph,
    ItemCooccurrence,
    PeopleYouMayKnow,
)
from netbrake.audit.brute_force import item_cosine, people_you_may_know
from netbrake.platform.schema import EDGE_KINDS

KINDS = st.sampled_from(EDGE_KINDS)
EDGE = st.tuples(st.integers(0, 11), st.integers(0, 11), KINDS, st.integers(0, 90))


def graph_of(edges: list[tuple[int, int, str, int]]) -> InteractionGraph:
    ids = [f"u{i}" for i in range(12)]
    return InteractionGraph.from_tables(
        pa.table({"account_id": ids}),
        pa.table(
            {
                "src": [f"u{s}" for s, *_ in edges],
                "dst": [f"u{d}" for _, d, *_ in edges],
                "kind": [k for *_, k, _ in edges],
                "ts": pa.array(
                    [day * 86_400_000_000 for *_, day in edges], pa.timestamp("us", "UTC")
                ),
            }
        ),
    )


def as_dense(scores: dict[int, float], n: int) -> np.ndarray:
    out = np.zeros(n)
    for i, s in scores.items():
        out[i] = s
    return out


@settings(max_examples=60, deadline=None)
@given(
    edges=st.lists(EDGE, min_size=1, max_size=60),
    probe=st.lists(
        st.tuples(st.integers(0, 11), st.sampled_from(["view", "follow", "like"])), max_size=3
    ),
    viewer=st.integers(0, 12),
)
def test_sparse_models_agree_with_brute_force(edges, probe, viewer):
    graph = graph_of(edges).with_interactions([Interaction("probe", f"u{d}", k) for d, k in probe])
    viewer = min(viewer, graph.n - 1)
    pymk = PeopleYouMayKnow.build(graph)
    items = ItemCooccurrence.build(graph)
    for surface in (SUGGESTED_ACCOUNTS, FEED):
        expected = as_dense(people_you_may_know(graph, viewer, surface), graph.n)
        assert pymk.scores(viewer, surface) == pytest.approx(expected, rel=1e-9, abs=1e-12)
    expected = as_dense(item_cosine(graph, viewer), graph.n)
    assert items.scores(viewer, SUGGESTED_ACCOUNTS) == pytest.approx(expected, rel=1e-9, abs=1e-12)


def test_follows_do_not_decay_but_views_do():
    graph = graph_of([(0, 1, "follow", 0), (0, 2, "view", 0), (3, 4, "view", 90)])
    base = graph.base.toarray()
    assert base[0, 1] == 1.0
    assert base[3, 4] == 0.25
    assert base[0, 2] == pytest.approx(0.25 * 0.5**3)


def test_probe_accounts_are_never_candidates():
    graph = graph_of([(0, 1, "follow", 0), (2, 1, "follow", 0)])
    graph = graph.with_interactions(
        [Interaction("p1", "u1", "follow"), Interaction("p2", "u1", "follow")]
    )
    shown = PeopleYouMayKnow.build(graph).recommend("p1", 12)
    assert "p2" not in shown
    assert "u0" in shown
    assert "u2" in shown
