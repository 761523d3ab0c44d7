"""`find_cores`: the dense core of the network around each seed.

Seeds may sit in several networks. Each uncovered seed (strongest first)
gets its own expansion: personalised PageRank (local push, or power
iteration with many seeds as columns of one matrix), a sweep cut for its
local cluster, and Fraudar-style peeling of the cluster's best-ranked
accounts. A seed inside an earlier cluster adds nothing and is skipped, so
the work grows with the number of networks, not of seeds.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from netbrake.graph._diffusion import Diffusion
from netbrake.graph._pagerank import personalized_pagerank
from netbrake.graph._params import MappingParams
from netbrake.graph._peeling import peel_densest
from netbrake.graph._push import push_pagerank, sweep_cut

#: Seed vectors per power-iteration pass in global mode (columns of one dense block).
GLOBAL_BATCH = 16


@dataclass(frozen=True)
class NetworkCores:
    """Union of the dense cores and of the local clusters found, with what the expansions
    measured."""

    core: np.ndarray
    clusters: np.ndarray
    expansions: int
    reached: int
    edges_touched: int
    best_conductance: float


def _core(
    diff: Diffusion, nodes: np.ndarray, ppr: np.ndarray, limit: int
) -> tuple[np.ndarray, np.ndarray, float]:
    cluster, conductance, _ = sweep_cut(diff, nodes, ppr)
    # Peel only the local cluster: the densest part of a whole platform is
    # usually benign; the best-ranked accounts of the cluster are the network.
    # No cluster (nothing beats chance) means no core: growth starts from the
    # seed alone rather than from the densest part of everything reached.
    rank = ppr[np.searchsorted(nodes, cluster)] / np.maximum(diff.degree[cluster], 1e-300)
    top = np.sort(cluster[np.argsort(-rank, kind="stable")][:limit])
    core = top[peel_densest(diff.adj[top][:, top]).nodes] if top.size else top
    return core, cluster, conductance


def _expansions(
    diff: Diffusion, order: np.ndarray, covered: np.ndarray, p: MappingParams
) -> Iterator[tuple[int, np.ndarray, np.ndarray, int]]:
    """Yield ``(seed, nodes, ppr, edges_touched)`` per seed not yet ``covered``, lazily."""
    if p.expansion == "local":
        for v in order:
            if not covered[v]:
                yield (int(v), *push_pagerank(diff, np.array([v]), p.alpha, p.eps))
        return
    for start in range(0, order.size, GLOBAL_BATCH):
        batch = order[start : start + GLOBAL_BATCH]
        batch = batch[~covered[batch]]
        if batch.size == 0:
            continue
        s = np.zeros((diff.n, batch.size))
        s[batch, np.arange(batch.size)] = 1.0
        x = personalized_pagerank(diff, s, p.alpha)
        for j, v in enumerate(batch):
            nodes = np.flatnonzero(x[:, j] > p.eps * diff.degree)
            yield int(v), nodes, x[nodes, j], int(diff.adj.nnz)


def find_cores(
    diff: Diffusion, restart: np.ndarray, weights: np.ndarray, p: MappingParams
) -> NetworkCores:
    """Dense cores around the ``restart`` accounts, visited by decreasing ``weights``."""
    order = restart[np.argsort(-weights, kind="stable")][: p.max_expansions]
    covered = np.zeros(diff.n, bool)
    cores: list[np.ndarray] = [np.zeros(0, np.int64)]
    clusters: list[np.ndarray] = [np.zeros(0, np.int64)]
    count = reached = touched = 0
    best = 1.0
    for seed, nodes, ppr, edges in _expansions(diff, order, covered, p):
        if covered[seed]:
            continue
        core, cluster, conductance = _core(diff, nodes, ppr, p.peel_limit)
        covered[cluster] = True
        covered[seed] = True
        cores.append(core)
        clusters.append(np.asarray(cluster, np.int64))
        count, reached, touched = count + 1, reached + nodes.size, touched + edges
        best = min(best, conductance)
    return NetworkCores(
        np.unique(np.concatenate(cores)),
        np.unique(np.concatenate(clusters)),
        count,
        reached,
        touched,
        best,
    )
