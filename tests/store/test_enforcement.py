"""Which decision holds: manual beats automatic, overrides suppress re-flags until expiry."""

from __future__ import annotations

from datetime import timedelta

import pytest

from netbrake.errors import InputError
from netbrake.store import DecisionRecord, ManualClock, Source, Store, Subject

ACCOUNT = Subject("account", "acc-17")
DAY = timedelta(days=1)


def flag(store: Store, action: str = "remove", rule: str = "lexicon.seller_menu") -> DecisionRecord:
    return store.record_decision(
        ACCOUNT,
        action,
        source=Source.AUTOMATIC,
        decided_by=f"rule:{rule}",
        reason="menu of material in bio",
        rule_id=rule,
        policy_version="2026.11.1",
        confidence=0.93,
        evidence={"hits": ["s3ller", "menu"], "score": 0.93},
    )


def review(store: Store, action: str, reviewer: str) -> DecisionRecord:
    return store.record_decision(
        ACCOUNT, action, source=Source.MANUAL, decided_by=reviewer, reason=f"{reviewer} looked"
    )


def test_no_decision_means_nothing_holds(store: Store) -> None:
    effective = store.effective_decision(ACCOUNT)
    assert (effective.basis, effective.decision) == ("none", None)


def test_an_automatic_decision_holds_with_its_evidence_snapshot(store: Store) -> None:
    decision = flag(store)
    effective = store.effective_decision(ACCOUNT)
    assert effective.basis == "automatic"
    assert effective.decision == decision
    assert effective.decision.evidence == {"hits": ["s3ller", "menu"], "score": 0.93}


@pytest.mark.parametrize("manual_first", [True, False], ids=["manual-first", "manual-last"])
def test_manual_beats_automatic_whatever_the_order(
    store: Store, clock: ManualClock, manual_first: bool
) -> None:
    if manual_first:
        manual = review(store, "restrict", "reviewer:ana")
        clock.advance(DAY)
        flag(store, "remove")
    else:
        flag(store, "remove")
        clock.advance(DAY)
        manual = review(store, "restrict", "reviewer:ana")
    effective = store.effective_decision(ACCOUNT)
    assert (effective.basis, effective.decision) == ("manual", manual)


def test_a_new_automatic_decision_supersedes_the_previous_one(
    store: Store, clock: ManualClock
) -> None:
    first = flag(store, "downrank")
    clock.advance(DAY)
    second = flag(store, "remove")
    history = store.decisions(ACCOUNT)
    assert [(d.id, d.superseded_by) for d in history] == [(first.id, second.id), (second.id, None)]
    assert store.effective_decision(ACCOUNT).decision == second


def test_override_suppresses_the_reflag_until_it_expires(store: Store, clock: ManualClock) -> None:
    judged = flag(store)
    override = store.record_override(
        ACCOUNT,
        decided_by="reviewer:ana",
        reason="satire account, not a violation",
        expires_at=clock() + 30 * DAY,
        decision_id=judged.id,
    )
    assert store.effective_decision(ACCOUNT).basis == "override"
    clock.advance(DAY)
    reflag = flag(store)  # the next scan proposes the same decision again
    held = store.effective_decision(ACCOUNT)
    assert (held.basis, held.decision, held.suppressed_by) == ("override", None, override)
    clock.advance(29 * DAY)  # exactly at expires_at the override no longer holds
    after = store.effective_decision(ACCOUNT)
    assert (after.basis, after.decision) == ("automatic", reflag)


def test_override_scoped_to_a_rule_leaves_other_rules_alone(
    store: Store, clock: ManualClock
) -> None:
    judged = flag(store, rule="lexicon.seller_menu")
    store.record_override(
        ACCOUNT,
        decided_by="reviewer:ana",
        reason="menu means food",
        expires_at=clock() + DAY,
        decision_id=judged.id,
    )
    other = flag(store, rule="media.pdq_match")
    effective = store.effective_decision(ACCOUNT)
    assert (effective.basis, effective.decision) == ("automatic", other)


def test_override_never_suppresses_a_manual_decision(store: Store, clock: ManualClock) -> None:
    flag(store)
    store.record_override(
        ACCOUNT, decided_by="reviewer:ana", reason="not a violation", expires_at=clock() + DAY
    )
    manual = review(store, "remove", "reviewer:ben")
    assert store.effective_decision(ACCOUNT).decision == manual


def test_revoked_override_stops_suppressing(store: Store, clock: ManualClock) -> None:
    decision = flag(store)
    override = store.record_override(
        ACCOUNT, decided_by="reviewer:ana", reason="not a violation", expires_at=clock() + DAY
    )
    store.revoke_override(override.id, actor="lead:kim", reason="second look: it is a violation")
    assert store.effective_decision(ACCOUNT).decision == decision


@pytest.mark.parametrize("expiry", [timedelta(0), -DAY], ids=["now", "past"])
def test_an_already_expired_override_is_refused(
    store: Store, clock: ManualClock, expiry: timedelta
) -> None:
    flag(store)
    with pytest.raises(InputError, match=r"expires_at.*not after now"):
        store.record_override(
            ACCOUNT, decided_by="reviewer:ana", reason="late", expires_at=clock() + expiry
        )
    assert store.effective_decision(ACCOUNT).basis == "automatic"
    assert [e.action for e in store.audit_log_entries()] == ["decision.record"]


def test_an_override_of_a_manual_decision_is_refused(store: Store, clock: ManualClock) -> None:
    manual = review(store, "remove", "reviewer:ana")
    with pytest.raises(InputError, match="is manual"):
        store.record_override(
            ACCOUNT,
            decided_by="reviewer:ben",
            reason="disagree",
            expires_at=clock() + DAY,
            decision_id=manual.id,
        )


def test_conflicting_manual_decisions_newest_wins_and_the_conflict_is_audited(
    store: Store, clock: ManualClock
) -> None:
    first = review(store, "remove", "reviewer:ana")
    clock.advance(timedelta(minutes=5))
    second = review(store, "no_action", "reviewer:ben")
    assert store.effective_decision(ACCOUNT).decision == second
    conflicts = [e for e in store.audit_log_entries() if e.action == "decision.conflict"]
    assert len(conflicts) == 1
    assert conflicts[0].payload == {
        "kept": second.id,
        "kept_action": "no_action",
        "superseded": first.id,
        "superseded_action": "remove",
        "superseded_decided_by": "reviewer:ana",
    }


def test_agreeing_manual_decisions_are_not_a_conflict(store: Store) -> None:
    review(store, "remove", "reviewer:ana")
    second = review(store, "remove", "reviewer:ben")
    assert store.effective_decision(ACCOUNT).decision == second
    assert "decision.conflict" not in {e.action for e in store.audit_log_entries()}


def test_an_expired_manual_decision_lets_the_automatic_one_hold(
    store: Store, clock: ManualClock
) -> None:
    automatic = flag(store)
    store.record_decision(
        ACCOUNT,
        "restrict",
        source=Source.MANUAL,
        decided_by="reviewer:ana",
        reason="temporary restriction",
        expires_at=clock() + DAY,
    )
    assert store.effective_decision(ACCOUNT).basis == "manual"
    clock.advance(DAY)
    assert store.effective_decision(ACCOUNT).decision == automatic


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"action": ""}, "'action' must not be empty"),
        ({"reason": " "}, "'reason' must not be empty"),
        ({"confidence": 1.5}, "outside"),
    ],
)
def test_bad_decisions_are_refused_with_the_field(
    store: Store, change: dict[str, object], message: str
) -> None:
    fields: dict[str, object] = {"action": "remove", "reason": "r", "confidence": 0.5}
    fields.update(change)
    with pytest.raises(InputError, match=message):
        store.record_decision(
            ACCOUNT,
            str(fields["action"]),
            source=Source.AUTOMATIC,
            decided_by="rule:x",
            reason=str(fields["reason"]),
            confidence=float(str(fields["confidence"])),
        )
    assert store.decisions(ACCOUNT) == []


def test_unknown_subject_kind_is_an_input_error() -> None:
    with pytest.raises(InputError, match="unknown subject kind 'user'"):
        Subject("user", "u1")


def test_policy_version_is_kept_once_and_not_rewritten(store: Store) -> None:
    digest = store.record_policy_version("2026.11.1", "[lexicon]\n", actor="svc")
    assert store.record_policy_version("2026.11.1", "[lexicon]\n", actor="svc") == digest
    with pytest.raises(InputError, match="already stored with different content"):
        store.record_policy_version("2026.11.1", "[lexicon]\nterms = []\n", actor="svc")
