"""Small synthetic platforms with planted networks, camouflage, watchdogs and touched users."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pytest

from netbrake.graph import Graph, NodeEvidence, build_graph

WEIGHTS = {"follow": 1.0, "like": 0.5, "comment": 0.8, "mention": 0.7, "view": 0.2, "message": 1.5}


@dataclass
class Platform:
    """Edge columns plus the ground truth the generator planted."""

    ids: list[str]
    src: list[str] = field(default_factory=list)
    dst: list[str] = field(default_factory=list)
    kind: list[str] = field(default_factory=list)
    role: dict[str, str] = field(default_factory=dict)
    network: dict[str, int] = field(default_factory=dict)

    def add(self, a: str, b: str, kind: str = "follow") -> None:
        self.src.append(a)
        self.dst.append(b)
        self.kind.append(kind)

    def graph(self) -> Graph:
        return build_graph(self.ids, self.src, self.dst, self.kind, WEIGHTS)

    def with_role(self, role: str) -> list[str]:
        return [a for a in self.ids if self.role[a] == role]

    def members(self) -> set[str]:
        return {a for a in self.ids if a in self.network}

    def evidence(self, graph: Graph, **named: dict[str, float]) -> NodeEvidence:
        arrays = {}
        for name, values in named.items():
            arr = np.zeros(graph.n)
            idx = graph.index_of(list(values))
            arr[idx] = list(values.values())
            arrays[name] = arr
        return NodeEvidence.of(graph.n, **arrays)


def make_platform(
    seed: int = 0,
    benign: int = 600,
    hubs: int = 8,
    networks: tuple[tuple[int, int], ...] = ((15, 120), (8, 60)),
    touched: int = 20,
) -> Platform:
    """Benign users (sparse random follows, most follow popular hubs); planted networks of
    sellers and buyers whose members also follow hubs (camouflage); an aggregator per
    network that mentions its sellers; a watchdog that follows and views every member of
    network 0 and is never contacted back; touched users who follow one seller once."""
    rng = np.random.default_rng(seed)
    names: list[str] = []
    roles: dict[str, str] = {}
    nets: dict[str, int] = {}

    def new(prefix: str, role: str, net: int | None = None) -> str:
        name = f"{prefix}{len(names)}"
        names.append(name)
        roles[name] = role
        if net is not None:
            nets[name] = net
        return name

    hub = [new("hub", "benign") for _ in range(hubs)]
    users = [new("u", "benign") for _ in range(benign)]
    planted = []
    for k, (n_sell, n_buy) in enumerate(networks):
        sellers = [new("s", "seller", k) for _ in range(n_sell)]
        buyers = [new("b", "buyer", k) for _ in range(n_buy)]
        aggregator = new("a", "aggregator", k)
        planted.append((sellers, buyers, aggregator))
    watchdog = new("w", "watchdog")
    touch = [new("t", "touched") for _ in range(touched)]
    p = Platform(names, role=roles, network=nets)
    for u in users:
        for v in rng.choice(users, size=6, replace=False):
            if v != u:
                p.add(u, str(v))
        for h in rng.choice(hub, size=5, replace=False):
            p.add(u, str(h))
    for sellers, buyers, aggregator in planted:
        for s in sellers:
            for t in rng.choice(sellers, size=3, replace=False):
                if t != s:
                    p.add(s, str(t))
            p.add(s, str(rng.choice(hub)))
        for b in buyers:
            # Four to seven sellers: more than the one to three contacts of a bystander.
            for s in rng.choice(sellers, size=int(rng.integers(4, 8)), replace=False):
                p.add(b, str(s))
                if rng.random() < 0.5:
                    p.add(b, str(s), "like")
                if rng.random() < 0.2:
                    p.add(str(s), b, "message")
            for h in rng.choice(hub, size=4, replace=False):
                p.add(b, str(h))
        for s in sellers:
            p.add(aggregator, s, "mention")
            p.add(aggregator, s, "mention")
        p.add(sellers[0], aggregator)
        p.add(sellers[1], aggregator)
    sellers0, buyers0, agg0 = planted[0]
    for m in [*sellers0, *buyers0, agg0]:
        p.add(watchdog, m)
        p.add(watchdog, m, "view")
    all_sellers = [s for sellers, _, _ in planted for s in sellers]
    for t in touch:
        p.add(t, str(rng.choice(all_sellers)))
        for v in rng.choice(users, size=5, replace=False):
            p.add(t, str(v))
    return p


@pytest.fixture
def platform_factory() -> Callable[..., Platform]:
    return make_platform


@pytest.fixture(scope="module")
def platform() -> Platform:
    return make_platform()
