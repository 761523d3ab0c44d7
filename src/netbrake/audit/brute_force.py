"""Plain-Python reference scores, kept beside the sparse models.

Dictionaries and loops straight from the definitions; tests check that
:class:`PeopleYouMayKnow` and :class:`ItemCooccurrence` agree with them.
"""

from __future__ import annotations

import math
from collections import defaultdict

from netbrake.audit.interaction import FEED
from netbrake.audit.interaction_graph import InteractionGraph

Affinity = dict[int, dict[int, float]]


def affinity(graph: InteractionGraph) -> Affinity:
    """``out[u][v]``: platform plus probe affinity of u for v."""
    out: Affinity = defaultdict(dict)
    for m in (graph.base, graph.delta):
        coo = m.tocoo()
        for u, v, w in zip(coo.row.tolist(), coo.col.tolist(), coo.data.tolist(), strict=True):
            out[u][v] = out[u].get(v, 0.0) + w
    return out


def people_you_may_know(graph: InteractionGraph, viewer: int, surface: str) -> dict[int, float]:
    """Adamic-Adar over undirected neighbours (directed for the feed); platform degrees."""
    out = affinity(graph)
    sym: Affinity = defaultdict(dict)
    for u, row in out.items():
        for v, w in row.items():
            sym[u][v] = sym[u].get(v, 0.0) + w
            sym[v][u] = sym[v].get(u, 0.0) + w
    base = graph.base.tocoo()
    degree: dict[int, set[int]] = defaultdict(set)
    for u, v in zip(base.row.tolist(), base.col.tolist(), strict=True):
        degree[u].add(v)
        degree[v].add(u)
    walk = out if surface == FEED else sym
    scores: dict[int, float] = defaultdict(float)
    for x, w in walk.get(viewer, {}).items():
        shared = 1.0 / math.log(2.0 + len(degree[x])) if x < graph.n_base else 1.0
        for v, w2 in walk.get(x, {}).items():
            scores[v] += w * shared * w2
    return dict(scores)


def item_cosine(graph: InteractionGraph, viewer: int) -> dict[int, float]:
    """``sum_i r[viewer, i] * cos(column i, column j)`` for every item ``j``."""
    out = affinity(graph)
    columns: Affinity = defaultdict(dict)
    for u, row in out.items():
        for v, w in row.items():
            columns[v][u] = w
    norm = {j: math.sqrt(sum(w * w for w in col.values())) for j, col in columns.items()}
    scores: dict[int, float] = defaultdict(float)
    for i, r in out.get(viewer, {}).items():
        for j, col in columns.items():
            dot = sum(w * col.get(u, 0.0) for u, w in columns[i].items())
            if dot:
                scores[j] += r * dot / (norm[i] * norm[j])
    return dict(scores)
