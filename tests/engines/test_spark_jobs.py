"""The Spark jobs against their in-process references."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pytest

from netbrake.engines import EmbeddedEngine
from netbrake.graph import Diffusion, map_networks, node_evidence, personalized_pagerank
from netbrake.identity import connected_components_reference
from netbrake.platform import Dataset, ingest
from netbrake.policy import Policy
from netbrake.scan import DEFAULT_KIND_WEIGHTS, PipelineSettings
from netbrake.synth import SynthConfig, generate
from netbrake.text import default_matcher

pytestmark = pytest.mark.spark

#: Spark sums ranks in another order than SciPy's mat-vec: equal up to rounding.
PAGERANK_TOLERANCE = 1e-12


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    root = tmp_path_factory.mktemp("spark-jobs")
    generate(SynthConfig(accounts=2000, seed=5), root / "export")
    ingest(root / "export", root / "dataset", secret=b"jobs")
    return Dataset.open(root / "dataset")


def test_star_components_equal_union_find(spark: Any) -> None:
    from netbrake.engines.spark.persons import component_labels

    rng = np.random.default_rng(7)
    n = 40
    # A chain (the worst case for label propagation), a star, a cycle and random links.
    a = np.concatenate([np.arange(0, 7), np.full(4, 10), np.arange(20, 24), rng.integers(30, n, 6)])
    b = np.concatenate(
        [np.arange(1, 8), np.arange(11, 15), np.r_[np.arange(21, 24), 20], rng.integers(30, n, 6)]
    )
    order = rng.permutation(a.size)
    a, b = a[order].astype(np.int64), b[order].astype(np.int64)
    expected = connected_components_reference(n, a, b).tolist()
    # local_edges=0: every round in Spark; the default finishes small inputs in-process.
    assert component_labels(spark, n, a, b, local_edges=0).tolist() == expected
    assert component_labels(spark, n, a, b).tolist() == expected


def test_spark_pagerank_equals_power_iteration(spark: Any, dataset: Dataset) -> None:
    from netbrake.engines.spark.edges import kind_factors, merged_edges
    from netbrake.engines.spark.pagerank import spark_pagerank, transitions

    graph = EmbeddedEngine().graph(dataset, DEFAULT_KIND_WEIGHTS)
    seeds = [3, 50, 999]
    steps = transitions(merged_edges(spark, dataset).frame, kind_factors(DEFAULT_KIND_WEIGHTS))
    ranks = spark_pagerank(spark, steps, seeds, max_iter=3, tol=0.0).toArrow()
    found = np.zeros(graph.n)
    found[ranks["u"].to_numpy()] = ranks["r"].to_numpy()
    restart = np.zeros(graph.n)
    restart[seeds] = 1.0
    expected = personalized_pagerank(
        Diffusion.from_matrix(graph.sym), restart, alpha=0.15, tol=0.0, max_iter=3
    )
    assert np.abs(found - expected).max() < PAGERANK_TOLERANCE
    assert found.sum() == pytest.approx(len(seeds))


def test_neighbourhood_graph_maps_the_same_networks(spark: Any, dataset: Dataset) -> None:
    """Above ``driver_edges`` only the seeds' neighbourhood is collected: same members here."""
    from netbrake.engines.spark import Neighbourhood, SparkEngine

    embedded = EmbeddedEngine().graph(dataset, DEFAULT_KIND_WEIGHTS)
    settings = PipelineSettings.from_policy(Policy.load())
    signals = EmbeddedEngine().account_signals(dataset, default_matcher(), settings.signals)
    seeds = signals.seeds(settings.signals.seed_min)
    engine = SparkEngine(
        spark, driver_edges=0, cut=Neighbourhood(iterations=3, min_mass=1e-3), stop_on_close=False
    )
    cut = engine.graph(dataset, DEFAULT_KIND_WEIGHTS, seeds)
    assert engine.graph_note.startswith(f"neighbourhood of {len(seeds)} seeds")
    assert cut.m < embedded.m
    assert cut.report == embedded.report
    whole = map_networks(embedded, seeds, node_evidence(embedded, signals), settings.mapping)
    part = map_networks(cut, seeds, node_evidence(cut, signals), settings.mapping)
    assert np.flatnonzero(part.member).tolist() == np.flatnonzero(whole.member).tolist()


def test_graph_report_counts_dropped_edges(spark: Any, tmp_path: Path) -> None:
    from netbrake.engines.spark import SparkEngine

    accounts = pa.table({"account_id": ["a", "b", "c"], "handle": ["a", "b", "c"]})
    edges = pa.table(
        {
            "src": ["a", "a", "a", "b", "x", "c"],
            "dst": ["b", "b", "a", "c", "a", "a"],
            "kind": ["follow", "follow", "follow", "like", "follow", "message"],
            "weight": [1.0, 2.0, 1.0, None, 1.0, -1.0],
        }
    )
    import pyarrow.parquet as pq

    pq.write_table(accounts, tmp_path / "accounts.parquet")
    pq.write_table(edges, tmp_path / "edges.parquet")
    data = Dataset(tmp_path)
    got = SparkEngine(spark, stop_on_close=False).graph(data, DEFAULT_KIND_WEIGHTS)
    from netbrake.graph import build_graph

    want = build_graph(
        accounts["account_id"],
        edges["src"],
        edges["dst"],
        edges["kind"],
        DEFAULT_KIND_WEIGHTS,
        edges["weight"],
    )
    assert got.report == want.report
    assert (got.out_adj != want.out_adj).nnz == 0
    assert (got.contact_out != want.contact_out).nnz == 0
    assert got.kind_out.tolist() == want.kind_out.tolist()
    assert sorted(
        zip(got.edge_src.tolist(), got.edge_dst.tolist(), got.edge_kind.tolist(), strict=True)
    ) == sorted(
        zip(want.edge_src.tolist(), want.edge_dst.tolist(), want.edge_kind.tolist(), strict=True)
    )
