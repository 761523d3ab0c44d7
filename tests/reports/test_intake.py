from __future__ import annotations

from sqlalchemy import func, select

from netbrake.reports import ReportWriter, check_consistency
from netbrake.reports.priority import REASON_BAND
from netbrake.store import Store
from netbrake.store.tables import AuditEntryRow, CaseRow, ReporterRow, ReportRow

from .conftest import Put, report


def test_a_report_is_stored_in_a_new_case_with_an_sla(store: Store, put: Put) -> None:
    (receipt,) = put(report("r1"))
    with store.read() as session:
        case = session.get(CaseRow, receipt.case_id)
        row = session.execute(select(ReportRow)).scalar_one()
        assert receipt.created
        assert row.case_id == case.id
        assert (case.status, case.stage, case.reason, case.report_count) == (
            "open",
            "review",
            "child_safety",
            1,
        )
        assert case.sla_due_at > case.opened_at
        assert row.acknowledged_at is not None


def test_a_replayed_report_id_returns_the_first_receipt_and_adds_nothing(
    store: Store, put: Put
) -> None:
    (first,) = put(report("r1"))
    (again,) = put(report("r1"))
    assert (again.created, again.id, again.case_id) == (False, first.id, first.case_id)
    with store.read() as session:
        assert session.execute(select(func.count()).select_from(ReportRow)).scalar_one() == 1
        assert session.get(CaseRow, first.case_id).report_count == 1


def test_a_repeat_within_one_batch_is_stored_once(store: Store, put: Put) -> None:
    a, b = put(report("r1"), report("r1"))
    assert (a.created, b.created, a.id) == (True, False, b.id)


def test_a_repeat_with_other_content_keeps_the_first_and_is_audited(store: Store, put: Put) -> None:
    put(report("r1", reason="spam"))
    put(report("r1", reason="child_safety"))
    with store.read() as session:
        actions = list(session.execute(select(AuditEntryRow.action)).scalars())
        assert session.execute(select(ReportRow.reason)).scalar_one() == "spam"
    assert "report.conflicting_repeat" in actions


def test_duplicates_about_one_target_share_one_case(store: Store, put: Put) -> None:
    receipts = put(report("r1"), report("r2", reporter_id="rep2"), report("r3", target_id="other"))
    assert receipts[0].case_id == receipts[1].case_id != receipts[2].case_id
    with store.read() as session:
        assert session.get(CaseRow, receipts[0].case_id).report_count == 2


def test_a_more_urgent_report_moves_the_case_into_its_band(store: Store, put: Put) -> None:
    (spam,) = put(report("r1", reason="spam"))
    (child,) = put(report("r2", reason="child_safety"))
    with store.read() as session:
        case = session.get(CaseRow, spam.case_id)
        assert child.case_id == spam.case_id
        assert case.reason == "child_safety"
        assert REASON_BAND["child_safety"] <= case.priority < REASON_BAND["nudity"]


def test_a_mass_reporter_is_down_weighted_but_every_report_is_kept(store: Store, put: Put) -> None:
    reports = [report(f"m{i}", target_id=f"t{i}", reporter_id="mass") for i in range(5)]
    put(*reports, recent={"mass": 500})
    with store.read() as session:
        reporter = session.get(ReporterRow, "mass")
        weights = set(session.execute(select(ReportRow.weight)).scalars())
        stored = session.execute(select(func.count()).select_from(ReportRow)).scalar_one()
        assert reporter.mass_flagged_at is not None
        assert reporter.reports_total == 5
        assert weights == {reporter.weight}
        assert reporter.weight < 0.5
    assert stored == 5


def test_the_writer_groups_concurrent_deliveries_into_few_commits(store: Store) -> None:
    writer = ReportWriter(store, max_batch=1000)
    # Queue everything before the writer starts: the first transaction takes all of it.
    writer._running = True
    futures = [writer.submit([report(f"r{i}", target_id=f"t{i % 7}")]) for i in range(300)]
    writer._running = False
    writer.start()
    receipts = [f.result(timeout=30)[0] for f in futures]
    writer.stop()
    assert writer.commits == 1
    assert writer.stored == 300
    assert all(r.created for r in receipts)
    with store.read() as session:
        assert check_consistency(session).ok


def test_a_failed_transaction_acknowledges_nothing(store: Store) -> None:
    writer = ReportWriter(store).start()
    store.engine.dispose()
    with store.engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE reporters")
    future = writer.submit([report("r1")])
    exc = future.exception(timeout=30)
    writer.stop()
    assert exc is not None
    with store.read() as session:
        assert session.execute(select(func.count()).select_from(ReportRow)).scalar_one() == 0
