"""`ItemCooccurrence`: item-based collaborative filtering, sparse item-item cosine.

Sarwar et al. 2001 / Linden et al. 2003 ("people who follow X also follow
Y"): accounts are items, every account's follows, views, likes and comments
are its implicit feedback, and the viewer's score for item ``j`` is
``sum_i r_i * cos(i, j)``. The cosine matrix is never materialised: with
``d = 1 / ||column||`` the scores are ``((r * d) R^T) R * d``, two sparse
products per query. Probe interactions are added exactly, column norms
included, without rebuilding. The feed's suggested posts come from the same
model.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Self

import numpy as np
import scipy.sparse as sp

from netbrake.audit.graph_recommender import GraphRecommender
from netbrake.audit.interaction_graph import InteractionGraph


@dataclass(frozen=True, eq=False)
class ItemCooccurrence(GraphRecommender):
    """Item-item cosine over implicit feedback; ``base_t`` is the platform matrix transposed."""

    base_t: sp.csr_array
    column_sq: np.ndarray

    @classmethod
    def build(cls, graph: InteractionGraph) -> Self:
        base = graph.base
        base.sort_indices()
        column_sq = np.bincount(base.indices, weights=base.data**2, minlength=graph.n_base)
        return cls(graph=graph, base_t=sp.csr_array(base.T), column_sq=column_sq)

    @cached_property
    def inverse_norm(self) -> np.ndarray:
        """``1 / ||R[:, j]||`` for every item, probe interactions included (0 for empty)."""
        g = self.graph
        sq = np.zeros(g.n)
        sq[: g.n_base] = self.column_sq
        delta = g.delta.tocoo()
        for r, c, v in zip(delta.row, delta.col, delta.data, strict=True):
            old = _entry(g.base, int(r), int(c)) if max(r, c) < g.n_base else 0.0
            sq[c] += (old + v) ** 2 - old**2
        with np.errstate(divide="ignore"):
            return np.where(sq > 0, 1.0 / np.sqrt(np.maximum(sq, 1e-300)), 0.0)

    def scores(self, viewer: int, surface: str) -> np.ndarray:
        g, d = self.graph, self.inverse_norm
        items = sp.csr_array(g.row(viewer).multiply(d[np.newaxis, :]))
        users = sp.csr_array(g.pad(items[:, : g.n_base] @ self.base_t) + items @ g.delta_t)
        similar = sp.csr_array(g.pad(users[:, : g.n_base] @ g.base) + users @ g.delta)
        out = np.zeros(g.n)
        out[similar.indices] = similar.data
        scores: np.ndarray = out * d
        return scores


def _entry(m: sp.csr_array, row: int, col: int) -> float:
    start, end = m.indptr[row], m.indptr[row + 1]
    at = start + int(np.searchsorted(m.indices[start:end], col))
    return float(m.data[at]) if at < end and m.indices[at] == col else 0.0
