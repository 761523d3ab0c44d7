"""Dense-subgraph peeling: the camouflage-resistant core of a flagged neighbourhood.

Fraudar (Hooi et al., KDD 2016) finds the subgraph S maximising
``g(S) = f(S) / |S|`` with ``f`` the (hub-damped) edge weight inside S, by
greedy peeling: repeatedly remove the node whose removal loses the least
weight and keep the densest set seen (Charikar 2000: a 2-approximation).
Camouflage edges from members to popular benign accounts do not help those
accounts stay in: their weight is damped by `netbrake.graph._diffusion`, and a
hub's few edges into the group are small next to the group's own density.
"""

from __future__ import annotations

import heapq
import itertools
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp


@dataclass(frozen=True)
class DenseSubgraph:
    """The densest set found: ``nodes`` (positions in the input matrix), its ``density``."""

    nodes: np.ndarray
    density: float


def _symmetric(adj: sp.csr_array | np.ndarray) -> sp.csr_array:
    m = sp.csr_array(adj, dtype=np.float64)
    m.setdiag(0)
    m.eliminate_zeros()
    return m


def peel_densest(adj: sp.csr_array | np.ndarray) -> DenseSubgraph:
    """Greedy peeling with a lazy-deletion heap, O(m log n).

    ``adj`` is symmetric and non-negative; density counts each undirected edge
    once. Ties are broken by the smaller node position, so the result is
    deterministic and equal to `reference_peel`.
    """
    m = _symmetric(adj)
    n = m.shape[0]
    if n == 0:
        return DenseSubgraph(np.zeros(0, np.int64), 0.0)
    deg = np.asarray(m.sum(axis=1)).ravel()
    degree = deg.tolist()
    indptr, indices, data = m.indptr.tolist(), m.indices.tolist(), m.data.tolist()
    total = float(deg.sum()) / 2
    heap = [(d, i) for i, d in enumerate(degree)]
    heapq.heapify(heap)
    removed = [False] * n
    order: list[int] = []
    best, best_removed = total / n, 0
    while len(order) < n - 1:
        d, u = heapq.heappop(heap)
        if removed[u] or d != degree[u]:
            continue
        removed[u] = True
        order.append(u)
        total -= d
        for j in range(indptr[u], indptr[u + 1]):
            v = indices[j]
            if not removed[v]:
                degree[v] -= data[j]
                heapq.heappush(heap, (degree[v], v))
        density = total / (n - len(order))
        if density > best:
            best, best_removed = density, len(order)
    gone = np.zeros(n, bool)
    gone[order[:best_removed]] = True
    return DenseSubgraph(np.flatnonzero(~gone), float(best))


def reference_peel(adj: sp.csr_array | np.ndarray) -> DenseSubgraph:
    """The same greedy peeling recomputing every degree densely at each step (tests)."""
    a = _symmetric(adj).toarray()
    n = a.shape[0]
    if n == 0:
        return DenseSubgraph(np.zeros(0, np.int64), 0.0)
    alive = np.ones(n, bool)
    best, best_set = a.sum() / 2 / n, alive.copy()
    for _ in range(n - 1):
        deg = np.where(alive, (a * alive[None, :]).sum(axis=1), np.inf)
        alive[int(np.argmin(deg))] = False
        density = (a[alive][:, alive]).sum() / 2 / alive.sum()
        if density > best:
            best, best_set = density, alive.copy()
    return DenseSubgraph(np.flatnonzero(best_set), float(best))


def brute_force_densest(adj: sp.csr_array | np.ndarray) -> DenseSubgraph:
    """The exact densest subgraph by trying every subset: at most ~12 nodes (tests)."""
    a = _symmetric(adj).toarray()
    n = a.shape[0]
    best, best_set = 0.0, np.zeros(0, np.int64)
    for size in range(1, n + 1):
        for subset in itertools.combinations(range(n), size):
            idx = np.array(subset)
            density = a[idx][:, idx].sum() / 2 / size
            if density > best:
                best, best_set = density, idx
    return DenseSubgraph(best_set, float(best))
