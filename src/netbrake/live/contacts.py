"""`Contacts`: the live contact graph as adjacency maps, and its neighbourhood cuts (F10).

Edges arrive one at a time; membership asks about a few nodes at a time. A
cut holds the judged nodes, their neighbours and their neighbours'
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

from netbrake.graph import Graph, build_graph


class Contacts:
    """Directed contacts with their kinds: ``out[u][v]`` lists the kinds of the edges u -> v."""

    def __init__(self) -> None:
        self.out: dict[str, dict[str, list[str]]] = defaultdict(dict)
        self.inn: dict[str, set[str]] = defaultdict(set)
        self.edges = 0

    def add(self, src: str, dst: str, kind: str) -> None:
        if src == dst:
            return
        self.out[src].setdefault(dst, []).append(kind)
        self.inn[dst].add(src)
        self.edges += 1

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
                    src.extend([u] * len(found))
                    dst.extend([v] * len(found))
                    kinds.extend(found)
        graph = build_graph(ids, src, dst, kinds, dict(kind_weights))
        complete = np.isin(np.asarray(ids, dtype=object), list(inner))
        return replace(graph, complete=complete)
