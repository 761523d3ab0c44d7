"""Roles: what each account does in its network, with a score and reasons.

And docs/failures.md "Roles": sellers (often minors themselves,
so the action differs), buyers, aggregators, traders, backups; watchdogs
and accounts that touched the network once are never members. Evidence from
the account's own content decides first, the most specific kind first
(seller wording is also reposted by aggregators and used by traders, so it
comes after their evidence and after mostly mentioning the network); graph
structure decides the rest (sellers are followed by the network, buyers
follow sellers, aggregators mostly mention). Every reason is a measured fact.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from netbrake.graph._graph import KINDS, Graph
from netbrake.graph._membership import Membership
from netbrake.graph._node_evidence import NodeEvidence
from netbrake.graph._params import MappingParams
from netbrake.platform import ROLES

ROLE_CODE = {name: code for code, name in enumerate(ROLES)}
_FOLLOW, _MENTION = KINDS.index("follow"), KINDS.index("mention")


@dataclass(frozen=True, eq=False)
class RoleAssignment:
    """``role[v]`` indexes `netbrake.platform.schema.ROLES`; ``score[v]`` in [0, 1] is
    the confidence that v is a member (>= 0.5 exactly for members);
    ``reasons[v]`` lists why, for every account the mapping looked at."""

    role: np.ndarray
    score: np.ndarray
    reasons: Mapping[int, tuple[str, ...]]


@dataclass(frozen=True, eq=False)
class _InNetwork:
    """Contacts between accounts of the same network, per node."""

    followers: np.ndarray
    following: np.ndarray
    mentions: np.ndarray
    contacts_out: np.ndarray
    follow_src: np.ndarray
    follow_dst: np.ndarray


def _in_network(graph: Graph, network: np.ndarray) -> _InNetwork:
    n = graph.n
    # One cheap boolean gather over all edges, then work on the members' edges only.
    at = np.flatnonzero((network >= 0)[graph.edge_src])
    at = at[network[graph.edge_src[at]] == network[graph.edge_dst[at]]]
    src, dst, kind = graph.edge_src[at], graph.edge_dst[at], graph.edge_kind[at]
    follow = np.unique((src[kind == _FOLLOW].astype(np.int64) * n) + dst[kind == _FOLLOW])
    fs, fd = follow // max(n, 1), follow % max(n, 1)
    return _InNetwork(
        followers=np.bincount(fd, minlength=n),
        following=np.bincount(fs, minlength=n),
        mentions=np.bincount(src[kind == _MENTION], minlength=n),
        contacts_out=np.bincount(src, minlength=n),
        follow_src=fs,
        follow_dst=fd,
    )


def _member_roles(
    member: np.ndarray, ev: NodeEvidence, net: _InNetwork, p: MappingParams
) -> np.ndarray:
    role = np.full(member.size, ROLE_CODE["benign"], dtype=np.int8)
    structural_seller = (net.followers >= p.seller_min_followers) & (
        net.followers >= p.seller_follow_ratio * np.maximum(net.following, 1)
    )
    mention_heavy = (net.mentions >= p.aggregator_min_mentions) & (
        net.mentions >= p.aggregator_mention_share * np.maximum(net.contacts_out, 1)
    )
    strong = p.role_evidence_min
    # First match wins (np.select takes the first true). Seller wording is the
    # least specific evidence: aggregators repost sellers' ads and traders
    # advertise too, so both carry it; their own evidence (off-platform links,
    # many accounts tagged across hashtagged posts) or mostly mentioning the
    # network says more and comes first. A true seller has seller evidence
    # and few mentions, so it stays a seller.
    role[member] = np.select(
        [
            ev.backup >= strong,
            ev.trader >= strong,
            ev.aggregator >= strong,
            mention_heavy,
            ev.seller >= strong,
            structural_seller,
        ],
        [
            ROLE_CODE[r]
            for r in ("backup", "trader", "aggregator", "aggregator", "seller", "seller")
        ],
        default=ROLE_CODE["buyer"],
    )[member]
    return role


def assign_roles(
    graph: Graph,
    members: Membership,
    network: np.ndarray,
    evidence: NodeEvidence,
    watchdog: np.ndarray,
    params: MappingParams,
) -> RoleAssignment:
    """Role, score and reasons for every node.

    ``network`` is each node's network id (-1: not a member); ``watchdog``
    marks accounts found to be watchdogs (by evidence or structure).
    """
    member = network >= 0
    net = _in_network(graph, network)
    role = _member_roles(member, evidence, net, params)
    seller = role == ROLE_CODE["seller"]
    sellers_followed = np.bincount(net.follow_src[seller[net.follow_dst]], minlength=graph.n)
    outside = ~member & ~watchdog
    reached_out = (members.out_links >= 1) & (members.out_links <= params.touched_max_links)
    role[outside & reached_out] = ROLE_CODE["touched"]
    role[watchdog & ~member] = ROLE_CODE["watchdog"]
    near = (members.out_links >= params.min_links) | (members.in_links >= params.min_in_links)
    explained = member | watchdog | (role == ROLE_CODE["touched"]) | near
    ev_max = np.maximum.reduce(
        [evidence.seller, evidence.trader, evidence.aggregator, evidence.backup]
    )
    # How strong the evidence that decided is: the account's own, or the share of its
    # contacts into the evidence core (or of its contacts from members, for the core).
    tie = np.where(members.core, members.in_share, members.core_share)
    strength = np.maximum(np.minimum(tie, 1.0), ev_max)
    score = np.where(member, 0.5 + 0.5 * strength, 0.49 * strength)
    score[role == ROLE_CODE["watchdog"]] = 0.0
    reasons: dict[int, tuple[str, ...]] = {}
    for v in np.flatnonzero(explained).tolist():
        reasons[v] = _reasons(v, role[v], network[v], members, net, sellers_followed, evidence)
    return RoleAssignment(role, np.clip(score, 0.0, 1.0), reasons)


def _reasons(
    v: int,
    code: int,
    k: int,
    m: Membership,
    net: _InNetwork,
    sellers_followed: np.ndarray,
    ev: NodeEvidence,
) -> tuple[str, ...]:
    name = ROLES[code]
    out: list[str] = []
    if name == "seller" and net.followers[v]:
        out.append(f"followed by {net.followers[v]} accounts of network {k}")
    if name in ("buyer", "trader", "aggregator", "backup") and sellers_followed[v]:
        out.append(f"follows {sellers_followed[v]} seller accounts in network {k}")
    if name == "aggregator" and net.mentions[v]:
        out.append(f"mentions accounts of network {k} {net.mentions[v]} times")
    contact = f"contacts {m.out_links[v]} members ({m.out_share[v]:.0%} of its outgoing contact)"
    contacted = f"contacted by {m.in_links[v]} members ({m.in_share[v]:.0%} of its incoming)"
    if k >= 0:
        out.append(f"{contact}; {contacted}")
    elif name == "watchdog" and ev.watchdog[v] > 0:
        out.append(f"watchdog profile evidence {ev.watchdog[v]:.2f}: never a member")
    elif name == "touched":
        out.append(f"touched the network: {contact}; not a member")
    elif name != "watchdog":
        out.append(f"{contact}; {contacted}: too few or too small a share, not a member")
    out.extend(ev.notes.get(v, ()))
    return tuple(out)
