"""The membership pre-check never turns away an account the batch rule would admit (F9, F10).

Live mode builds a two-hop cut only for accounts whose counts and hub-damped
shares, computed from the adjacency maps, let some rule hold. The pre-check is
only a shortcut: on random graphs with hubs, repeated contacts and an edge
kind of zero weight, every account it turns away is also turned away by
:func:`netbrake.graph.local_membership` on its cut, and it turns most away.
"""

from __future__ import annotations

import numpy as np
import pytest

from netbrake.graph import local_membership
from netbrake.live.state import MAX_CUT, LiveState
from netbrake.policy import Policy
from netbrake.scan import PipelineSettings
from netbrake.text import Matcher


def _state(seed: int) -> LiveState:
    policy = Policy.load()
    settings = PipelineSettings.from_policy(policy)
    weights = dict(settings.kind_weights)
    zero = sorted(weights)[0]
    weights[zero] = 0.0  # an edge kind that does not diffuse: it must not count as a neighbour
    settings = PipelineSettings(**{**settings.__dict__, "kind_weights": weights})
    state = LiveState(settings, Matcher.from_policy(policy))
    rng = np.random.default_rng(seed)
    n = 300
    kinds = sorted(weights)
    core = rng.choice(n, 12, replace=False)
    for v in core[:6]:
        state.anchor(f"a{v}")
    for v in core[6:]:
        state.core.add(f"a{v}")
        state.member.add(f"a{v}")
        state.network_of[f"a{v}"] = "1"
    for v in rng.choice(n, 25, replace=False):
        state.member.add(f"a{v}")
        state.network_of.setdefault(f"a{v}", "1")
    hubs = rng.choice(n, 5, replace=False)
    for _ in range(2_500):
        src = int(rng.integers(n))
        dst = int(rng.choice(hubs)) if rng.random() < 0.2 else int(rng.integers(n))
        if rng.random() < 0.06:  # contacts among the network and into its core
            dst = int(rng.choice(core))
        state.contacts.add(f"a{src}", f"a{dst}", kinds[int(rng.integers(len(kinds)))])
        if rng.random() < 0.1:  # a repeated contact (a follow and a like)
            state.contacts.add(f"a{src}", f"a{dst}", kinds[int(rng.integers(len(kinds)))])
    return state


def _admitted(state: LiveState, account: str) -> bool:
    graph = state.contacts.cut([account], state.settings.kind_weights, MAX_CUT)
    assert graph is not None
    ids = graph.ids.to_pylist()
    member = np.fromiter((v in state.member for v in ids), bool, len(ids))
    core = np.fromiter((v in state.core for v in ids), bool, len(ids))
    blocked = np.zeros(len(ids), bool)
    sought, reach = local_membership(graph, member, core, blocked, state.settings.mapping)
    i = ids.index(account)
    return bool(sought[i] or reach[i])


@pytest.mark.parametrize("seed", range(4))
def test_every_account_the_precheck_turns_away_is_turned_away_by_the_cut(seed: int) -> None:
    state = _state(seed)
    accounts = sorted(set(state.contacts.out) | set(state.contacts.inn))
    outside = [a for a in accounts if a not in state.member]
    passed = admitted = 0
    for account in outside:
        may = state._may_join(account)
        joins = _admitted(state, account)
        assert may or not joins, f"{account} would join but the pre-check turned it away"
        passed += may
        admitted += joins
    assert admitted > 0  # the graphs do hold joiners: the check is not vacuous
    assert passed < len(outside) / 2  # and the pre-check saves most cuts


def test_the_degree_kept_as_edges_arrive_is_the_graphs_neighbour_count() -> None:
    state = _state(7)
    accounts = sorted(set(state.contacts.out) | set(state.contacts.inn))
    graph = state.contacts.cut(accounts[:1], state.settings.kind_weights, MAX_CUT)
    assert graph is not None
    counts = dict(zip(graph.ids.to_pylist(), graph.neighbour_counts().tolist(), strict=True))
    complete = graph.complete
    assert complete is not None
    for i, account in enumerate(graph.ids.to_pylist()):
        if complete[i]:
            assert state.contacts.degree.get(account, 0) == counts[account], account
