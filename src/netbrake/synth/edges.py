"""Edges of the benign population: power-law popularity inside topical communities.

Targets are drawn in proportion to popularity (a Pareto weight, so in-degrees
follow a power law), three in four inside the source's own community. The
draw is one lookup in a ticket table grouped by community (a community is a
contiguous slice): no per-edge Python at a million accounts. Network members have zero weight here: benign accounts
reach members only through the planted contacts of :mod:`.contacts`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from netbrake.platform import EDGE_KINDS
from netbrake.synth.population import ROLE_CODE, Population

IntArray = npt.NDArray[np.int64]
KIND = {name: i for i, name in enumerate(EDGE_KINDS)}
#: Benign interaction mix: follow, like, comment, mention, view, message.
BENIGN_MIX = np.array([0.45, 0.18, 0.06, 0.02, 0.25, 0.04])
IN_COMMUNITY = 0.75


@dataclass
class EdgeBuffer:
    """Edges collected as (src, dst, kind-code) array triples, merged once at the end."""

    parts: list[tuple[IntArray, IntArray, IntArray]] = field(default_factory=list)

    def add(self, src: npt.ArrayLike, dst: npt.ArrayLike, kind: int | npt.ArrayLike) -> None:
        s = np.asarray(src, dtype=np.int64)
        d = np.asarray(dst, dtype=np.int64)
        k = np.broadcast_to(np.asarray(kind, dtype=np.int64), s.shape)
        keep = s != d
        self.parts.append((s[keep], d[keep], k[keep]))

    def merged(self, accounts: int) -> tuple[IntArray, IntArray, IntArray]:
        """Unique (src, dst, kind) triples, sorted by src then dst then kind."""
        src = np.concatenate([p[0] for p in self.parts])
        dst = np.concatenate([p[1] for p in self.parts])
        kind = np.concatenate([p[2] for p in self.parts])
        key = (src * accounts + dst) * len(EDGE_KINDS) + kind
        key.sort()  # sort + neighbour test: numpy 2's hash-based np.unique is ~5x slower here
        key = key[np.concatenate([[True], key[1:] != key[:-1]])]
        pair, kind = np.divmod(key, len(EDGE_KINDS))
        src, dst = np.divmod(pair, accounts)
        return src, dst, kind


class WeightedSampler:
    """Draws accounts in proportion to a weight, globally or within one community.

    The simple reference: one binary search over cumulative weights per draw.
    """

    def __init__(self, weight: npt.NDArray[np.float64], community: IntArray, groups: int):
        self.order = np.argsort(community, kind="stable")
        self.cum = np.cumsum(weight[self.order])
        ends = np.searchsorted(community[self.order], np.arange(groups), side="right")
        starts = np.concatenate([[0], ends[:-1]])
        self.lo = np.where(starts > 0, self.cum[np.maximum(starts - 1, 0)], 0.0)
        self.hi = np.where(ends > 0, self.cum[np.maximum(ends - 1, 0)], 0.0)

    def draw(self, rng: np.random.Generator, n: int, community: IntArray | None = None) -> IntArray:
        """``n`` accounts; row i drawn inside ``community[i]`` when given."""
        if community is None:
            u = rng.random(n) * self.cum[-1]
        else:
            lo, hi = self.lo[community], self.hi[community]
            u = lo + rng.random(n) * (hi - lo)
        pick = np.searchsorted(self.cum, u, side="right")
        picked: IntArray = self.order[np.minimum(pick, self.cum.shape[0] - 1)]
        return picked


class TicketSampler:
    """The fast sampler: each account holds tickets in proportion to its weight.

    ``TICKETS_PER_UNIT`` tickets per unit of weight, stochastically rounded
    (so the expected share is exact); tickets are grouped by community, so a
    draw is one random index into a slice. Twenty million binary searches
    over a million cumulative weights miss the cache on every step; one
    lookup per draw does not. Agrees in distribution with :class:`WeightedSampler`.
    """

    TICKETS_PER_UNIT = 2.0

    def __init__(
        self,
        weight: npt.NDArray[np.float64],
        community: IntArray,
        groups: int,
        rng: np.random.Generator,
    ):
        scaled = weight * self.TICKETS_PER_UNIT
        count = np.floor(scaled + rng.random(weight.shape[0])).astype(np.int64)
        order = np.argsort(community, kind="stable")
        self.tickets = np.repeat(order, count[order]).astype(np.int32)
        per_group = np.bincount(community, weights=count, minlength=groups).astype(np.int64)
        self.ends = np.cumsum(per_group)
        self.starts = self.ends - per_group

    def draw(self, rng: np.random.Generator, n: int, community: IntArray | None = None) -> IntArray:
        """``n`` accounts; row i drawn inside ``community[i]`` when given."""
        if community is None:
            slot = rng.integers(0, self.tickets.shape[0], size=n)
        else:
            start, size = self.starts[community], self.ends[community] - self.starts[community]
            slot = start + (rng.random(n) * size).astype(np.int64)
        return self.tickets[slot].astype(np.int64)


def benign_edges(
    pop: Population, edges_per_account: float, rng: np.random.Generator, out: EdgeBuffer
) -> TicketSampler:
    """Everyone outside the networks interacts with non-members; returns the sampler used."""
    groups = int(pop.community.max()) + 1
    outside = ~pop.is_member
    sampler = TicketSampler(pop.weight * outside, pop.community, groups, rng)
    sources = np.flatnonzero(outside)
    mu = np.log(edges_per_account) - 0.5  # lognormal with sigma 1 has mean exp(mu + 1/2)
    degree = np.floor(rng.lognormal(mu, 1.0, size=sources.shape[0]) + 0.5).astype(np.int64)
    src = np.repeat(sources, degree)
    local = rng.random(src.shape[0]) < IN_COMMUNITY
    dst = sampler.draw(rng, src.shape[0])
    dst[local] = sampler.draw(rng, int(local.sum()), pop.community[src[local]])
    kind = rng.choice(len(EDGE_KINDS), size=src.shape[0], p=BENIGN_MIX)
    out.add(src, dst, kind)
    _watchdog_followers(pop, rng, out)
    return sampler


def _watchdog_followers(pop: Population, rng: np.random.Generator, out: EdgeBuffer) -> None:
    """Ordinary users follow advocates and researchers: the contamination path of F2."""
    ordinary = np.flatnonzero(pop.role == ROLE_CODE["benign"])
    n = pop.size
    low, high = max(20, n // 5_000), max(40, n // 1_000)
    counts = rng.integers(low, high, size=pop.watchdogs.shape[0])
    dst = np.repeat(pop.watchdogs, counts)
    src = rng.choice(ordinary, size=dst.shape[0])
    out.add(src, dst, KIND["follow"])
