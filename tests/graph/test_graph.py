"""`build_graph`: dense ids once, bad edges dropped and counted, parallel edges merged."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pytest

from netbrake.errors import InputError
from netbrake.graph import KINDS, build_graph

W = {"follow": 1.0, "like": 0.5, "view": 0.0}


def test_ids_are_dense_and_edges_weighted_by_kind():
    g = build_graph(
        ["a", "b", "c"], ["a", "b", "c"], ["b", "c", "a"], ["follow", "like", "follow"], W
    )
    assert (g.n, g.m) == (3, 3)
    assert g.index_of(["c", "zz", "a"]).tolist() == [2, -1, 0]
    assert g.out_adj[0, 1] == 1.0
    assert g.out_adj[1, 2] == 0.5
    assert g.sym[1, 0] == 1.0
    assert g.sym[0, 2] == 1.0


def test_self_loops_unknown_accounts_and_kinds_are_dropped_and_counted():
    src = ["a", "a", "x", "b", "a", "b"]
    dst = ["a", "b", "b", "y", "b", "a"]
    kind = ["follow", "follow", "follow", "like", "poke", "like"]
    g = build_graph(["a", "b"], src, dst, kind, W, weight=[1, 2, 1, 1, 1, float("nan")])
    r = g.report
    assert (r.edges_in, r.self_loops, r.unknown_accounts, r.unknown_kinds) == (6, 1, 2, 1)
    assert r.bad_weights == 1
    assert g.out_adj[0, 1] == 2.0
    assert g.m == 1
    assert "1 self-loops" in r.describe()


def test_duplicate_edges_are_merged_by_summing_weights():
    g = build_graph(
        ["a", "b"], ["a"] * 3 + ["b"], ["b"] * 3 + ["a"], ["follow", "follow", "like", "like"], W
    )
    assert g.out_adj[0, 1] == 2.5
    assert g.sym[0, 1] == 3.0
    assert g.report.merged_duplicates == 2
    assert g.contact_out[0, 1] == 3
    assert g.contact_in[1, 0] == 3


def test_zero_weight_kind_is_kept_for_contacts_but_not_for_diffusion():
    g = build_graph(["a", "b"], ["a"], ["b"], ["view"], W)
    assert g.m == 0
    assert g.contact_out[0, 1] == 1
    assert g.kind_out[KINDS.index("view"), 0] == 1
    assert g.kind_in[KINDS.index("view"), 1] == 1


def test_arrow_inputs_and_empty_graph():
    ids = pa.array(["a", "b"])
    g = build_graph(ids, pa.chunked_array([["a"]]), pa.array(["b"]), pa.array(["follow"]), W)
    assert g.m == 1
    empty = build_graph([], [], [], [], W)
    assert (empty.n, empty.m) == (0, 0)
    assert empty.neighbour_counts().size == 0


@pytest.mark.parametrize(
    ("weights", "message"),
    [({"poke": 1.0}, "unknown edge kinds"), ({"follow": -1.0}, "finite and >= 0")],
)
def test_bad_kind_weights_are_input_errors(weights, message):
    with pytest.raises(InputError, match=message):
        build_graph(["a"], [], [], [], weights)


def test_mismatched_columns_are_input_errors():
    with pytest.raises(InputError, match="same length"):
        build_graph(["a", "b"], ["a"], ["b", "a"], ["follow"], W)


def test_per_kind_degrees_match_a_count_over_the_edges():
    rng = np.random.default_rng(3)
    ids = [f"n{i}" for i in range(30)]
    src = rng.choice(ids, 300).tolist()
    dst = rng.choice(ids, 300).tolist()
    kind = rng.choice(list(KINDS), 300).tolist()
    g = build_graph(ids, src, dst, kind, dict.fromkeys(KINDS, 1.0))
    for k, name in enumerate(KINDS):
        expect = [
            sum(
                1 for s, d, t in zip(src, dst, kind, strict=True) if s == a and t == name and s != d
            )
            for a in ids
        ]
        assert g.kind_out[k].tolist() == expect
