"""Edges that involve network members: the planted networks, camouflage and outside contacts.

Inside a network buyers follow many sellers (and view, like and message
them), aggregators mention sellers, traders message buyers, and backups are
followed by their primary's followers (F6). Outside it, members follow
popular benign accounts (camouflage), watchdogs follow and view many members
without being followed back (F2), and each "touched" user has exactly one
contact with one member.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from netbrake.synth.edges import KIND, EdgeBuffer
from netbrake.synth.population import ROLE_CODE, Network, Population

IntArray = npt.NDArray[np.int64]
#: Every buyer follows at least this many sellers of the network (or all, if fewer).
MIN_SELLERS_FOLLOWED = 3


def _pairs(
    rng: np.random.Generator, src: IntArray, dst: IntArray, p: float
) -> tuple[IntArray, IntArray]:
    """Each (src, dst) pair independently with probability ``p``."""
    if src.size == 0 or dst.size == 0:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    hit = rng.random((src.shape[0], dst.shape[0])) < p
    rows, cols = np.nonzero(hit)
    return src[rows], dst[cols]


def _buyers_follow_sellers(
    rng: np.random.Generator, buyers: IntArray, sellers: IntArray
) -> tuple[IntArray, IntArray]:
    """Each buyer follows a random subset of at least MIN_SELLERS_FOLLOWED sellers."""
    count = np.minimum(
        sellers.shape[0], MIN_SELLERS_FOLLOWED + rng.poisson(3.0, size=buyers.shape[0])
    )
    rank = np.argsort(rng.random((buyers.shape[0], sellers.shape[0])), axis=1)
    chosen = np.arange(sellers.shape[0])[None, :] < count[:, None]
    rows, cols = np.nonzero(chosen)
    return buyers[rows], sellers[rank[rows, cols]]


def network_edges(net: Network, rng: np.random.Generator, out: EdgeBuffer) -> None:
    """The edges inside one planted network."""
    b_src, b_dst = _buyers_follow_sellers(rng, net.buyers, net.sellers)
    out.add(b_src, b_dst, KIND["follow"])
    for kind, p in (("view", 0.6), ("like", 0.4), ("message", 0.15), ("comment", 0.1)):
        keep = rng.random(b_src.shape[0]) < p
        out.add(b_src[keep], b_dst[keep], KIND[kind])
    t_src, t_dst = _pairs(rng, net.buyers, net.traders, 0.3)
    out.add(t_src, t_dst, KIND["follow"])
    out.add(*_pairs(rng, net.buyers, net.aggregators, 0.5), KIND["follow"])
    ns = max(1, net.sellers.shape[0])
    out.add(*_pairs(rng, net.sellers, net.sellers, min(1.0, 5 / ns)), KIND["follow"])
    out.add(*_pairs(rng, net.sellers, net.aggregators, 0.4), KIND["follow"])
    out.add(*_pairs(rng, net.aggregators, net.sellers, 0.6), KIND["mention"])
    out.add(*_pairs(rng, net.aggregators, net.sellers, 0.8), KIND["follow"])
    out.add(*_pairs(rng, net.traders, net.buyers, 0.1), KIND["message"])
    out.add(*_pairs(rng, net.traders, net.sellers, 0.3), KIND["follow"])
    _backup_followers(net, np.concatenate([b_src, t_src]), np.concatenate([b_dst, t_dst]), rng, out)


def _backup_followers(
    net: Network, f_src: IntArray, f_dst: IntArray, rng: np.random.Generator, out: EdgeBuffer
) -> None:
    """The primary's followers follow the backup too (F6: resume with the same followers)."""
    for backup, primary in zip(net.backups.tolist(), net.primaries.tolist(), strict=True):
        followers = f_src[f_dst == primary]
        if followers.size == 0:  # a primary with backups always has a follower to carry over
            followers = net.buyers[rng.integers(0, net.buyers.shape[0], size=1)]
            out.add(followers, [primary], KIND["follow"])
        keep = followers[rng.random(followers.shape[0]) < 0.7]
        if keep.size == 0:
            keep = followers[:1]
        out.add(keep, np.full(keep.shape[0], backup), KIND["follow"])
        out.add([backup], [primary], KIND["follow"])


def camouflage(
    pop: Population, popular: IntArray, rng: np.random.Generator, out: EdgeBuffer
) -> None:
    """Members follow, like and view popular benign accounts (drawn from ``popular``)."""
    members = np.flatnonzero(pop.is_member)
    counts = rng.integers(2, 7, size=members.shape[0])
    src = np.repeat(members, counts)
    dst = popular[rng.integers(0, popular.shape[0], size=src.shape[0])]
    kind = rng.choice(
        [KIND["follow"], KIND["like"], KIND["view"]], size=src.shape[0], p=[0.6, 0.2, 0.2]
    )
    out.add(src, dst, kind)


def watchdog_contacts(pop: Population, rng: np.random.Generator, out: EdgeBuffer) -> None:
    """Each watchdog follows and views a large share of one or two networks' members."""
    for watchdog in pop.watchdogs.tolist():
        picked = rng.choice(len(pop.networks), size=min(2, len(pop.networks)), replace=False)
        for index in picked.tolist():
            members = pop.networks[index].members
            follow = members[rng.random(members.shape[0]) < rng.uniform(0.3, 0.7)]
            view = members[rng.random(members.shape[0]) < rng.uniform(0.3, 0.8)]
            out.add(np.full(follow.shape[0], watchdog), follow, KIND["follow"])
            out.add(np.full(view.shape[0], watchdog), view, KIND["view"])


def touched_contacts(pop: Population, rng: np.random.Generator, out: EdgeBuffer) -> IntArray:
    """Each touched user follows or views exactly one member; returns the member touched."""
    members = np.flatnonzero(pop.is_member)
    sellers = np.flatnonzero(pop.role == ROLE_CODE["seller"])
    n = pop.touched.shape[0]
    target: IntArray = np.where(
        rng.random(n) < 0.6,
        sellers[rng.integers(0, sellers.shape[0], size=n)],
        members[rng.integers(0, members.shape[0], size=n)],
    )
    kind = np.where(rng.random(n) < 0.5, KIND["follow"], KIND["view"])
    out.add(pop.touched, target, kind)
    return target


def popular_benign(pop: Population, rng: np.random.Generator, k: int = 500) -> IntArray:
    """The ``k`` most popular ordinary benign accounts: camouflage targets."""
    benign = np.flatnonzero(pop.role == ROLE_CODE["benign"])
    top = np.argsort(-pop.weight[benign], kind="stable")[:k]
    return benign[top]
