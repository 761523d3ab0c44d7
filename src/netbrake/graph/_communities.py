"""Split the flagged accounts into networks: components, then Leiden inside large ones.

Leiden (Traag, Waltman and van Eck, 2019) runs on the
flagged subgraph only: on the whole platform it takes minutes.
Two networks that share a few buyers form one component; Leiden separates
them. A split is kept only when its modularity shows real structure, so that
one seller-and-buyers star is not cut into arbitrary pieces.
"""

from __future__ import annotations

import igraph as ig
import leidenalg
import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from netbrake.graph._graph import Graph
from netbrake.graph._params import MappingParams


def _leiden(sub: sp.csr_array, params: MappingParams) -> np.ndarray | None:
    """Leiden labels of a connected subgraph, or None when the split is not worth keeping."""
    upper = sp.triu(sub, k=1).tocoo()
    g = ig.Graph(n=sub.shape[0], edges=np.column_stack((upper.row, upper.col)).tolist())
    part = leidenalg.find_partition(
        g,
        leidenalg.RBConfigurationVertexPartition,
        weights=upper.data.tolist(),
        resolution_parameter=params.leiden_resolution,
        seed=params.random_seed,
    )
    labels = np.asarray(part.membership, dtype=np.int64)
    if labels.max(initial=0) == 0:
        return None
    if g.modularity(part.membership, weights=upper.data.tolist()) < params.leiden_min_modularity:
        return None
    return labels


def split_networks(graph: Graph, member: np.ndarray, params: MappingParams) -> np.ndarray:
    """Network id of every node (-1 for non-members), ids 0.. by decreasing size.

    Members are linked by any contact between them (``graph.contact_out``,
    either direction, weighted by the number of contacts). Deterministic for
    a given ``params.random_seed``.
    """
    network = np.full(graph.n, -1, dtype=np.int64)
    nodes = np.flatnonzero(member)
    if nodes.size == 0:
        return network
    sub = graph.contact_out[nodes][:, nodes]
    sub = (sub + sub.T).tocsr().astype(np.float64)
    count, comp = connected_components(sub, directed=False)
    labels = comp.astype(np.int64)
    next_label = count
    for c in np.flatnonzero(np.bincount(comp) >= params.leiden_min_size):
        idx = np.flatnonzero(comp == c)
        split = _leiden(sub[idx][:, idx], params)
        if split is not None:
            labels[idx] = next_label + split
            next_label += int(split.max()) + 1
    # Renumber by decreasing size, ties by smallest node id, so ids are stable.
    uniq, inverse, sizes = np.unique(labels, return_inverse=True, return_counts=True)
    first = np.full(uniq.size, nodes.size)
    np.minimum.at(first, inverse, np.arange(nodes.size))
    rank = np.empty(uniq.size, np.int64)
    rank[np.lexsort((first, -sizes))] = np.arange(uniq.size)
    network[nodes] = rank[inverse]
    return network
