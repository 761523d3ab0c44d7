"""The membership rule for a few touched nodes, on a neighbourhood cut (F9, F10).

Live mode cannot re-run :func:`netbrake.graph.map_networks` per event; it asks
the batch rule itself about the nodes an event touched. The caller builds a
two-hop cut around them (so every share's denominator is complete for the
judged nodes and their contacts, see :attr:`Graph.complete`) and marks the
current members and evidence core; the same thresholds decide who joins and
who is sought out. Nothing here makes a member without the anchored core.
"""

from __future__ import annotations

import numpy as np

from netbrake.graph._graph import Graph
from netbrake.graph._membership import _reaches, _sought
from netbrake.graph._params import MappingParams


def local_membership(
    graph: Graph, member: np.ndarray, core: np.ndarray, blocked: np.ndarray, params: MappingParams
) -> tuple[np.ndarray, np.ndarray]:
    """(joins the core, reaches the core) per node of ``graph`` under the batch rules.

    Only nodes marked complete are judged; ``blocked`` (watchdogs, removed
    persons' contacts that must not count) never join. With no core there are
    no members: proposals alone never make a network.
    """
    judged = ~blocked if graph.complete is None else graph.complete & ~blocked
    if not core.any():
        none = np.zeros(graph.n, bool)
        return none, none
    sought, _, _ = _sought(graph, member | core, params)
    reach, _, _ = _reaches(graph, member, core, params)
    return sought & judged & ~core, reach & judged & ~member
