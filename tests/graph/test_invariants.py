"""Safety invariants of the mapping that hold whatever the graph (F10):
growth bounded by the evidence core, no network without an anchor, bystanders stay out."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netbrake.graph import MappingParams, NodeEvidence, build_graph, map_networks
from netbrake.graph._membership import grow_members

from .conftest import WEIGHTS, make_platform


@st.composite
def graphs(draw: st.DrawFn) -> tuple[list[str], list[str], list[str], list[int], list[int]]:
    """A random graph with dense ordinary communities, and random seeds and proposals."""
    n = draw(st.integers(20, 160))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    groups = rng.integers(0, draw(st.integers(1, 6)), size=n)
    density = draw(st.floats(0.02, 0.6))
    src, dst = [], []
    for a in range(n):
        same = np.flatnonzero(groups == groups[a])
        for b in same[rng.random(same.size) < density]:
            if b != a:
                src.append(f"u{a}")
                dst.append(f"u{b}")
        for b in rng.integers(0, n, size=int(rng.integers(0, 4))):
            src.append(f"u{a}")
            dst.append(f"u{b}")
    seeds = sorted(set(rng.integers(0, n, size=draw(st.integers(0, 4))).tolist()))
    proposed = sorted(set(rng.integers(0, n, size=draw(st.integers(0, n))).tolist()))
    return [f"u{i}" for i in range(n)], src, dst, seeds, proposed


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=graphs())
def test_every_member_is_an_anchor_or_tied_to_the_evidence_core(case) -> None:
    ids, src, dst, seeds, proposed = case
    g = build_graph(ids, src, dst, ["follow"] * len(src), WEIGHTS)
    p = MappingParams()
    anchors = np.asarray(seeds, np.int64)
    m = grow_members(g, np.asarray(proposed, np.int64), anchors, np.zeros(g.n, bool), p)
    if anchors.size == 0:
        # No evidence at all: nobody is a member, however dense the proposals.
        assert not m.member.any()
    others = m.member & ~m.core
    assert (m.core_links[others] >= 1).all()
    assert m.member[anchors].all()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=graphs())
def test_every_network_holds_a_seed_or_strong_evidence(case) -> None:
    ids, src, dst, seeds, _ = case
    g = build_graph(ids, src, dst, ["follow"] * len(src), WEIGHTS)
    result = map_networks(g, [ids[i] for i in seeds])
    for k in range(len(result.networks)):
        assert np.isin(np.flatnonzero(result.network == k), seeds).any()
    assert not result.member.any() or seeds


def test_a_dense_ordinary_community_next_to_the_network_is_not_flooded() -> None:
    """A tight community (every member follows most others) that a few network members follow
    and that follows a few of them back stays out: its contacts are into itself, not the core."""
    p = make_platform(seed=3, networks=((15, 120),))
    sellers = p.with_role("seller")
    buyers = p.with_role("buyer")
    community = [f"c{i}" for i in range(300)]
    p.ids.extend(community)
    rng = np.random.default_rng(0)
    for c in community:
        p.role[c] = "benign"
        for d in rng.choice(community, size=40, replace=False):
            if d != c:
                p.add(c, str(d))
    for b in buyers[:30]:
        p.add(b, str(rng.choice(community)))
    for c in community[:40]:
        p.add(c, str(rng.choice(sellers)))  # the community touched the network
    result = map_networks(p.graph(), sellers[:2])
    found = {result.ids[i].as_py() for i in np.flatnonzero(result.member)}
    assert not found & set(community)
    assert len(found & p.members()) >= 0.95 * len(p.members())


@pytest.mark.parametrize("contacts", [1, 2, 3])
def test_bystanders_with_a_few_contacts_stay_bystanders(contacts: int) -> None:
    """Ordinary users with many contacts of their own who follow one to three sellers."""
    p = make_platform(seed=4, networks=((15, 120),), touched=0)
    sellers = p.with_role("seller")
    users = [a for a in p.ids if a.startswith("u")]
    rng = np.random.default_rng(contacts)
    bystanders = [f"t{i}" for i in range(100)]
    p.ids.extend(bystanders)
    for t in bystanders:
        p.role[t] = "touched"
        for s in rng.choice(sellers, size=contacts, replace=False):
            p.add(t, str(s))
        for u in rng.choice(users, size=10, replace=False):
            p.add(t, str(u))
            p.add(str(u), t)
    result = map_networks(p.graph(), sellers[:2])
    found = {result.ids[i].as_py() for i in np.flatnonzero(result.member)}
    assert len(found & set(bystanders)) <= 2
    assert len(found & p.members()) >= 0.95 * len(p.members())


def test_strong_evidence_without_a_seed_anchors_a_network_and_nothing_else_does() -> None:
    p = make_platform(seed=6, networks=((12, 100), (12, 100)))
    g = p.graph()
    net1 = [s for s in p.with_role("seller") if p.network[s] == 1]
    ev = NodeEvidence.of(
        g.n, seller=np.where(np.isin(np.arange(g.n), g.index_of(net1[:3])), 0.9, 0.0)
    )
    result = map_networks(g, [], ev)
    assert len(result.networks) == 1
    found = {result.ids[i].as_py() for i in np.flatnonzero(result.member)}
    assert not {a for a in found if p.network.get(a) == 0}
