"""Connected components of the account link graph: the fast path and its reference.

Accounts are integers ``0..n-1`` and links are two parallel integer arrays. The
fast path hands the links to ``scipy.sparse.csgraph.connected_components``
(a linear-time traversal in C); the reference is a plain union-find with path
halving, kept beside it so tests can check that both give the same partition.
Both label each component by its smallest member, which
makes labels independent of link order.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components as _scipy_components

IntArray = npt.NDArray[np.int64]


def connected_components(n: int, a: IntArray, b: IntArray) -> IntArray:
    """For each node ``0..n-1``, the smallest node of its component."""
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    a = np.asarray(a, dtype=np.int64)
    b = np.asarray(b, dtype=np.int64)
    if a.size == 0:
        return np.arange(n, dtype=np.int64)
    graph = coo_matrix((np.ones(a.size, dtype=np.int8), (a, b)), shape=(n, n)).tocsr()
    _, labels = _scipy_components(graph, directed=True, connection="weak")
    labels = labels.astype(np.int64)
    # scipy numbers components in discovery order; relabel each by its smallest node.
    smallest = np.full(int(labels.max()) + 1, n, dtype=np.int64)
    np.minimum.at(smallest, labels, np.arange(n, dtype=np.int64))
    result: IntArray = smallest[labels]
    return result


def connected_components_reference(n: int, a: IntArray, b: IntArray) -> IntArray:
    """The same labels by a textbook union-find (slow; for tests and benchmarks)."""
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for x, y in zip(np.asarray(a).tolist(), np.asarray(b).tolist(), strict=True):
        rx, ry = find(x), find(y)
        if rx != ry:
            # Union by smaller root keeps every root the smallest node of its set.
            parent[max(rx, ry)] = min(rx, ry)
    return np.array([find(x) for x in range(n)], dtype=np.int64)
