"""Personalised PageRank by iterative DataFrame joins, and the seeds' neighbourhood.

The definition is `netbrake.graph.personalized_pagerank`'s:
``x <- alpha * s + (1 - alpha) * (x W + x_dangling)`` with ``W = D^-1 A`` on
the symmetric weighted graph ``A = out_adj + out_adj^T`` (no hub damping:
this pass only chooses what to hand to the driver), a node without edges
keeping its mass. One iteration is one join of the rank frame with the
transition frame and one aggregation; the plan is cut with
``localCheckpoint`` every round (otherwise it grows each round).
Mass below ``prune`` is dropped each round (frontier pruning, as the local
push does with ``eps``), so only the seeds' neighbourhood is ever touched.
After ``k`` rounds the error in L1 is at most ``2 (1 - alpha)^k`` of the
seed mass; `spark_pagerank` stops earlier when a round changes less than
``tol`` of it (checking costs one more action per round; ``tol=0`` skips it).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np


def transitions(merged: Any, factors: np.ndarray) -> Any:
    """(u, v, p): the random-walk step u -> v of the symmetric weighted graph."""
    from pyspark.sql import functions as sf

    factor = sf.element_at(sf.array(*(sf.lit(float(f)) for f in factors)), sf.col("k") + 1)
    directed = merged.select("s", "d", (sf.col("weight") * factor).alias("w"))
    both = directed.select(sf.col("s").alias("u"), sf.col("d").alias("v"), "w").unionByName(
        directed.select(sf.col("d").alias("u"), sf.col("s").alias("v"), "w")
    )
    weights = both.groupBy("u", "v").agg(sf.sum("w").alias("w")).where(sf.col("w") > 0)
    degree = weights.groupBy("u").agg(sf.sum("w").alias("deg"))
    return (
        weights.join(degree, "u").select("u", "v", (sf.col("w") / sf.col("deg")).alias("p"))
    ).localCheckpoint()


def spark_pagerank(
    spark: Any,
    steps: Any,
    seeds: Sequence[int],
    alpha: float = 0.15,
    max_iter: int = 30,
    tol: float = 1e-6,
    prune: float = 0.0,
    weights: Sequence[float] | None = None,
) -> Any:
    """(u, r): personalised PageRank from node positions ``seeds`` (restart mass ``weights``).

    ``steps`` is the frame of `transitions`. Returns the rank frame (nodes
    with mass only), checkpointed.
    """
    import pyarrow as pa
    from pyspark.sql import functions as sf

    mass = np.ones(len(seeds)) if weights is None else np.asarray(weights, dtype=np.float64)
    restart = (
        spark.createDataFrame(
            pa.table({"u": pa.array(seeds, pa.int64()), "r": pa.array(mass, pa.float64())})
        )
        .groupBy("u")
        .agg(sf.sum("r").alias("r"))
    )
    total = float(mass.sum()) or 1.0
    walkers = steps.select("u").distinct()
    x = restart.localCheckpoint()
    for _ in range(max_iter):
        spread = x.join(steps, "u").select(
            sf.col("v").alias("u"), (sf.col("r") * sf.col("p") * (1 - alpha)).alias("r")
        )
        stay = x.join(walkers, "u", "left_anti").select("u", (sf.col("r") * (1 - alpha)).alias("r"))
        back = restart.select("u", (sf.col("r") * alpha).alias("r"))
        nxt = spread.unionByName(stay).unionByName(back).groupBy("u").agg(sf.sum("r").alias("r"))
        if prune > 0:
            nxt = nxt.where(sf.col("r") >= prune * total)
        nxt = nxt.localCheckpoint()
        if tol <= 0:
            x = nxt
            continue
        change = (
            nxt.withColumnRenamed("r", "a")
            .join(x.withColumnRenamed("r", "b"), "u", "full_outer")
            .agg(sf.sum(sf.abs(sf.coalesce("a", sf.lit(0.0)) - sf.coalesce("b", sf.lit(0.0)))))
            .first()[0]
        )
        x = nxt
        if change is not None and change <= tol * total:
            break
    return x


def neighbourhood(merged: Any, ranks: Any, min_mass: float, total: float) -> tuple[Any, Any]:
    """Merged edge rows touching a node whose rank is at least ``min_mass`` of ``total``,
    and those nodes (column ``c``): every edge of theirs is among the rows."""
    from pyspark.sql import functions as sf

    core = ranks.where(sf.col("r") >= min_mass * total).select(sf.col("u").alias("c"))
    by_src = merged.join(sf.broadcast(core), merged["s"] == core["c"], "left_semi")
    by_dst = merged.join(sf.broadcast(core), merged["d"] == core["c"], "left_semi")
    return by_src.unionByName(by_dst).distinct(), core
