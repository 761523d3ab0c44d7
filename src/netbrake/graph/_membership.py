"""Who belongs to a network: growth bounded by evidence, and watchdog detection.

With the bound that real backdrop graphs demand (docs/failures.md
F10: a mapping that floods bans a platform). Growth keeps two sets. The
evidence core holds the anchors (seeds, strong indicators, hash matches,
reports a reviewer upheld) and the accounts the members seek out: at least
``min_in_links`` members contact it and they make at least ``min_in_share``
of those who contact it (sellers are followed by buyers). A member is in the
core or reaches out to it: it contacts at least ``min_links`` accounts of the
core that make at least ``min_share`` of its contacts (shares hub-damped:
following popular accounts is what everyone does), or it contacts the core
and ``min_links`` members who make ``near_share`` of its contacts, or it
contacts ``cover_links`` or more of one network's core making ``cover_share``
of that core (a buyer of a small network follows all of its few sellers), or
it has repeated contacts (follows and likes) with ``engaged_links`` core
accounts, all but one. Contacts into other joiners never
count, so growth cannot run away from the evidence through a dense ordinary
community. An ordinary user who touched the network has one to three
contacts among many of its own; an account members follow as camouflage is
contacted by members but does not contact them, and they are a small share
of who contacts it; a watchdog is excluded explicitly, by evidence or by its
contact pattern (`structural_watchdogs`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from netbrake.graph._graph import Graph
from netbrake.graph._params import MappingParams


@dataclass(frozen=True, eq=False)
class Membership:
    """Members after growth, and the measurements that decided it.

    For every node: ``out_links`` / ``in_links`` count the distinct members
    it contacts / that contact it, ``out_share`` / ``in_share`` are those
    members' hub-damped share of all accounts it contacts / that contact it;
    ``core_links`` / ``core_share`` count the accounts of the evidence core
    it contacts and their hub-damped share of all it contacts;
    ``core`` marks the evidence core; ``candidates`` are the nodes with any
    member contact.
    """

    member: np.ndarray
    candidates: np.ndarray
    out_links: np.ndarray
    in_links: np.ndarray
    out_share: np.ndarray
    in_share: np.ndarray
    rounds: int
    core: np.ndarray
    core_links: np.ndarray
    core_share: np.ndarray

    @property
    def links(self) -> np.ndarray:
        """Member contacts in either direction (a reciprocated pair counts twice)."""
        both: np.ndarray = self.out_links + self.in_links
        return both

    @property
    def share(self) -> np.ndarray:
        """The larger of the two directed shares."""
        best: np.ndarray = np.maximum(self.out_share, self.in_share)
        return best


def _from_members(
    matrix: sp.csr_array, member_ids: np.ndarray, scale: np.ndarray, n: int
) -> tuple[np.ndarray, np.ndarray]:
    """Scatter from the members' rows: per target node, how many members and their damped weight."""
    counts = np.diff(matrix.indptr)[member_ids]
    starts = matrix.indptr[member_ids].astype(np.int64)
    pos = np.repeat(starts - (np.cumsum(counts) - counts), counts) + np.arange(int(counts.sum()))
    targets = matrix.indices[pos]
    weights = np.repeat(scale[member_ids], counts)
    return np.bincount(targets, minlength=n), np.bincount(targets, weights=weights, minlength=n)


def _engaged_from(matrix: sp.csr_array, rows: np.ndarray, n: int) -> np.ndarray:
    """Per target node: how many of ``rows`` it has two or more contacts with (follows and
    likes, comments, messages: engagement, not a single touch)."""
    counts = np.diff(matrix.indptr)[rows]
    starts = matrix.indptr[rows].astype(np.int64)
    pos = np.repeat(starts - (np.cumsum(counts) - counts), counts) + np.arange(int(counts.sum()))
    repeated = matrix.data[pos] >= 2
    return np.bincount(matrix.indices[pos][repeated], minlength=n)


def _sought(
    graph: Graph, member: np.ndarray, params: MappingParams
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(sought by members, in_links, in_share): the in-rule against ``member``."""
    scale, _, in_total = graph.contact_scale
    in_links, in_mass = _from_members(graph.contact_out, np.flatnonzero(member), scale, graph.n)
    in_share = np.divide(in_mass, in_total, out=np.zeros(graph.n), where=in_total > 0)
    sought = (in_links >= params.min_in_links) & (in_share >= params.min_in_share)
    return sought, in_links, in_share


def _coverage(graph: Graph, member: np.ndarray, core: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per node: its contacts into the core of one network (the network it contacts most)
    and their share of that network's core.

    Networks here are the connected components of the members. A buyer of a network
    with two sellers follows both: two contacts, all of its core.
    """
    n = graph.n
    inside = np.flatnonzero(member | core)
    if inside.size == 0:
        return np.zeros(n, np.int64), np.zeros(n)
    sub = graph.sym[inside][:, inside]
    _, label = connected_components(sub, directed=False)
    component = np.full(n, -1, np.int64)
    component[inside] = label
    core_nodes = np.flatnonzero(core)
    core_size = np.bincount(component[core_nodes], minlength=int(label.max()) + 1)
    counts = np.diff(graph.contact_in.indptr)[core_nodes]
    starts = graph.contact_in.indptr[core_nodes].astype(np.int64)
    pos = np.repeat(starts - (np.cumsum(counts) - counts), counts) + np.arange(int(counts.sum()))
    who = graph.contact_in.indices[pos].astype(np.int64)
    where = np.repeat(component[core_nodes], counts)
    pairs, links = np.unique(who * core_size.size + where, return_counts=True)
    if pairs.size == 0:
        return np.zeros(n, np.int64), np.zeros(n)
    node, net = pairs // core_size.size, pairs % core_size.size
    best_links = np.zeros(n, np.int64)
    best_cover = np.zeros(n)
    cover = links / np.maximum(core_size[net], 1)
    # Per node, the network it contacts most: the last of its rows sorted by links, cover.
    order = np.lexsort((cover, links, node))
    last = order[np.r_[node[order][1:] != node[order][:-1], True]]
    best_links[node[last]] = links[last]
    best_cover[node[last]] = cover[last]
    return best_links, best_cover


def _reaches(
    graph: Graph, member: np.ndarray, core: np.ndarray, params: MappingParams
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(who reaches out to the evidence core enough to be a member, contacts into the core,
    their share of each node's contacts).

    Shares are hub-damped: following popular accounts is what everyone does.
    """
    n = graph.n
    scale, out_total, _ = graph.contact_scale
    core_ids = np.flatnonzero(core)
    # A core account's in-row lists who contacts it: those accounts reach out to the core.
    core_links, core_mass = _from_members(graph.contact_in, core_ids, scale, n)
    core_share = np.divide(core_mass, out_total, out=np.zeros(n), where=out_total > 0)
    links, mass = _from_members(graph.contact_in, np.flatnonzero(member), scale, n)
    share = np.divide(mass, out_total, out=np.zeros(n), where=out_total > 0)
    net_links, cover = _coverage(graph, member, core)
    engaged = _engaged_from(graph.contact_in, core_ids, n)
    enough = core_share >= params.min_share
    reach = (
        ((core_links >= params.min_links) & enough)
        # Fewer contacts, but repeated ones: a bystander touches each account once.
        | ((core_links >= params.engaged_links) & (engaged >= params.engaged_links - 1) & enough)
        # In the core's own neighbourhood only: mostly members among its contacts.
        | ((core_links >= 1) & (links >= params.min_links) & (share >= params.near_share))
        # Most of a small network's core: a buyer of a network with few sellers.
        | ((net_links >= params.cover_links) & (cover >= params.cover_share) & enough)
    )
    return reach, core_links, core_share


def grow_members(
    graph: Graph,
    start: np.ndarray,
    anchors: np.ndarray,
    blocked: np.ndarray,
    params: MappingParams,
    around: np.ndarray | None = None,
) -> Membership:
    """Iterate the membership rule from ``start`` to a fixed point (or ``max_rounds``).

    ``anchors`` (node ids with evidence of their own) stay members and form
    the first evidence core; ``start`` (the dense cores found around them)
    supports the in-rule, and so do the accounts of ``around`` (their local
    clusters) that contact the core; ``blocked`` (watchdogs) never become
    members. Each round reads only the rows of the core and the members, never
    a hub's: the totals each share is divided by are computed once.
    """
    n = graph.n
    scale, out_total, _ = graph.contact_scale
    pinned = np.zeros(n, bool)
    pinned[anchors] = True
    pinned &= ~blocked
    proposed = np.zeros(n, bool)
    if pinned.any():  # no evidence, no members: proposals alone never make a network
        proposed[start] = True
    proposed &= ~blocked
    nearby = np.zeros(n, bool)
    if around is not None and pinned.any():
        nearby[around] = True
    nearby &= ~blocked
    # A node with contacts missing from this graph (a neighbourhood cut) is never judged on
    # the part it shows; anchors stay members.
    judged = ~blocked if graph.complete is None else graph.complete & ~blocked
    member = pinned.copy()
    core = pinned.copy()
    core_links, _ = _from_members(graph.contact_in, np.flatnonzero(core), scale, n)
    rounds = 0
    while True:
        rounds += 1
        # The dense cores around the anchors support the in-rule from the start, and so do
        # the accounts of their local clusters that contact the core: a seller followed by
        # the buyers around a seed is sought out before those buyers qualify, while a
        # cluster's ordinary accounts cannot vouch for each other. The core only grows.
        support = member | proposed | (nearby & (core_links >= 1))
        sought, _, _ = _sought(graph, support, params)
        grew = bool((sought & judged & ~core).any())
        core |= sought & judged
        reach, core_links, core_share = _reaches(graph, member, core, params)
        grown = (core | (reach & judged)) & ~blocked
        if (not grew and np.array_equal(grown, member)) or rounds >= params.max_rounds:
            member = grown
            break
        member = grown
    inside = np.flatnonzero(member)
    out_links, out_mass = _from_members(graph.contact_in, inside, scale, n)
    _, in_links, in_share = _sought(graph, member, params)
    out_share = np.divide(out_mass, out_total, out=np.zeros(n), where=out_total > 0)
    candidates = np.flatnonzero(member | (out_links > 0) | (in_links > 0))
    return Membership(
        member,
        candidates,
        out_links,
        in_links,
        out_share,
        in_share,
        rounds,
        core,
        core_links,
        core_share,
    )


def network_contacts(
    graph: Graph, nodes: np.ndarray, network: np.ndarray, incoming: bool
) -> np.ndarray:
    """For each of ``nodes``: distinct accounts of its own network it contacts (or that contact it)."""
    matrix = graph.contact_in if incoming else graph.contact_out
    rows = matrix[nodes]
    owner = np.repeat(network[nodes], np.diff(rows.indptr))
    same = (network[rows.indices] == owner) & (owner >= 0)
    running = np.concatenate(([0], np.cumsum(same, dtype=np.int64)))
    return np.asarray(running[rows.indptr[1:]] - running[rows.indptr[:-1]], dtype=np.int64)


def structural_watchdogs(
    graph: Graph, network: np.ndarray, params: MappingParams
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Members whose contact pattern is a watchdog's: broad and unreciprocated.

    Returns ``(nodes, contacted, contacted_back)``: the watchdog node ids, the
    number of members of their network each contacts and how many members of
    that network contact it.
    """
    nodes = np.flatnonzero(network >= 0)
    if nodes.size == 0:
        return nodes, nodes, nodes
    out_to = network_contacts(graph, nodes, network, incoming=False)
    in_from = network_contacts(graph, nodes, network, incoming=True)
    size = np.bincount(network[nodes])[network[nodes]]
    coverage = out_to / np.maximum(size - 1, 1)
    hit = (
        (out_to >= params.watchdog_min_contacts)
        & (coverage >= params.watchdog_min_coverage)
        & (in_from <= params.watchdog_max_reciprocity * out_to)
    )
    return nodes[hit], out_to[hit], in_from[hit]
