"""`PeopleYouMayKnow`: friends of friends on the interaction graph (Adamic-Adar).

The classic link-prediction score (Adamic & Adar 2003; Liben-Nowell &
Kleinberg 2007): an account is suggested when it shares neighbours with the
viewer, each shared neighbour counting ``1 / log(2 + degree)`` so that a
celebrity everyone follows says little. Neighbours are undirected (followed,
followers, viewed, viewers), which is what makes a single view of a network
member lead straight to the member's buyers and fellow sellers (docs/failures.md
F1). The feed surface is directed: accounts that the accounts you engage with
engage with ("liked by people you follow").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Self

import numpy as np
import scipy.sparse as sp

from netbrake.audit.graph_recommender import GraphRecommender
from netbrake.audit.interaction import FEED
from netbrake.audit.interaction_graph import InteractionGraph


@dataclass(frozen=True, eq=False)
class PeopleYouMayKnow(GraphRecommender):
    """Friends-of-friends suggestions; ``sym`` is the platform graph made undirected."""

    sym: sp.csr_array
    shared_weight: np.ndarray

    @classmethod
    def build(cls, graph: InteractionGraph) -> Self:
        sym = sp.csr_array(graph.base + graph.base.T)
        degree = np.diff(sym.indptr).astype(np.float64)
        return cls(graph=graph, sym=sym, shared_weight=1.0 / np.log(2.0 + degree))

    def scores(self, viewer: int, surface: str) -> np.ndarray:
        g = self.graph
        delta_sym = g.delta_sym
        if surface == FEED:
            reach, through, base = g.row(viewer), g.delta, g.base
        else:
            reach = sp.csr_array(delta_sym[[viewer], :])
            if viewer < g.n_base:
                reach = sp.csr_array(reach + g.pad(self.sym[[viewer], :]))
            through, base = delta_sym, self.sym
        weight = np.ones(g.n)
        weight[: g.n_base] = self.shared_weight
        reach = sp.csr_array(reach.multiply(weight[np.newaxis, :]))
        out = np.zeros(g.n)
        head = sp.csr_array(reach[:, : g.n_base] @ base)
        out[head.indices] += head.data
        tail = sp.csr_array(reach @ through)
        out[tail.indices] += tail.data
        return out
