"""The contact graph on Spark: edges joined to account positions, checked, merged per kind.

What runs where:

- distributed: the join of every edge to its accounts' positions (the
  accounts table order, as `netbrake.graph.build_graph` numbers them), the
  same drop rules (self-loops, unknown accounts, unknown kinds, bad weights)
  with their counts, and the merge of parallel edges into one row per
  (src, dst, kind) with its edge count and summed weight.
- collected: the merged rows (all of them when they fit on the driver, else
  only those touching the seeds' neighbourhood, see `netbrake.engines.spark.pagerank`).
- driver: the same CSR `Graph` built from the merged rows: ``out_adj`` sums
  ``weight * kind_weight`` per pair (equal to the embedded sum up to float
  rounding: unit weights give identical values), contact counts, per-kind
  counts and the per-edge arrays expanded by count (their order differs; every
  consumer counts or de-duplicates them).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import scipy.sparse as sp

from netbrake.engines.spark.tables import ROW, read
from netbrake.errors import InputError
from netbrake.graph import KINDS, BuildReport, Graph
from netbrake.platform import Dataset

#: Columns of a merged edge frame: positions, kind code, edge count, summed raw weight.
MERGED = ("s", "d", "k", "count", "weight")


@dataclass(frozen=True)
class MergedEdges:
    """The merged edge frame (Spark), input edges by check status, and merged row count."""

    frame: Any
    counts: dict[str, int]
    rows: int


def kind_factors(kind_weights: Mapping[str, float]) -> np.ndarray:
    """The policy weight of each kind, in `KINDS` order (checked as `build_graph` does)."""
    bad = sorted(set(kind_weights) - set(KINDS))
    if bad:
        raise InputError(f"kind weights name unknown edge kinds: {', '.join(bad)}")
    factors = np.array([float(kind_weights.get(k, 0.0)) for k in KINDS])
    if not np.all(np.isfinite(factors)) or np.any(factors < 0):
        raise InputError("kind weights must be finite and >= 0")
    return factors


def account_positions(spark: Any, dataset: Dataset) -> Any:
    """(account_id, pos): each account's position in the accounts table."""
    return read(spark, dataset, "accounts", ["account_id"]).withColumnRenamed(ROW, "pos")


def merged_edges(spark: Any, dataset: Dataset) -> MergedEdges:
    """Edges checked and merged per (src, dst, kind) in Spark; counts of what was dropped."""
    from pyspark.sql import functions as sf

    accounts = account_positions(spark, dataset)
    kinds = spark.createDataFrame(
        pa.table({"kind": pa.array(KINDS), "k": pa.array(range(len(KINDS)), pa.int8())})
    )
    edges = read(spark, dataset, "edges", ["src", "dst", "kind", "weight"])
    src = accounts.select(sf.col("account_id").alias("src"), sf.col("pos").alias("s"))
    dst = accounts.select(sf.col("account_id").alias("dst"), sf.col("pos").alias("d"))
    w = sf.coalesce(sf.col("weight").cast("double"), sf.lit(1.0))
    joined = (
        edges.join(src, "src", "left")
        .join(dst, "dst", "left")
        .join(sf.broadcast(kinds), "kind", "left")
        .select("s", "d", "k", w.alias("w"))
    )
    unknown = sf.col("s").isNull() | sf.col("d").isNull()
    loop = ~unknown & (sf.col("s") == sf.col("d"))
    bad_kind = ~unknown & ~loop & sf.col("k").isNull()
    finite = ~sf.isnan("w") & (sf.abs("w") != sf.lit(float("inf")))
    bad_weight = ~unknown & ~loop & ~bad_kind & ~(finite & (sf.col("w") >= 0))
    status = (
        sf.when(unknown, "unknown")
        .when(loop, "loop")
        .when(bad_kind, "kind")
        .when(bad_weight, "weight")
        .otherwise("kept")
    )
    # One pass: rows merged per (status, src, dst, kind); the drop counts come from it.
    merged = (
        joined.withColumn("status", status)
        .groupBy("status", "s", "d", "k")
        .agg(sf.count("*").alias("count"), sf.sum("w").alias("weight"))
        .localCheckpoint()
    )
    counts: dict[str, int] = {}
    rows = 0
    for r in (
        merged.groupBy("status")
        .agg(sf.sum("count").alias("n"), sf.count("*").alias("rows"))
        .collect()
    ):
        counts[r["status"]] = int(r["n"])
        rows = int(r["rows"]) if r["status"] == "kept" else rows
    frame = merged.where(sf.col("status") == "kept").drop("status")
    return MergedEdges(frame, counts, rows)


def build_report(counts: dict[str, int], pairs: int) -> BuildReport:
    """`build_graph`'s report from the status counts and the number of distinct kept pairs."""
    return BuildReport(
        edges_in=sum(counts.values()),
        self_loops=counts.get("loop", 0),
        unknown_accounts=counts.get("unknown", 0),
        unknown_kinds=counts.get("kind", 0),
        bad_weights=counts.get("weight", 0),
        merged_duplicates=counts.get("kept", 0) - pairs,
    )


def graph_from_merged(
    ids: pa.Array, merged: pa.Table, factors: np.ndarray, counts: dict[str, int], pairs: int
) -> Graph:
    """The CSR `Graph` of ``build_graph`` from merged (s, d, k, count, weight) rows."""
    n = len(ids)
    s = np.asarray(merged.column("s").to_numpy(), dtype=np.int32)
    d = np.asarray(merged.column("d").to_numpy(), dtype=np.int32)
    k = np.asarray(merged.column("k").to_numpy(), dtype=np.int8)
    count = np.asarray(merged.column("count").to_numpy(), dtype=np.int64)
    weight = np.asarray(merged.column("weight").to_numpy(), dtype=np.float64)
    out = sp.csr_array((weight * factors[k], (s, d)), shape=(n, n))
    out.sum_duplicates()
    out.eliminate_zeros()
    contact = sp.csr_array((count.astype(np.float32), (s, d)), shape=(n, n))
    contact.sum_duplicates()
    # A neighbourhood cut passes the whole graph's pair count; the whole graph, -1 (count here).
    report = build_report(counts, int(contact.nnz) if pairs < 0 else pairs)
    kind_out = np.zeros((len(KINDS), n), dtype=np.int32)
    kind_in = np.zeros((len(KINDS), n), dtype=np.int32)
    for code in range(len(KINDS)):
        sel = k == code
        kind_out[code] = np.bincount(s[sel], weights=count[sel], minlength=n).astype(np.int32)
        kind_in[code] = np.bincount(d[sel], weights=count[sel], minlength=n).astype(np.int32)
    sym = (out + out.T).tocsr()
    return Graph(
        ids,
        out,
        sym,
        contact,
        contact.T.tocsr(),
        np.repeat(s, count),
        np.repeat(d, count),
        np.repeat(k, count),
        kind_out,
        kind_in,
        report,
    )


def merged_arrow(frame: Any) -> pa.Table:
    """Collect merged rows to the driver, sorted so that the build is deterministic."""
    table: pa.Table = frame.select(*MERGED).toArrow()
    return table.sort_by([("s", "ascending"), ("d", "ascending"), ("k", "ascending")])


def ids_of(accounts: pa.Table) -> pa.Array:
    ids = accounts.column("account_id").combine_chunks()
    return pc.cast(ids, pa.string())
