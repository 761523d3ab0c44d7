from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from netbrake.reports import ScanResults, triage_once
from netbrake.reports.priority import SLA
from netbrake.reports.triage import adopt_stray_reports, lease_untriaged, score_leased
from netbrake.store import ManualClock, Store
from netbrake.store.tables import CaseRow

from .conftest import Put, report


def _priorities(store: Store) -> dict[str, tuple[int, bool]]:
    with store.read() as session:
        rows = session.execute(select(CaseRow.target_id, CaseRow.priority, CaseRow.triaged_at))
        return {t: (p, at is not None) for t, p, at in rows}


def test_network_evidence_raises_priority_within_the_reason_band(
    store: Store, put: Put, results_dir: Path
) -> None:
    put(
        report("r1", target_id="seller1"),
        report("r2", target_id="plain"),
        report("r3", target_id="spammer", reason="spam"),
    )
    assert triage_once(store, "w", ScanResults.load(results_dir)) == 3
    found = _priorities(store)
    assert found["seller1"][0] < found["plain"][0] < found["spammer"][0]
    assert all(done for _, done in found.values())


def test_a_crashed_workers_lease_expires_and_another_worker_finishes(
    store: Store, put: Put, clock: ManualClock
) -> None:
    put(report("r1"))
    leased = lease_untriaged(store, "crashed")
    assert lease_untriaged(store, "other") == []  # held by the first worker
    clock.advance(timedelta(seconds=61))
    assert lease_untriaged(store, "other") == leased
    assert score_leased(store, "other", leased, ScanResults()) == 1
    assert score_leased(store, "crashed", leased, ScanResults()) == 0  # its lease is gone


def test_a_new_report_voids_a_running_triage(store: Store, put: Put) -> None:
    put(report("r1"))
    leased = lease_untriaged(store, "w")
    put(report("r2"))  # same target: new evidence
    assert score_leased(store, "w", leased, ScanResults()) == 0
    assert triage_once(store, "w", ScanResults()) == 1


def test_waiting_past_the_sla_raises_priority(store: Store, put: Put, clock: ManualClock) -> None:
    put(report("r1", target_id="old", reason="spam"))
    clock.advance(SLA["spam"] * 2)
    put(report("r2", target_id="new", reason="spam"))
    triage_once(store, "w", ScanResults())
    found = _priorities(store)
    assert found["old"][0] < found["new"][0]


def test_stray_reports_are_adopted_into_cases(store: Store, put: Put) -> None:
    assert adopt_stray_reports(store) == 0
    store.receive_report(
        report_id="side", reporter_id="u", target_kind="account", target_id="lonely", reason="spam"
    )
    assert adopt_stray_reports(store) == 1
    assert adopt_stray_reports(store) == 0
    assert _priorities(store)["lonely"][1] is False  # waits for triage like any new case
