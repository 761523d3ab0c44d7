"""Who belongs to a network: growth from a dense core, and watchdog detection.

Issue 4, step 4. A member keeps company with members: it contacts at least
``min_links`` distinct members, who make at least ``min_share`` of the
accounts it contacts (hub-damped), or at least ``min_in_links`` members
contact it and they make at least ``min_in_share`` of those who contact it.
That rule rejects the kinds of noise the issue names: an ordinary user who
touched the network once has one link; an account that members follow as
camouflage, or as ordinary users do, is contacted by members but does not
contact them, and members are a small share of who contacts it; a watchdog
is excluded explicitly, by evidence or by its contact pattern
(`structural_watchdogs`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from netbrake.graph._graph import Graph
from netbrake.graph._params import MappingParams


@dataclass(frozen=True, eq=False)
class Membership:
    """Members after growth, and the measurements that decided it.

    For every node: ``out_links`` / ``in_links`` count the distinct members
    it contacts / that contact it, ``out_share`` / ``in_share`` are those
    members' hub-damped share of all accounts it contacts / that contact it;
    ``candidates`` are the nodes with any member contact.
    """

    member: np.ndarray
    candidates: np.ndarray
    out_links: np.ndarray
    in_links: np.ndarray
    out_share: np.ndarray
    in_share: np.ndarray
    rounds: int

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


def grow_members(
    graph: Graph,
    start: np.ndarray,
    seeds: np.ndarray,
    blocked: np.ndarray,
    params: MappingParams,
) -> Membership:
    """Iterate the membership rule from ``start`` to a fixed point (or ``max_rounds``).

    ``seeds`` stay members; ``blocked`` (watchdogs) never become members.
    Each round reads only the members' own rows, never a hub's: the totals
    each share is divided by are computed once.
    """
    n = graph.n
    scale, out_total, in_total = graph.contact_scale
    pinned = np.zeros(n, bool)
    pinned[seeds] = True
    pinned &= ~blocked
    member = np.zeros(n, bool)
    member[start] = True
    member = (member | pinned) & ~blocked
    rounds = 0
    while True:
        rounds += 1
        inside = np.flatnonzero(member)
        # A member's in-row lists who contacts it: those accounts reach out to a member.
        out_links, out_mass = _from_members(graph.contact_in, inside, scale, n)
        in_links, in_mass = _from_members(graph.contact_out, inside, scale, n)
        out_share = np.divide(out_mass, out_total, out=np.zeros(n), where=out_total > 0)
        in_share = np.divide(in_mass, in_total, out=np.zeros(n), where=in_total > 0)
        # Reaching out to members (buyers follow sellers) or being sought by them
        # (sellers are followed by buyers); being followed by a few members is not
        # membership: members follow ordinary accounts too.
        grown = ((out_links >= params.min_links) & (out_share >= params.min_share)) | (
            (in_links >= params.min_in_links) & (in_share >= params.min_in_share)
        )
        grown = (grown | pinned) & ~blocked
        if np.array_equal(grown, member) or rounds >= params.max_rounds:
            break
        member = grown
    candidates = np.flatnonzero(member | (out_links > 0) | (in_links > 0))
    return Membership(member, candidates, out_links, in_links, out_share, in_share, rounds)


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
