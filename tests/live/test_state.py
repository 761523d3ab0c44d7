"""Incremental state: person links, re-registration, network membership, text signals."""

from __future__ import annotations

import pytest
from tests.live.conftest import account, edge, removal

from netbrake.guard import GuardEngine
from netbrake.live import LiveService

SURFACES = ("suggested_accounts", "explore", "feed", "search_people", "notifications")
DEVICE = [{"kind": "device", "value": "device-123"}]


def _rotate(live: LiveService) -> None:
    live.ingest([account("old", handle="seller_one", identifiers=DEVICE), account("viewer")], "t")
    live.ingest([removal("old")], "t")
    live.ingest(
        [account("new", handle="sellerone_backup", identifiers=DEVICE, ts="2026-01-01T00:03:00Z")],
        "t",
    )
    live.apply_pending()


@pytest.mark.parametrize("surface", SURFACES)
def test_a_sign_up_on_a_removed_persons_device_is_suppressed_at_once(
    live: LiveService, engine: GuardEngine, surface: str
) -> None:
    before = engine.filter_recommendations("viewer", ["new"], surface)
    assert before.kept == ["new"]
    _rotate(live)
    result = engine.filter_recommendations("viewer", ["new", "viewer"], surface)
    assert "new" not in result.kept
    (dropped,) = [d for d in result.dropped if d.id == "new"]
    assert "re-registration" in dropped.reason or "person" in dropped.reason


def test_the_re_registration_is_an_effect_with_its_reason(live: LiveService) -> None:
    _rotate(live)
    found = {(e.effect, e.subject_id): e.detail for e in live.log.effects()}
    reason = found[("reregistration", "new")]
    assert reason.startswith("re-registration: device shared with account old")
    assert live.state.person_of["new"] == live.state.person_of["old"]


def test_the_new_handle_is_dropped_from_autocomplete(
    live: LiveService, engine: GuardEngine
) -> None:
    assert "sellerone_backup" in engine.filter_autocomplete("sel", ["sellerone_backup"]).kept
    _rotate(live)
    result = engine.filter_autocomplete("sel", ["sellerone_backup", "selfies"])
    assert result.kept == ["selfies"]


def test_the_suppression_survives_a_guard_state_rebuild(
    live: LiveService, engine: GuardEngine, store: object
) -> None:
    _rotate(live)
    engine._sources = None  # the next reload rebuilds the state from scratch
    assert engine.reload()
    assert engine.filter_recommendations("viewer", ["new"]).kept == []


def test_a_search_for_the_new_handle_is_blocked(live: LiveService, engine: GuardEngine) -> None:
    assert engine.check_search("sellerone_backup").action == "allow"
    _rotate(live)
    decision = engine.check_search("sellerone_backup")
    assert decision.action == "block"


def test_an_identifier_over_the_linking_cap_links_no_one(live: LiveService) -> None:
    shared = [{"kind": "device", "value": "cafe-tablet"}]
    live.ingest([account(f"u{i}", identifiers=shared) for i in range(30)], "t")
    live.ingest([removal("u0")], "t")
    live.ingest([account("late", identifiers=shared, ts="2026-01-01T00:05:00Z")], "t")
    live.apply_pending()
    assert "late" not in live.state.flags


def _network(live: LiveService, buyers: int) -> None:
    """Three removed sellers: the anchored core buyers reach out to."""
    lines = [account(a) for a in ("s1", "s2", "s3", "viewer", "watch")]
    lines += [account(f"b{i}") for i in range(buyers)]
    for i in range(30):
        lines.append(account(f"o{i}"))
    live.ingest(lines, "t")
    live.ingest([removal("s1"), removal("s2"), removal("s3")], "t")


def test_a_buyer_reaching_the_anchored_core_joins_the_network(live: LiveService) -> None:
    _network(live, 1)
    # Engaged: contacts with three core accounts, all but one repeated (a follow and a like).
    live.ingest([edge("b0", s) for s in ("s1", "s2", "s3")] + [edge("b0", "s1", "like")], "t")
    live.apply_pending()
    assert "b0" not in live.state.member  # three single touches and one like: a bystander
    live.ingest([edge("b0", "s2", "like")], "t")
    live.apply_pending()
    assert "b0" in live.state.member
    assert any(e.effect == "member" and e.subject_id == "b0" for e in live.log.effects())


def test_an_ordinary_user_touching_the_network_once_does_not_join(live: LiveService) -> None:
    _network(live, 0)
    lines = [edge("viewer", "s1", "view")]
    lines += [edge("viewer", f"o{i}", "follow") for i in range(20)]
    live.ingest(lines, "t")
    live.apply_pending()
    assert "viewer" not in live.state.member


def test_without_an_anchor_a_dense_group_never_becomes_a_network(live: LiveService) -> None:
    live.ingest([account(f"g{i}") for i in range(8)], "t")
    live.ingest(
        [edge(f"g{i}", f"g{j}", k) for i in range(8) for j in range(8) if i != j
         for k in ("follow", "like")],
        "t",
    )  # fmt: skip
    live.apply_pending()
    assert live.state.member == set()
    assert live.state.flags == {}


def test_text_signals_are_recorded_but_decide_nothing_alone(live: LiveService) -> None:
    live.ingest([account("t1", bio="selling #mnsfw menu dm me")], "t")
    live.apply_pending()
    assert live.state.signals["t1"]
    assert "t1" not in live.state.flags


def test_a_restart_replays_to_the_offset_and_writes_no_effect_twice(
    live: LiveService, store: object, engine: GuardEngine
) -> None:
    _rotate(live)
    effects = live.log.effects()
    again = LiveService(live.store, GuardEngine(store=live.store), hasher=live.log.hasher)
    assert again.replayed == live.applied
    assert again.apply_pending() == 0
    assert again.log.effects() == effects
    assert "new" in again.state.flags


def test_links_through_a_value_that_passes_its_cap_are_withdrawn(
    live: LiveService, engine: GuardEngine
) -> None:
    _rotate(live)
    assert engine.filter_recommendations("viewer", ["new"]).kept == []
    # The device turns out to be a family tablet: more accounts than the cap share it.
    live.ingest(
        [account(f"f{i}", identifiers=DEVICE, ts="2026-01-01T00:04:00Z") for i in range(5)], "t"
    )
    live.apply_pending()
    assert "new" not in live.state.flags
    assert live.state.person_of["new"] != live.state.person_of["old"]
    effects = {(e.effect, e.subject_id) for e in live.log.effects()}
    assert {("person_unlink", "new"), ("cleared", "new")} <= effects
    assert engine.filter_recommendations("viewer", ["new"]).kept == ["new"]
