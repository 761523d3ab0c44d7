"""`map_networks`: from a few seed accounts to mapped networks with roles and reasons.

 (F10): a tight community is easy to map from a few seeds.
The steps, each explained in its module: hub-damped diffusion with watchdogs
muted (`_diffusion`); personalised PageRank from the seeds and strong seller
evidence, by local push or globally (`_push`, `_pagerank`); a dense core by
Fraudar-style peeling of the best-ranked accounts (`_peeling`); growth of the
membership to a fixed point, removing watchdogs (`_membership`); networks
(`_communities`); roles, scores and reasons (`_roles`, `_summary`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa

from netbrake.errors import InputError
from netbrake.graph._communities import split_networks
from netbrake.graph._cores import find_cores
from netbrake.graph._diffusion import Diffusion, diffusion
from netbrake.graph._graph import Graph
from netbrake.graph._membership import Membership, grow_members, structural_watchdogs
from netbrake.graph._node_evidence import NodeEvidence
from netbrake.graph._params import MappingParams
from netbrake.graph._roles import ROLE_CODE, assign_roles
from netbrake.graph._summary import NetworkSummary, summarise
from netbrake.platform import ROLES


@dataclass(frozen=True, eq=False)
class Placement:
    """What placed each member (arrays indexed by node id), as the reasons say in words.

    ``seed`` and ``anchor`` (strong evidence of its own) mark the anchors; ``core``
    the other accounts of the evidence core, which ``sought_by`` members contact;
    the rest joined through ``core_links`` contacts into the core, ``core_share``
    of their (hub-damped) contacts.
    """

    seed: np.ndarray
    anchor: np.ndarray
    core: np.ndarray
    sought_by: np.ndarray
    core_links: np.ndarray
    core_share: np.ndarray


@dataclass(frozen=True, eq=False)
class NetworkMap:
    """The mapping result for every account (arrays indexed by node id).

    ``score`` in [0, 1] (>= 0.5 exactly for members), ``member``, ``network``
    (-1: none), ``role`` (codes into `ROLES`), ``reasons`` (node id -> short
    sentences, for every account the mapping looked at), ``networks`` (one
    summary per network id) and ``explanation`` (what was done, and why a
    result is empty when it is).
    """

    ids: pa.Array
    score: np.ndarray
    member: np.ndarray
    network: np.ndarray
    role: np.ndarray
    reasons: Mapping[int, tuple[str, ...]]
    networks: tuple[NetworkSummary, ...]
    explanation: str
    stats: Mapping[str, float] = field(default_factory=dict)
    placement: Placement | None = None

    def role_names(self) -> np.ndarray:
        """Role of each account as a string."""
        names: np.ndarray = np.asarray(ROLES, dtype=object)[self.role]
        return names

    def to_arrow(self) -> pa.Table:
        """One row per account: account_id, score, member, role, network_id, reasons."""
        reasons = [list(self.reasons.get(v, ())) for v in range(len(self.ids))]
        return pa.table(
            {
                "account_id": self.ids,
                "score": pa.array(self.score, pa.float64()),
                "member": pa.array(self.member),
                "role": pa.array(self.role_names().tolist(), pa.string()),
                "network_id": pa.array(self.network, mask=self.network < 0),
                "reasons": pa.array(reasons, pa.list_(pa.string())),
            }
        )


def _empty(graph: Graph, explanation: str) -> NetworkMap:
    n = graph.n
    return NetworkMap(
        graph.ids,
        np.zeros(n),
        np.zeros(n, bool),
        np.full(n, -1, np.int64),
        np.full(n, ROLE_CODE["benign"], np.int8),
        {},
        (),
        explanation,
    )


def _seed_ids(graph: Graph, seeds: Sequence[str] | Sequence[int] | np.ndarray) -> np.ndarray:
    arr = np.asarray(seeds)
    if arr.size == 0:
        return np.zeros(0, np.int64)
    if arr.dtype.kind in "iu":
        return np.where((arr >= 0) & (arr < graph.n), arr, -1).astype(np.int64)
    return graph.index_of(arr.astype(str))


def _anchored(network: np.ndarray, anchors: np.ndarray) -> tuple[np.ndarray, int]:
    """Networks holding at least one anchor, renumbered; and how many were dropped.

    A group of accounts that only contact each other, with no seed, strong
    indicator, hash match or upheld report among them, is not a network: a
    set of "buyers" with no seller is ordinary users who follow the same accounts.
    """
    count = int(network.max()) + 1 if network.size else 0
    if count == 0:
        return network, 0
    held = np.zeros(count, bool)
    at = network[anchors]
    held[at[at >= 0]] = True
    renumber = np.where(held, np.cumsum(held) - 1, -1)
    out = np.where(network >= 0, renumber[np.maximum(network, 0)], -1)
    return out.astype(network.dtype), int((~held).sum())


def _placement(n: int, members: Membership, seeds: np.ndarray, strong: np.ndarray) -> Placement:
    seed = np.zeros(n, bool)
    seed[seeds] = True
    anchor = np.zeros(n, bool)
    anchor[strong] = True
    anchor &= ~seed
    core = members.core & ~seed & ~anchor
    return Placement(seed, anchor, core, members.in_links, members.core_links, members.core_share)


def _deciding(place: Placement, in_share: np.ndarray, network: np.ndarray) -> dict[int, str]:
    """For each member, the evidence that made it one (the first of its reasons), in words."""
    out: dict[int, str] = {}
    for v in np.flatnonzero(network >= 0).tolist():
        if place.seed[v]:
            out[v] = "seed account"
        elif place.anchor[v]:
            out[v] = "anchor: strong evidence of its own"
        elif place.core[v]:
            out[v] = (
                f"evidence core: sought out by {place.sought_by[v]} members "
                f"({in_share[v]:.0%} of who contacts it)"
            )
        else:
            out[v] = (
                f"joined through {place.core_links[v]} contacts into the evidence core "
                f"({place.core_share[v]:.0%} of its contacts)"
            )
    return out


def map_networks(
    graph: Graph,
    seeds: Sequence[str] | Sequence[int] | np.ndarray,
    evidence: NodeEvidence | None = None,
    params: MappingParams | None = None,
    diff: Diffusion | None = None,
) -> NetworkMap:
    """Map the networks reachable from ``seeds`` (account ids or node ids).

    ``evidence`` defaults to none (structure alone); ``diff`` may pass a
    precomputed `diffusion` of ``graph`` with the same watchdogs muted.
    Never fails on degenerate input: returns an empty map that says why.
    """
    p = params or MappingParams()
    ev = evidence if evidence is not None else NodeEvidence.empty(graph.n)
    if ev.n != graph.n:
        raise InputError(f"evidence covers {ev.n} accounts but the graph has {graph.n}")
    built = graph.report.describe()
    if graph.n == 0:
        return _empty(graph, f"empty graph: no accounts, nothing to map ({built})")
    asked = _seed_ids(graph, seeds)
    watch = ev.watchdog >= p.watchdog_evidence_min
    known = np.unique(asked[asked >= 0])
    seed_nodes = known[~watch[known]]
    notes = [
        f"{asked.size} seeds given, {seed_nodes.size} used "
        f"({int((asked < 0).sum())} unknown, {int(watch[known].sum())} watchdogs ignored)"
    ]
    extra = np.flatnonzero((ev.seller >= p.evidence_seed_min) & ~watch)
    extra = np.setdiff1d(extra, seed_nodes)
    restart = np.concatenate((seed_nodes, extra))
    if restart.size == 0:
        return _empty(graph, "; ".join([*notes, "no seeds and no strong seller evidence", built]))
    weights = np.concatenate(
        (np.ones(seed_nodes.size), np.full(extra.size, p.evidence_seed_weight))
    )
    diff = diff if diff is not None else diffusion(graph, p.hub_damping, muted=watch)
    found_cores = find_cores(diff, restart, weights, p)
    core = found_cores.core
    notes.append(
        f"{extra.size} accounts with strong seller evidence added as weak seeds; "
        f"{found_cores.expansions} expansions reached {found_cores.reached} accounts "
        f"({found_cores.edges_touched} edges read), best sweep-cut conductance "
        f"{found_cores.best_conductance:.3f}; dense cores {core.size} accounts"
    )
    blocked = watch.copy()
    extra_reasons: dict[int, tuple[str, ...]] = {}
    anchors = np.union1d(seed_nodes, extra)
    start = np.union1d(core, anchors)
    around = found_cores.clusters
    members = grow_members(graph, start, anchors, blocked, p, around)
    network, unanchored = _anchored(split_networks(graph, members.member, p), anchors)
    for _ in range(3):
        found, contacted, back = structural_watchdogs(graph, network, p)
        if found.size == 0:
            break
        blocked[found] = True
        for v, c, b in zip(found.tolist(), contacted.tolist(), back.tolist(), strict=True):
            extra_reasons[v] = (
                f"contacts {c} members of its network, {b} contact it back: watchdog pattern",
            )
        members = grow_members(graph, start, anchors, blocked, p, around)
        # Split again: watchdogs can join two networks into one component, and
        # within the merged one a second watchdog's coverage looks too small.
        network, unanchored = _anchored(split_networks(graph, members.member, p), anchors)
    # Outside the network, the same broad, unreciprocated contact is a watchdog's too.
    broad = (
        (network < 0)
        & (members.out_links >= p.watchdog_min_contacts)
        & (members.in_links <= p.watchdog_max_reciprocity * members.out_links)
    )
    watchdogs = blocked & (members.out_links > 0) | watch | broad
    roles = assign_roles(graph, members, network, ev, watchdogs, p)
    reasons = dict(roles.reasons)
    for v, why in extra_reasons.items():
        reasons[v] = why + reasons.get(v, ())
    place = _placement(graph.n, members, seed_nodes, extra)
    for v, deciding in _deciding(place, members.in_share, network).items():
        reasons[v] = (deciding, *reasons.get(v, ()))
    summaries = summarise(graph, network, roles.role, members.links, seed_nodes, p.central_accounts)
    member = network >= 0
    if unanchored:
        notes.append(
            f"{unanchored} groups without a seed or strong evidence of their own dropped: "
            "no network without strong evidence"
        )
    notes.append(
        f"{int(member.sum())} members in {len(summaries)} networks after {members.rounds} rounds; "
        f"{int((roles.role == ROLE_CODE['watchdog']).sum())} watchdogs, "
        f"{int((roles.role == ROLE_CODE['touched']).sum())} touched accounts not members"
    )
    notes.append(built)
    stats = {
        "edges_touched": float(found_cores.edges_touched),
        "conductance": found_cores.best_conductance,
    }
    return NetworkMap(
        graph.ids,
        roles.score,
        member,
        network,
        roles.role,
        reasons,
        summaries,
        "; ".join(notes),
        stats,
        place,
    )
