"""`map_networks` on planted networks with camouflage, watchdogs and touched users."""

from __future__ import annotations

import numpy as np
import pytest

from netbrake.graph import MappingParams, NodeEvidence, build_graph, map_networks, node_evidence
from netbrake.platform.schema import ROLES
from netbrake.signals import SignalParams, collect_signals
from netbrake.synth import SynthConfig, build
from netbrake.text import Matcher, default_matcher

from .conftest import WEIGHTS


def f1(found: set[str], truth: set[str]) -> float:
    tp = len(found & truth)
    return 2 * tp / (len(found) + len(truth)) if found or truth else 1.0


def found_members(result) -> set[str]:
    return {result.ids[i].as_py() for i in np.flatnonzero(result.member)}


def role_accuracy(result, platform, role: str) -> float:
    names = result.role_names()
    ids = platform.with_role(role)
    hits = [names[i] == role for i in range(len(platform.ids)) if platform.ids[i] in ids]
    return sum(hits) / len(hits)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_planted_networks_are_mapped_from_two_sellers_each(platform_factory, seed):
    p = platform_factory(seed=seed)
    g = p.graph()
    sellers = p.with_role("seller")
    seeds = [sellers[0], sellers[1], sellers[-1], sellers[-2]]
    result = map_networks(g, seeds)
    found = found_members(result)
    assert f1(found, p.members()) >= 0.95, result.explanation
    assert not {a for a in p.ids if a.startswith(("hub", "w", "t"))} & found
    names = result.role_names()
    watchdog = [a for a in p.ids if p.role[a] == "watchdog"]
    assert [names[i] for i in g.index_of(watchdog)] == ["watchdog"]
    assert set(names[g.index_of(p.with_role("touched"))]) == {"touched"}
    assert role_accuracy(result, p, "seller") >= 0.9
    assert role_accuracy(result, p, "buyer") >= 0.9
    assert len(result.networks) == 2
    planted = [{a for a in p.members() if p.network[a] == k} for k in (0, 1)]
    mapped = [{a for a in found if result.network[g.index_of([a])[0]] == k} for k in (0, 1)]
    assert sorted(len(s) for s in mapped) == sorted(len(s) for s in planted)
    assert all(any(f1(m, t) >= 0.95 for t in planted) for m in mapped)


def test_scores_reasons_and_summaries_explain_the_result(platform):
    g = platform.graph()
    seller = platform.with_role("seller")[0]
    result = map_networks(g, [seller])
    assert np.all((result.score >= 0) & (result.score <= 1))
    assert np.all(result.score[result.member] >= 0.5)
    assert np.all(result.score[~result.member] < 0.5)
    i = g.index_of([seller])[0]
    assert result.reasons[i][0] == "seed account"
    assert any(
        r.startswith("followed by ") and "accounts of network 0" in r for r in result.reasons[i]
    )
    buyer = next(b for b in platform.with_role("buyer") if platform.network[b] == 0)
    assert any("seller accounts in network 0" in r for r in result.reasons[g.index_of([buyer])[0]])
    summary = result.networks[0]
    assert summary.seeds == (seller,)
    assert summary.roles["seller"] == 15
    assert summary.size == sum(summary.roles.values())
    assert summary.seller_followers >= summary.roles["buyer"]
    assert len(summary.central) == 5
    assert "members in 1 networks" in result.explanation
    table = result.to_arrow()
    assert table.num_rows == g.n
    assert set(table.column("role").to_pylist()) <= set(ROLES)


def test_one_percent_text_evidence_and_no_seeds_maps_the_network(platform):
    """Only one seller (under 1% of ~210 members) carries text evidence; no seeds given."""
    g = platform.graph()
    carrier = platform.with_role("seller")[3]
    ev = platform.evidence(g, seller={carrier: 0.9})
    result = map_networks(g, [], ev)
    truth = {a for a in platform.members() if platform.network[a] == platform.network[carrier]}
    assert f1(found_members(result), truth) >= 0.95
    assert "1 accounts with strong seller evidence" in result.explanation


def test_watchdog_by_evidence_is_never_a_member_even_as_a_seed(platform_factory):
    p = platform_factory(seed=4)
    sellers = [s for s in p.with_role("seller") if p.network[s] == 0]
    buyers = [b for b in p.with_role("buyer") if p.network[b] == 0]
    p.ids.append("researcher")
    p.role["researcher"] = "watchdog"
    for a in sellers[:10] + buyers[:5]:
        p.add("researcher", a)
        p.add(a, "researcher", "message")  # replies make it look reciprocated
    g = p.graph()
    ev = p.evidence(g, watchdog={"researcher": 0.9})
    result = map_networks(g, ["researcher", sellers[0]], ev)
    i = g.index_of(["researcher"])[0]
    assert not result.member[i]
    assert result.role_names()[i] == "watchdog"
    assert result.score[i] == 0.0
    assert "1 watchdogs ignored" in result.explanation
    assert f1(found_members(result), {a for a in p.members() if p.network[a] == 0}) >= 0.95


def test_evidence_decides_trader_backup_and_aggregator_roles(platform):
    g = platform.graph()
    buyers = [b for b in platform.with_role("buyer") if platform.network[b] == 0]
    ev = platform.evidence(
        g, trader={buyers[0]: 1.0}, backup={buyers[1]: 1.0}, aggregator={buyers[2]: 0.7}
    )
    result = map_networks(g, [platform.with_role("seller")[0]], ev)
    names = result.role_names()
    assert [names[i] for i in g.index_of(buyers[:3])] == ["trader", "backup", "aggregator"]
    agg = next(a for a in platform.with_role("aggregator") if platform.network[a] == 0)
    assert names[g.index_of([agg])[0]] == "aggregator"


def test_two_networks_sharing_a_few_buyers_are_split(platform_factory):
    p = platform_factory(seed=5, networks=((15, 150), (15, 150)))
    s0 = [s for s in p.with_role("seller") if p.network[s] == 0]
    s1 = [s for s in p.with_role("seller") if p.network[s] == 1]
    shared = [b for b in p.with_role("buyer") if p.network[b] == 0][:4]
    for b, s in zip(shared, s1, strict=False):
        p.add(b, s)
    result = map_networks(p.graph(), [s0[0], s1[0]])
    assert len(result.networks) == 2
    assert f1(found_members(result), p.members()) >= 0.95


def test_mapping_is_deterministic_and_global_expansion_agrees(platform):
    g = platform.graph()
    seeds = platform.with_role("seller")[:2]
    a, b = map_networks(g, seeds), map_networks(g, seeds)
    c = map_networks(g, seeds, params=MappingParams(expansion="global"))
    assert np.array_equal(a.network, b.network)
    assert np.array_equal(a.role, b.role)
    assert np.array_equal(a.member, c.member)


def test_evidence_must_cover_every_account(platform):
    g = platform.graph()
    from netbrake.errors import InputError

    with pytest.raises(InputError, match="evidence covers 3 accounts"):
        map_networks(g, [], NodeEvidence.empty(3))


# ---- bad input: every case yields a valid, explained result ----------------------------------


def test_empty_graph_is_explained():
    g = build_graph([], [], [], [], {"follow": 1.0})
    result = map_networks(g, ["a"])
    assert result.networks == ()
    assert "empty graph" in result.explanation
    assert result.to_arrow().num_rows == 0


@pytest.mark.parametrize("seeds", [[], ["nobody", "ghost"], np.array([-1, 10**9])])
def test_no_usable_seeds_is_explained(platform, seeds):
    result = map_networks(platform.graph(), seeds)
    assert result.networks == ()
    assert not result.member.any()
    assert "no seeds" in result.explanation
    assert set(result.role_names()) == {"benign"}


def test_self_loops_duplicates_and_unknown_accounts_change_nothing(platform):
    clean = platform.graph()
    seeds = platform.with_role("seller")[:2]
    expect = map_networks(clean, seeds)
    n = len(platform.src)
    src = platform.src + platform.src[: n // 2] + platform.ids + ["ghost"] * 5
    dst = platform.dst + platform.dst[: n // 2] + platform.ids + platform.ids[:5]
    kind = platform.kind + platform.kind[: n // 2] + ["follow"] * (len(platform.ids) + 5)
    noisy = build_graph(
        platform.ids, src, dst, kind, {"follow": 1.0, "like": 0.5, "mention": 0.7, "message": 1.5}
    )
    result = map_networks(noisy, seeds)
    assert np.array_equal(result.member, expect.member)
    assert np.array_equal(result.role, expect.role)
    assert f"{len(platform.ids)} self-loops" in result.explanation
    assert "5 to unknown accounts" in result.explanation
    assert noisy.report.merged_duplicates == clean.report.merged_duplicates + n // 2
    assert f"merged {noisy.report.merged_duplicates} parallel edges" in result.explanation


def test_a_giant_hub_followed_by_everyone_is_not_a_member(platform_factory):
    p = platform_factory(seed=6)
    p.ids.append("giant")
    p.role["giant"] = "benign"
    for a in p.ids[:-1]:
        p.add(a, "giant")
    g = p.graph()
    result = map_networks(g, p.with_role("seller")[:2])
    i = g.index_of(["giant"])[0]
    assert not result.member[i]
    assert result.role_names()[i] == "benign"
    assert any("not a member" in r for r in result.reasons[i])
    truth = {a for a in p.members() if p.network[a] == 0}
    assert f1(found_members(result), truth) >= 0.95


def test_evidence_notes_reach_the_reasons(platform):
    g = platform.graph()
    seller = platform.with_role("seller")[2]
    i = int(g.index_of([seller])[0])
    zero = np.zeros(g.n)
    strong = zero.copy()
    strong[i] = 0.9
    note = "bio: age claim 13 via 'chapter'"
    ev = NodeEvidence(strong, zero, zero, zero, zero, notes={i: (note,)})
    result = map_networks(g, [platform.with_role("seller")[0]], ev)
    assert result.role_names()[i] == "seller"
    assert result.reasons[i][-1] == note
    assert result.score[i] >= 0.5 + 0.5 * 0.9 - 1e-12


# ---- small synthetic platforms with real text evidence ------------------------------------------


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return default_matcher()


@pytest.mark.parametrize(("accounts", "seed"), [(2000, 11), (2000, 303), (4000, 303)])
def test_small_platforms_with_text_seeds_are_mapped_without_flooding(
    matcher: Matcher, accounts: int, seed: int
) -> None:
    """On a few thousand accounts the push reaches everyone and plain conductance picked
    half the platform; these three platforms mapped ~97% of their accounts as members."""
    tables = build(SynthConfig(accounts=accounts, seed=seed)).tables
    signals = collect_signals(tables["accounts"], tables["posts"], tables["reports"], matcher)
    edges = tables["edges"]
    g = build_graph(
        tables["accounts"].column("account_id"),
        edges.column("src"),
        edges.column("dst"),
        edges.column("kind"),
        WEIGHTS,
    )
    result = map_networks(g, signals.seeds(SignalParams().seed_min), node_evidence(g, signals))
    labels = tables["labels"]
    truth = np.asarray(labels.column("network_id").is_valid())
    role = np.asarray(labels.column("role").to_pylist(), dtype=object)
    hit = int((result.member & truth).sum())
    assert hit / max(int(result.member.sum()), 1) >= 0.95, result.explanation
    assert hit / int(truth.sum()) >= 0.95, result.explanation
    assert not (result.member & (role == "watchdog")).any()
    names = result.role_names()
    for name in ("seller", "buyer"):
        assert (names[role == name] == name).mean() >= 0.9
    # Aggregators and traders with their own evidence keep their role despite seller wording.
    for name, own in (("aggregator", signals.aggregator), ("trader", signals.trader)):
        evidenced = result.member & (role == name) & (own >= 0.5)
        assert evidenced.any()
        assert (names[evidenced] == name).all()


def test_specific_evidence_and_mentioning_come_before_seller_wording(platform):
    """Seller wording is reposted by aggregators and used by traders: it decides last."""
    g = platform.graph()
    sellers = [s for s in platform.with_role("seller") if platform.network[s] == 0]
    buyers = [b for b in platform.with_role("buyer") if platform.network[b] == 0]
    agg = next(a for a in platform.with_role("aggregator") if platform.network[a] == 0)
    wording = dict.fromkeys([*sellers[2:4], *buyers[:2], agg], 1.0)
    ev = platform.evidence(g, seller=wording, trader={buyers[0]: 0.9}, aggregator={buyers[1]: 0.7})
    result = map_networks(g, sellers[:2], ev)
    names = result.role_names()
    got = [names[i] for i in g.index_of([*sellers[2:4], buyers[0], buyers[1], agg])]
    assert got == ["seller", "seller", "trader", "aggregator", "aggregator"]
