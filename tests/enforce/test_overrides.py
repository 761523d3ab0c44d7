"""Manual decisions beat automatic ones; unexpired overrides suppress; expired ones do not."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pyarrow as pa
import pytest

from netbrake.enforce import (
    Action,
    Decision,
    EnforcementRules,
    ManualDecision,
    Override,
    apply_overrides,
    plan_enforcement,
)
from netbrake.identity import PersonLinks

NOW = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
DAY = timedelta(days=1)


@pytest.fixture
def proposed(world: tuple[pa.Table, PersonLinks]) -> list[Decision]:
    return list(plan_enforcement(world[0], world[1], EnforcementRules(), NOW).decisions)


def _get(decisions: list[Decision], kind: str, subject: str) -> Decision:
    (d,) = [d for d in decisions if d.subject_kind == kind and d.subject_id == subject]
    return d


def _override(
    subject: str, *, kind: str = "person", expires: datetime, rule_id: str | None = None
) -> Override:
    return Override(
        subject_kind=kind,  # type: ignore[arg-type]
        subject_id=subject,
        reason="researcher account, verified",
        decided_by="reviewer-7",
        created_at=NOW - 10 * DAY,
        expires_at=expires,
        rule_id=rule_id,
    )


def test_nothing_to_apply_keeps_the_plan(proposed: list[Decision]) -> None:
    assert sorted(apply_overrides(proposed, [], [], NOW), key=lambda d: d.decision_id) == sorted(
        proposed, key=lambda d: d.decision_id
    )


def test_manual_decision_beats_automatic_and_linked_accounts_follow(
    proposed: list[Decision],
) -> None:
    manual = ManualDecision(
        "person", "p-b1", (Action.RESTRICT_DISCOVERY,), "insufficient evidence", "rev-1", NOW - DAY
    )
    out = apply_overrides(proposed, [manual], [], NOW)
    person = _get(out, "person", "p-b1")
    assert person.source == "manual"
    assert person.actions == (Action.RESTRICT_DISCOVERY,)
    assert person.evidence["replaced_decision_id"] == _get(proposed, "person", "p-b1").decision_id
    for account in ("b1", "b2", "b3"):
        d = _get(out, "account", account)
        assert d.actions == (Action.RESTRICT_DISCOVERY,)
        assert d.parent_decision_id == person.decision_id
        assert d.source == "manual"
    # Other persons are untouched.
    assert _get(out, "person", "p-s1") == _get(proposed, "person", "p-s1")


def test_conflicting_manual_decisions_newest_wins_and_is_flagged(proposed: list[Decision]) -> None:
    older = ManualDecision(
        "account", "k1", (Action.REMOVE_ACCOUNT,), "ban evader", "rev-1", NOW - 2 * DAY
    )
    newer = ManualDecision(
        "account", "k1", (Action.NONE,), "not the same person", "rev-2", NOW - DAY
    )
    for order in ([older, newer], [newer, older]):
        d = _get(apply_overrides(proposed, order, [], NOW), "account", "k1")
        assert d.actions == (Action.NONE,)
        assert d.reason == "manual decision by rev-2: not the same person"
        assert d.needs_human_review
        assert len(d.notes) == 1
        assert d.notes[0].startswith("conflict: rev-1 decided remove_account")


def test_agreeing_manual_decisions_are_not_a_conflict(proposed: list[Decision]) -> None:
    a = ManualDecision("account", "k1", (Action.REMOVE_ACCOUNT,), "x", "rev-1", NOW - 2 * DAY)
    b = ManualDecision("account", "k1", (Action.REMOVE_ACCOUNT,), "y", "rev-2", NOW - DAY)
    d = _get(apply_overrides(proposed, [a, b], [], NOW), "account", "k1")
    assert d.notes == ()
    assert not d.needs_human_review


def test_manual_decision_without_an_automatic_one_is_added(proposed: list[Decision]) -> None:
    manual = ManualDecision(
        "account", "t1", (Action.REMOVE_CONTENT,), "one post", "rev-1", NOW - DAY
    )
    d = _get(apply_overrides(proposed, [manual], [], NOW), "account", "t1")
    assert d.actions == (Action.REMOVE_CONTENT,)
    assert d.source == "manual"


def test_future_manual_decision_is_not_yet_applied(proposed: list[Decision]) -> None:
    manual = ManualDecision("account", "k1", (Action.NONE,), "later", "rev-1", NOW + DAY)
    assert _get(apply_overrides(proposed, [manual], [], NOW), "account", "k1").source == "automatic"


def test_unexpired_override_suppresses_the_same_automatic_decision(
    proposed: list[Decision],
) -> None:
    out = apply_overrides(proposed, [], [_override("p-b1", expires=NOW + 30 * DAY)], NOW)
    person = _get(out, "person", "p-b1")
    assert person.actions == (Action.NONE,)
    assert person.source == "override"
    assert person.reason.startswith(
        "suppressed until 2026-12-01T12:00:00+00:00: reviewer-7 judged not a violation"
    )
    assert person.evidence["suppressed_actions"] == ["remove_account", "report_clearinghouse"]
    for account in ("b1", "b2", "b3"):
        assert _get(out, "account", account).actions == (Action.NONE,)


def test_expired_override_does_not_suppress(proposed: list[Decision]) -> None:
    out = apply_overrides(proposed, [], [_override("p-b1", expires=NOW - DAY)], NOW)
    assert _get(out, "person", "p-b1") == _get(proposed, "person", "p-b1")
    assert _get(out, "account", "b2").actions == (Action.REMOVE_ACCOUNT,)


def test_override_expiring_exactly_now_has_expired(proposed: list[Decision]) -> None:
    out = apply_overrides(proposed, [], [_override("p-b1", expires=NOW)], NOW)
    assert _get(out, "person", "p-b1").source == "automatic"


def test_override_for_another_rule_does_not_suppress(proposed: list[Decision]) -> None:
    out = apply_overrides(
        proposed, [], [_override("p-b1", expires=NOW + DAY, rule_id="enforce.seller")], NOW
    )
    assert _get(out, "person", "p-b1").source == "automatic"
    out = apply_overrides(
        proposed, [], [_override("p-b1", expires=NOW + DAY, rule_id="enforce.buyer")], NOW
    )
    assert _get(out, "person", "p-b1").source == "override"


def test_revoked_override_does_not_suppress(proposed: list[Decision]) -> None:
    override = _override("k1", kind="account", expires=NOW + DAY)
    revoked = Override(**{**override.__dict__, "revoked_at": NOW - DAY})
    assert (
        _get(apply_overrides(proposed, [], [override], NOW), "account", "k1").source == "override"
    )
    assert (
        _get(apply_overrides(proposed, [], [revoked], NOW), "account", "k1").source == "automatic"
    )


def test_manual_decision_wins_over_an_active_override(proposed: list[Decision]) -> None:
    manual = ManualDecision(
        "account", "k1", (Action.REMOVE_ACCOUNT,), "confirmed evader", "rev-3", NOW - DAY
    )
    out = apply_overrides(
        proposed, [manual], [_override("k1", kind="account", expires=NOW + DAY)], NOW
    )
    assert _get(out, "account", "k1").actions == (Action.REMOVE_ACCOUNT,)
