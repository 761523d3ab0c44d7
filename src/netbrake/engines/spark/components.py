"""Connected components by alternating large-star and small-star rounds (DataFrame joins).

Kiveris, Lattanzi, Mirrokni, Rastogi, Vassilvitskii, "Connected Components in
MapReduce and Beyond", SoCC 2014: with ``m(u)`` the smallest of u and its
neighbours, *large-star* links every larger neighbour of u to ``m(u)`` and
*small-star* links u and its smaller neighbours to ``m(u)``. Both keep the
components; alternating them converges in O(log^2 n) rounds to stars around
each component's smallest node, so the label of a node is the smallest node
of its component: the same labels as `netbrake.identity.connected_components`
(the reference the tests compare with). Each round is checkpointed and costs one action (the star test).
"""

from __future__ import annotations

from typing import Any

MAX_ROUNDS = 100
#: Edges left from which the components are finished on the driver.
LOCAL_EDGES = 1_000_000


def _large_star(edges: Any) -> Any:
    from pyspark.sql import functions as sf

    both = edges.select("a", "b").unionByName(
        edges.select(sf.col("b").alias("a"), sf.col("a").alias("b"))
    )
    low = both.groupBy("a").agg(sf.least(sf.min("b"), sf.first("a")).alias("m"))
    return (
        both.where(sf.col("b") > sf.col("a"))
        .join(low, "a")
        .select(sf.col("b").alias("a"), sf.col("m").alias("b"))
        .distinct()
    )


def _small_star(edges: Any) -> Any:
    from pyspark.sql import functions as sf

    # Orient every edge from its larger to its smaller end: N(u) below u.
    down = edges.select(sf.greatest("a", "b").alias("a"), sf.least("a", "b").alias("b")).where(
        sf.col("a") != sf.col("b")
    )
    low = down.groupBy("a").agg(sf.min("b").alias("m"))
    members = (
        down.join(low, "a").select(sf.col("b").alias("a"), "m").unionByName(low.select("a", "m"))
    )
    return members.where(sf.col("a") != sf.col("m")).select("a", sf.col("m").alias("b")).distinct()


def _local_labels(spark: Any, edges: Any) -> Any:
    """(node, label) of a small edge frame, by the in-process union of the identity package."""
    import numpy as np
    import pyarrow as pa

    from netbrake.identity import connected_components

    table = edges.select("a", "b").toArrow()
    ends = pa.concat_arrays([table["a"].combine_chunks(), table["b"].combine_chunks()])
    nodes, codes = np.unique(ends.to_numpy(zero_copy_only=False), return_inverse=True)
    half = len(table)
    # Codes follow the sorted order of the nodes: the smallest code is the smallest node.
    labels = connected_components(len(nodes), codes[:half], codes[half:])
    frame = pa.table(
        {"node": pa.array(nodes, ends.type), "label": pa.array(nodes[labels], ends.type)}
    )
    return spark.createDataFrame(frame).where("label != node")


def star_components(spark: Any, edges: Any, local_edges: int = LOCAL_EDGES) -> Any:
    """(node, label) for every node on an edge of ``edges`` (columns a, b; any comparable type).

    The label is the smallest node of the node's component; nodes on no edge
    are their own component and are not listed. Once at most ``local_edges``
    edges remain they are collected and finished in-process (the same
    labels; a round costs ~1-2 s of Spark overhead even on a handful of edges).
    """
    from pyspark.sql import functions as sf

    current = edges.select("a", "b").where(sf.col("a") != sf.col("b")).distinct().localCheckpoint()
    nodes = (
        current.select(sf.col("a").alias("node"))
        .unionByName(current.select(sf.col("b").alias("node")))
        .distinct()
    )
    for _ in range(MAX_ROUNDS):
        if local_edges > 0 and current.count() <= local_edges:
            current = _local_labels(spark, current).select(
                sf.col("node").alias("a"), sf.col("label").alias("b")
            )
            break
        current = _small_star(_large_star(current)).localCheckpoint()
        # Small-star writes every edge as (node, smaller node). When no right end is also a
        # left end the edges are disjoint stars, each around its smallest node: a component.
        centres = current.select(sf.col("b").alias("a"))
        if centres.join(current.select("a"), "a", "left_semi").limit(1).count() == 0:
            break
    else:
        raise RuntimeError(f"connected components did not converge in {MAX_ROUNDS} rounds")
    # At the fixed point every edge is (node, smallest node of its component).
    labels = current.groupBy(sf.col("a").alias("node")).agg(sf.min("b").alias("label"))
    return (
        nodes.join(labels, "node", "left")
        .select("node", sf.coalesce("label", "node").alias("label"))
        .localCheckpoint()
    )
