from __future__ import annotations

import random
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from netbrake.errors import InputError
from netbrake.reports import (
    CaseSummary,
    Outcome,
    Reviewer,
    ReviewError,
    ScanResults,
    check_consistency,
    claim,
    claim_next,
    decide,
    file_appeal,
    resolve_appeal,
)
from netbrake.store import ManualClock, Store, Subject
from netbrake.store.tables import AppealRow, AuditEntryRow, CaseRow

from .conftest import ALICE, BOB, CARA, DAN, LEE, Put, report

NEVER = 0.0


def _decide(
    store: Store,
    who: Reviewer,
    case_id: int,
    verdict: str,
    results: ScanResults | None = None,
    quality_share: float = NEVER,
) -> Outcome:
    with store.write() as tx:
        return decide(
            tx,
            who,
            case_id,
            verdict=verdict,
            reason="checked the evidence",
            rule_id="cs.solicitation",
            results=results,
            quality_share=quality_share,
            rng=random.Random(1),
        )


def _claim(store: Store, who: Reviewer, case_id: int) -> CaseSummary:
    with store.write() as tx:
        return claim(tx, who, case_id)


def _case(store: Store, case_id: int) -> tuple[str, str, str | None]:
    with store.read() as session:
        case = session.get(CaseRow, case_id)
        return case.status, case.stage, case.claimed_by


def test_two_reviewers_never_get_the_same_case(store: Store, put: Put) -> None:
    put(report("r1", reason="spam"))
    with store.write() as tx:
        first = claim_next(tx, ALICE)
    with store.write() as tx:
        second = claim_next(tx, BOB)
    assert first is not None
    assert second is None
    with pytest.raises(ReviewError) as refused:
        _claim(store, BOB, first.id)
    assert refused.value.status == 409


def test_an_expired_claim_returns_the_case_to_the_queue(
    store: Store, put: Put, clock: ManualClock
) -> None:
    (receipt,) = put(report("r1", reason="spam"))
    _claim(store, ALICE, receipt.case_id)
    clock.advance(timedelta(minutes=16))
    assert _claim(store, BOB, receipt.case_id).claimed_by == "bob"
    with pytest.raises(ReviewError, match="claim it first"):
        _decide(store, ALICE, receipt.case_id, "violation")


def test_child_safety_reviewers_only_see_child_safety_cases(store: Store, put: Put) -> None:
    spam, child = put(report("r1", target_id="a", reason="spam"), report("r2", target_id="b"))
    with pytest.raises(ReviewError) as refused:
        _claim(store, CARA, spam.case_id)
    assert refused.value.status == 403
    with store.write() as tx:
        taken = claim_next(tx, CARA)
    assert taken is not None
    assert taken.id == child.case_id
    with store.write() as tx:
        assert claim_next(tx, ALICE).id == spam.case_id  # general reviewers: general queue


def test_child_safety_comes_first_in_the_queue(store: Store, put: Put) -> None:
    put(
        report("r1", target_id="a", reason="spam"),
        report("r2", target_id="b", reason="nudity"),
        report("r3", target_id="c", reason="child_safety"),
    )
    with store.write() as tx:
        assert claim_next(tx, LEE).target_id == "c"


def test_a_violation_closes_the_case_with_a_manual_decision(store: Store, put: Put) -> None:
    (receipt,) = put(report("r1", target_id="plain"))
    _claim(store, CARA, receipt.case_id)
    outcome = _decide(store, CARA, receipt.case_id, "violation")
    assert outcome.closed
    assert outcome.decision_id is not None
    assert store.effective_decision(Subject("account", "plain")).decision.action == "remove"
    with store.read() as session:
        assert check_consistency(session).ok


def test_no_violation_on_child_safety_with_network_evidence_needs_a_second_reviewer(
    store: Store, put: Put, results_dir: Path
) -> None:
    results = ScanResults.load(results_dir)
    (receipt,) = put(report("r1", target_id="seller1"))
    _claim(store, CARA, receipt.case_id)
    first = _decide(store, CARA, receipt.case_id, "no_violation", results)
    assert not first.closed
    assert _case(store, receipt.case_id) == ("open", "second_review", None)
    with pytest.raises(ReviewError, match="different reviewer"):
        _claim(store, CARA, receipt.case_id)
    _claim(store, DAN, receipt.case_id)
    second = _decide(store, DAN, receipt.case_id, "violation", results)
    assert second.closed
    assert second.decision_id is not None
    with store.read() as session:
        actions = list(session.execute(select(AuditEntryRow.action)).scalars())
    assert actions.count("case.no_violation") == 1
    assert "case.violation" in actions


def test_no_violation_without_network_evidence_is_final(
    store: Store, put: Put, results_dir: Path
) -> None:
    (receipt,) = put(report("r1", target_id="plain"))
    _claim(store, CARA, receipt.case_id)
    outcome = _decide(store, CARA, receipt.case_id, "no_violation", ScanResults.load(results_dir))
    assert outcome.closed


def test_a_sampled_decision_goes_to_quality_review_by_someone_else(store: Store, put: Put) -> None:
    (receipt,) = put(report("r1", reason="spam"))
    _claim(store, ALICE, receipt.case_id)
    outcome = _decide(store, ALICE, receipt.case_id, "violation", quality_share=1.0)
    assert outcome.stage == "quality"
    assert not outcome.closed
    _claim(store, BOB, receipt.case_id)
    final = _decide(store, BOB, receipt.case_id, "no_violation", quality_share=1.0)
    assert final.closed
    assert final.decision_id is not None
    assert store.effective_decision(Subject("account", "acct1")).decision.action == "allow"


def test_escalated_cases_are_for_leads_only(store: Store, put: Put) -> None:
    (receipt,) = put(report("r1", reason="spam"))
    _claim(store, ALICE, receipt.case_id)
    with store.write() as tx:
        decide(tx, ALICE, receipt.case_id, verdict="escalate", reason="unsure", rule_id=None)
    with pytest.raises(ReviewError):
        _claim(store, BOB, receipt.case_id)
    _claim(store, LEE, receipt.case_id)
    assert _decide(store, LEE, receipt.case_id, "violation").closed


@pytest.mark.parametrize(("reason", "rule"), [("", "cs.x"), ("fine", "")])
def test_a_decision_needs_a_reason_and_a_rule(
    store: Store, put: Put, reason: str, rule: str
) -> None:
    (receipt,) = put(report("r1", reason="spam"))
    _claim(store, ALICE, receipt.case_id)
    with pytest.raises(InputError), store.write() as tx:
        decide(tx, ALICE, receipt.case_id, verdict="violation", reason=reason, rule_id=rule)


def test_an_overturned_appeal_supersedes_the_decision_and_is_audited(
    store: Store, put: Put
) -> None:
    (receipt,) = put(report("r1", reason="spam", target_id="acct9"))
    _claim(store, ALICE, receipt.case_id)
    decision_id = _decide(store, ALICE, receipt.case_id, "violation").decision_id
    assert decision_id is not None
    with store.write() as tx:
        appeal_id = file_appeal(tx, decision_id, "acct9", "it was a cooking video")
    with pytest.raises(ReviewError, match="someone other"), store.write() as tx:
        resolve_appeal(tx, ALICE, appeal_id, "overturned", "self review")
    with store.write() as tx:
        result = resolve_appeal(tx, LEE, appeal_id, "overturned", "no violation on second look")
    assert result.status == "reversed"
    assert result.new_decision_id is not None
    assert store.effective_decision(Subject("account", "acct9")).decision.action == "allow"
    with store.read() as session:
        assert session.get(AppealRow, appeal_id).resolved_by == "lee"
        entry = session.execute(
            select(AuditEntryRow).where(AuditEntryRow.action == "appeal.overturned")
        ).scalar_one()
        assert entry.payload["appeal_id"] == appeal_id


def test_an_upheld_appeal_keeps_the_decision(store: Store, put: Put) -> None:
    (receipt,) = put(report("r1", reason="spam", target_id="acct9"))
    _claim(store, ALICE, receipt.case_id)
    decision_id = _decide(store, ALICE, receipt.case_id, "violation").decision_id
    assert decision_id is not None
    with store.write() as tx:
        appeal_id = file_appeal(tx, decision_id, "acct9", None)
    with store.write() as tx:
        assert (
            resolve_appeal(tx, LEE, appeal_id, "upheld", "clear violation").new_decision_id is None
        )
    assert store.effective_decision(Subject("account", "acct9")).decision.id == decision_id
