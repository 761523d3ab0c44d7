"""`GraphRecommender`: what the reference recommenders share.

Ranking is the same for every reference model: the model scores accounts, the
best ``n`` positive scores win (ties broken by the platform's account order,
so results are deterministic), and a short list is backfilled with the most
followed accounts, as production "suggested for you" modules do for cold
starts. The viewer, accounts it already engaged with, taken-down accounts and
probe accounts are never suggested.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from typing import Self

import numpy as np

from netbrake.audit.interaction import FEED, SUGGESTED_ACCOUNTS, Interaction
from netbrake.audit.interaction_graph import InteractionGraph

#: Surfaces the reference recommenders serve.
SURFACES = (SUGGESTED_ACCOUNTS, FEED)


@dataclass(frozen=True, eq=False)
class GraphRecommender(ABC):
    """A recommender scoring accounts from an :class:`InteractionGraph`."""

    graph: InteractionGraph

    @classmethod
    @abstractmethod
    def build(cls, graph: InteractionGraph) -> Self:
        """The recommender for this graph, with its model precomputed."""

    @property
    def name(self) -> str:
        return type(self).__name__

    @abstractmethod
    def scores(self, viewer: int, surface: str) -> np.ndarray:
        """Dense model score of every account (length ``graph.n``) for this viewer."""

    def recommend(self, viewer_id: str, n: int, *, surface: str = SUGGESTED_ACCOUNTS) -> list[str]:
        if surface not in SURFACES:
            raise ValueError(f"{self.name} serves {', '.join(SURFACES)}, not {surface!r}")
        if n <= 0:
            return []
        g = self.graph
        viewer = g.position(viewer_id)
        if viewer is None:
            ok = ~g.removed.copy()
            ok[g.n_base :] = False
            scores = np.zeros(g.n)
        else:
            ok = g.candidates(viewer)
            scores = self.scores(viewer, surface)
        picked = _top(np.where(ok & (scores > 0), scores, 0.0), n)
        if len(picked) < n:
            ok[picked] = False
            popular = np.zeros(g.n)
            popular[: g.n_base] = g.followers + 1.0
            picked = np.concatenate([picked, _top(np.where(ok, popular, 0.0), n - len(picked))])
        return [g.account(int(i)) for i in picked]

    def with_interactions(self, interactions: Sequence[Interaction]) -> Self:
        # Probe interactions live in the graph's delta: the precomputed model stays valid.
        return replace(self, graph=self.graph.with_interactions(interactions))

    def without_accounts(self, account_ids: Collection[str]) -> Self:
        return type(self).build(self.graph.without_accounts(account_ids))

    def without_pairs(self, pairs: Collection[tuple[str, str]]) -> Self:
        return type(self).build(self.graph.without_pairs(pairs))


def _top(scores: np.ndarray, n: int) -> np.ndarray:
    """Indices of the ``n`` largest positive scores, best first, lower index on ties."""
    positive = np.flatnonzero(scores > 0)
    if len(positive) > n:
        cut = np.partition(scores[positive], len(positive) - n)[len(positive) - n]
        positive = positive[scores[positive] >= cut]
    order = np.lexsort((positive, -scores[positive]))
    return positive[order[:n]]
