"""`Contacts`: the live contact graph as adjacency maps, and its neighbourhood cuts (F10).

Edges arrive one at a time; membership asks about a few nodes at a time.
Each node's count of distinct neighbours over edges of positive policy weight
is kept as edges arrive: it is the graph's ``neighbour_counts`` and so gives
the hub damping ``1 / log(5 + neighbours)`` of any node without a cut
(:meth:`Contacts.scale`). A cut holds the judged nodes, their neighbours and their neighbours'
neighbours, so the hub-damped shares of the judged nodes are computed over
complete rows (:attr:`netbrake.graph.Graph.complete`). A cut larger than
``max_nodes`` is not built: the nodes wait for the periodic full scan rather
than being judged on part of their contacts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import replace

import numpy as np

from netbrake.graph import Graph, build_graph, hub_scale


class Contacts:
    """Directed contacts with their kinds: ``out[u][v]`` counts the edges u -> v per kind.

    A repeated contact (the same follow sent again) adds to a count, not to a list:
    memory grows with the distinct contacts, not with the events (a soak stays flat).
    """

    def __init__(self, kind_weights: Mapping[str, float] | None = None) -> None:
        self.out: dict[str, dict[str, dict[str, int]]] = defaultdict(dict)
        self.inn: dict[str, set[str]] = defaultdict(set)
        self.edges = 0
        #: Edge kinds that diffuse (positive weight); None: every kind.
        self.positive = (
            None if kind_weights is None else frozenset(k for k, w in kind_weights.items() if w > 0)
        )
        #: Distinct neighbours of each node over edges of positive weight, either direction.
        self.degree: dict[str, int] = defaultdict(int)

    def add(self, src: str, dst: str, kind: str) -> None:
        if src == dst:
            return
        diffuses = self.positive is None or kind in self.positive
        if diffuses and not (self._linked(src, dst) or self._linked(dst, src)):
            self.degree[src] += 1
            self.degree[dst] += 1
        kinds = self.out[src].setdefault(dst, {})
        kinds[kind] = kinds.get(kind, 0) + 1
        self.inn[dst].add(src)
        self.edges += 1

    def _linked(self, src: str, dst: str) -> bool:
        """Whether an edge of positive weight src -> dst is already held."""
        kinds = self.out.get(src, {}).get(dst)
        if not kinds:
            return False
        return self.positive is None or any(k in self.positive for k in kinds)

    def scale(self, node: str) -> float:
        """Hub damping of ``node``, as :attr:`netbrake.graph.Graph.contact_scale` has it."""
        return float(hub_scale(self.degree.get(node, 0)))

    def neighbours(self, node: str) -> set[str]:
        found = set(self.out.get(node, ()))
        found.update(self.inn.get(node, ()))
        return found

    def cut(
        self, judged: Iterable[str], kind_weights: Mapping[str, float], max_nodes: int
    ) -> Graph | None:
        """The two-hop cut around ``judged`` as a :class:`Graph` (None when too large)."""
        inner = set(judged)
        for node in list(inner):
            inner |= self.neighbours(node)
            if len(inner) > max_nodes:
                return None
        nodes = set(inner)
        for node in inner:
            nodes |= self.neighbours(node)
            if len(nodes) > max_nodes:
                return None
        ids = sorted(nodes)
        src: list[str] = []
        dst: list[str] = []
        kinds: list[str] = []
        for u in ids:
            for v, found in self.out.get(u, {}).items():
                if v in nodes:
                    for kind, count in found.items():  # one row per edge, as the export has
                        src.extend([u] * count)
                        dst.extend([v] * count)
                        kinds.extend([kind] * count)
        graph = build_graph(ids, src, dst, kinds, dict(kind_weights))
        complete = np.isin(np.asarray(ids, dtype=object), list(inner))
        return replace(graph, complete=complete)
