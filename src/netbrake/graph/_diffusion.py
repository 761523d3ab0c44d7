"""`Diffusion`: the symmetric, hub-damped matrix that personalised PageRank walks on.

Camouflage (step 4): members follow popular benign accounts so that
their neighbourhoods look ordinary. Following Fraudar (Hooi et al., KDD 2016,
section 4.3) an edge's weight is divided by the log of its endpoints' degrees,
``w'(u, v) = w(u, v) / (log(c + deg u) * log(c + deg v))``, so that contact
with a hub carries little proximity. Watchdog accounts (profile evidence) are
*muted*: their edges are removed from the walk, so their contact never spreads
proximity (F2).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from netbrake.graph._graph import Graph


@dataclass(frozen=True, eq=False)
class Diffusion:
    """A symmetric non-negative matrix ``adj`` and its row sums ``degree``."""

    adj: sp.csr_array
    degree: np.ndarray

    @property
    def n(self) -> int:
        return int(self.adj.shape[0])

    @classmethod
    def from_matrix(cls, adj: sp.csr_array | np.ndarray) -> Diffusion:
        """Wrap an already symmetric matrix (tests, references)."""
        m = sp.csr_array(adj, dtype=np.float64)
        return cls(m, np.asarray(m.sum(axis=1)).ravel())


def diffusion(graph: Graph, hub_damping: bool = True, muted: np.ndarray | None = None) -> Diffusion:
    """The walk matrix of ``graph``: ``graph.sym`` with hub damping and muted nodes removed.

    ``muted`` is a boolean mask of nodes whose edges must not carry proximity.
    """
    scale = graph.contact_scale[0].copy() if hub_damping else np.ones(graph.n)
    if muted is not None:
        scale = np.where(muted, 0.0, scale)
    adj = graph.sym.copy()
    adj.data *= scale[adj.indices]
    adj.data *= np.repeat(scale, np.diff(adj.indptr))
    if muted is not None:
        adj.eliminate_zeros()
    # PageRank ignores a constant factor; rescaling to the undamped total keeps
    # the push tolerance `eps` meaning the same with or without damping.
    total = float(adj.data.sum())
    if total > 0:
        adj.data *= float(graph.sym.data.sum()) / total
    return Diffusion(adj, np.asarray(adj.sum(axis=1)).ravel())
