"""`NetworkSummary`: one mapped network in numbers (size by role, unique followers)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from netbrake.graph._graph import KINDS, Graph
from netbrake.graph._roles import ROLE_CODE
from netbrake.platform import ROLES


@dataclass(frozen=True)
class NetworkSummary:
    """One network: ``size`` members, ``roles`` (role name -> count, members only),
    ``seller_followers`` (distinct accounts anywhere on the platform that follow
    at least one of its sellers: the reach docs/failures.md reports as "112 sellers
    had 22,000 unique followers"), ``central`` (account ids with the most
    member contacts) and ``seeds`` (the seed accounts that fell in it)."""

    network_id: int
    size: int
    roles: Mapping[str, int]
    seller_followers: int
    central: tuple[str, ...]
    seeds: tuple[str, ...]


def summarise(
    graph: Graph,
    network: np.ndarray,
    role: np.ndarray,
    links: np.ndarray,
    seeds: np.ndarray,
    top: int,
) -> tuple[NetworkSummary, ...]:
    """A summary per network id ``0..max(network)``."""
    count = int(network.max(initial=-1)) + 1
    if count == 0:
        return ()
    seller_net = np.where(role == ROLE_CODE["seller"], network, -1)
    hit = np.flatnonzero((seller_net >= 0)[graph.edge_dst])
    hit = hit[graph.edge_kind[hit] == KINDS.index("follow")]
    pairs = np.unique(seller_net[graph.edge_dst[hit]] * max(graph.n, 1) + graph.edge_src[hit])
    followers = np.bincount(pairs // max(graph.n, 1), minlength=count)
    members = np.flatnonzero(network >= 0)
    by_net = members[np.lexsort((members, -links[members], network[members]))]
    starts = np.searchsorted(network[by_net], np.arange(count + 1))
    seed_net = network[seeds]
    ids = graph.ids
    out = []
    for k in range(count):
        nodes = by_net[starts[k] : starts[k + 1]]
        codes = np.bincount(role[nodes], minlength=len(ROLES))
        out.append(
            NetworkSummary(
                network_id=k,
                size=int(nodes.size),
                roles={ROLES[c]: int(codes[c]) for c in np.flatnonzero(codes)},
                seller_followers=int(followers[k]),
                central=tuple(ids[int(v)].as_py() for v in nodes[:top]),
                seeds=tuple(ids[int(v)].as_py() for v in np.sort(seeds[seed_net == k])),
            )
        )
    return tuple(out)
