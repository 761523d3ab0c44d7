"""Live state: hot reload after takedowns and policy edits, failing closed without state."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest

from netbrake.guard import GuardAction, GuardEngine
from netbrake.guard.overlay import read_overlay
from netbrake.store import ManualClock, Source, Store, Subject

from .conftest import policy_file


def _takedown(store: Store, how: str) -> None:
    if how == "decision":
        store.record_decision(Subject("account", "b5"), "remove_account", source=Source.MANUAL,
                              decided_by="reviewer:ana", reason="takedown")  # fmt: skip
    elif how == "status":
        store.set_account_state("b5", actor="ops", reason="takedown", status="removed")
    elif how == "person":
        store.set_account_state("b5", actor="ops", reason="link", person_id="p-b5")
        store.set_person_status("p-b5", "removed", actor="ops", reason="user-level takedown")
    else:
        store.record_decision(Subject("person", "p-b5"), "remove_account", source=Source.AUTOMATIC,
                              decided_by="scan", reason="person takedown")  # fmt: skip


@pytest.mark.parametrize("how", ["decision", "status", "person", "person-decision"])
def test_takedown_in_the_store_reaches_the_guards_through_the_poller(
    results: Path, store: Store, how: str
) -> None:
    engine = GuardEngine(results=results, store=store, poll_interval=0.02)
    assert engine.filter_recommendations("b1", ["b5"]).kept == ["b5"]
    engine.start()
    try:
        _takedown(store, how)
        # Visible within 5 s: bounded wait for the poller's reload, no sleep.
        assert engine.wait_for_state(store.state_version(), timeout=5.0)
        result = engine.filter_recommendations("b1", ["b5", "b4"])
    finally:
        engine.stop()
    assert result.kept == ["b4"]
    assert result.state_version == store.state_version()
    status = engine.account("b5")
    assert status is not None
    assert status.status == "flagged"


def test_manual_allow_and_override_beat_the_scan(results: Path, store: Store) -> None:
    clock = store.now
    assert isinstance(clock, ManualClock)
    store.record_decision(Subject("account", "s1"), "allow", source=Source.MANUAL,
                          decided_by="reviewer:ana", reason="not a violation")  # fmt: skip
    store.record_override(Subject("account", "r1"), decided_by="reviewer:ben",
                          reason="not a violation", expires_at=clock() + timedelta(days=30))  # fmt: skip
    engine = GuardEngine(results=results, store=store)
    assert engine.filter_recommendations("b1", ["s1", "r1", "u1"]).kept == ["s1", "r1"]
    clock.advance(timedelta(days=31))  # the override expired: the scan's evidence holds again
    store.bump_state(actor="test", reason="clock moved")
    assert engine.reload()
    assert engine.filter_recommendations("b1", ["s1", "r1"]).kept == ["s1"]


def test_policy_edit_is_picked_up_without_restart(tmp_path: Path, results: Path) -> None:
    team = policy_file(tmp_path, "")
    engine = GuardEngine(results=results, policy_path=team)
    assert engine.filter_autocomplete("zz", ["zzfreshname plus"]).kept == ["zzfreshname plus"]
    before = engine.state.policy.version
    team.write_text(
        team.read_text()
        + '[[lexicon]]\nid = "name.fresh"\nterm = "zzfreshname"\nkind = "keyword"\n'
        'category = "offplatform"\nseverity = "high"\nmatch = "prefix"\n'
    )
    stat = team.stat()
    os.utime(team, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))
    assert engine.reload()
    result = engine.filter_autocomplete("zz", ["zzfreshname plus"])
    assert result.kept == []
    assert result.policy_version != before


def test_bad_policy_edit_keeps_the_last_good_policy(tmp_path: Path, results: Path) -> None:
    team = policy_file(tmp_path, "")
    engine = GuardEngine(results=results, policy_path=team)
    version = engine.state.policy.version
    team.write_text(team.read_text() + "[guard]\nhigh_risk = 7\n")
    stat = team.stat()
    os.utime(team, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))
    engine.reload()
    assert engine.state.policy.version == version
    assert engine.error is not None
    assert "high_risk" in engine.error
    assert not engine.degraded


def test_missing_results_fail_closed(tmp_path: Path) -> None:
    engine = GuardEngine(results=tmp_path / "nowhere")
    assert engine.degraded
    assert engine.error
    result = engine.filter_recommendations("b1", ["b2", "s1"])
    assert (result.kept, result.degraded) == ([], True)
    assert {d.decided_by for d in result.dropped} == {"suggested_accounts.fail_closed"}
    blocked = engine.check_search("p3d0bait")  # the lexicon needs no live state
    assert (blocked.action, blocked.degraded) == (GuardAction.BLOCK, True)
    assert engine.check_search("cooking").degraded
    assert engine.filter_autocomplete("mega", ["megalinkfree", "megaphone"]).kept == ["megaphone"]


def test_fail_closed_keeps_the_allow_list_and_open_surfaces(tmp_path: Path) -> None:
    team = policy_file(
        tmp_path,
        '[guard]\nfail_closed_allow = ["official"]\n'
        '[guard.surfaces.explore]\nchild_safety = false\non_state_error = "open"\n',
    )
    engine = GuardEngine(results=tmp_path / "nowhere", policy_path=team)
    assert engine.filter_recommendations("b1", ["official", "b2"]).kept == ["official"]
    opened = engine.filter_recommendations("b1", ["b2"], "explore")
    assert (opened.kept, opened.degraded) == (["b2"], True)


def test_store_outage_degrades_once_state_is_stale(
    results: Path, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = [100.0]
    engine = GuardEngine(results=results, store=store, clock=lambda: now[0])
    assert not engine.degraded

    def down() -> int:
        raise OSError("database is unreachable")

    monkeypatch.setattr(store, "state_version", down)
    now[0] += 5
    assert not engine.reload()
    assert engine.error
    assert "unreachable" in engine.error
    assert not engine.degraded  # 5 s old: still within stale_after_seconds
    assert engine.filter_recommendations("b1", ["b2"]).kept == ["b2"]
    now[0] += 6
    engine.reload()
    assert engine.degraded
    assert engine.filter_recommendations("b1", ["b2"]).kept == []
    monkeypatch.undo()
    engine.reload()
    assert not engine.degraded
    assert engine.error is None


def test_admits_refuses_watchdog_and_flagged_contact(engine: GuardEngine) -> None:
    class Edge:
        def __init__(self, src: str, dst: str):
            self.src, self.dst = src, dst

    assert not engine.admits(Edge("w1", "b2"))  # a watchdog's contact (F2)
    assert not engine.admits(Edge("b1", "s1"))  # viewing a member (F1)
    assert engine.admits(Edge("b1", "b2"))


def test_bulk_overlay_agrees_with_the_store_rule(store: Store) -> None:
    clock = store.now
    assert isinstance(clock, ManualClock)
    later = clock() + timedelta(days=10)
    a, b, c, d, e = (Subject("account", x) for x in "abcde")
    store.record_decision(a, "remove_account", source=Source.AUTOMATIC, decided_by="scan",
                          reason="r", rule_id="enforce.buyer")  # fmt: skip
    store.record_decision(a, "allow", source=Source.MANUAL, decided_by="rev", reason="r")
    store.record_decision(b, "remove_account", source=Source.AUTOMATIC, decided_by="scan",
                          reason="r", rule_id="enforce.buyer")  # fmt: skip
    store.record_override(
        b, decided_by="rev", reason="r", expires_at=later, rule_id="enforce.buyer"
    )
    store.record_decision(c, "remove_account", source=Source.AUTOMATIC, decided_by="scan",
                          reason="r", rule_id="enforce.seller")  # fmt: skip
    store.record_override(
        c, decided_by="rev", reason="r", expires_at=later, rule_id="enforce.buyer"
    )
    store.record_decision(d, "restrict_discovery", source=Source.AUTOMATIC, decided_by="scan",
                          reason="r", expires_at=clock() + timedelta(days=1))  # fmt: skip
    store.record_decision(e, "remove_account", source=Source.MANUAL, decided_by="r1", reason="r")
    store.record_decision(e, "remove_content", source=Source.MANUAL, decided_by="r2", reason="r")
    for when in (clock(), clock.advance(timedelta(days=2))):
        overlay = read_overlay(store)
        for subject in (a, b, c, d, e):
            truth = store.effective_decision(subject)
            held = overlay.holdings.get((subject.kind, subject.id))
            if truth.basis == "none":
                assert held is None, (when, subject)
            else:
                assert held is not None
                assert held.basis == truth.basis
                assert (held.decision and held.decision.id) == (
                    truth.decision and truth.decision.id
                )


def test_reviewer_clears_a_hashtag_for_suggestion_and_blocks_another(
    results: Path, store: Store
) -> None:
    engine = GuardEngine(results=results, store=store)
    assert engine.filter_autocomplete("new", ["newtag1"]).kept == []
    store.record_decision(Subject("hashtag", "newtag1"), "allow", source=Source.MANUAL,
                          decided_by="reviewer:ana", reason="reviewed: harmless")  # fmt: skip
    store.record_decision(Subject("hashtag", "#Baking"), "block", source=Source.MANUAL,
                          decided_by="reviewer:ana", reason="new code word")  # fmt: skip
    assert engine.reload()
    assert engine.filter_autocomplete("new", ["newtag1"]).kept == ["newtag1"]
    assert engine.check_search("#baking").decided_by == "search.hashtag"
