from __future__ import annotations

import asyncio
import time

from sqlalchemy import func, select

from netbrake.reports import Receipt, ReportWriter, check_consistency
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


def test_coroutines_awaiting_deliver_share_commits_and_get_their_own_receipts(
    store: Store,
) -> None:
    writer = ReportWriter(store).start()

    async def deliver_all() -> list[list[Receipt]]:
        return await asyncio.gather(
            *(writer.deliver([report(f"r{i}", target_id=f"t{i % 3}")]) for i in range(40))
        )

    answers = asyncio.run(deliver_all())
    writer.stop()
    assert [a[0].report_id for a in answers] == [f"r{i}" for i in range(40)]
    assert all(a[0].created for a in answers)
    assert writer.stored == 40
    with store.read() as session:
        rows = session.execute(select(ReportRow.report_id, ReportRow.case_id))
        stored = {report_id: case_id for report_id, case_id in rows}
        assert check_consistency(session).ok
    assert {a[0].report_id: a[0].case_id for a in answers} == stored


def test_a_failed_transaction_fails_every_awaiting_coroutine(store: Store) -> None:
    writer = ReportWriter(store).start()
    store.engine.dispose()
    with store.engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE reporters")

    async def deliver_two() -> list[object]:
        return await asyncio.gather(
            writer.deliver([report("r1")]), writer.deliver([report("r2")]), return_exceptions=True
        )

    outcomes = asyncio.run(deliver_two())
    writer.stop()
    assert all(isinstance(o, Exception) for o in outcomes)


def test_a_coroutine_that_gave_up_does_not_stop_the_others(store: Store) -> None:
    writer = ReportWriter(store)
    writer._running = True  # queue before the writer runs, so both share one commit

    async def one_gives_up() -> list[Receipt]:
        abandoned = asyncio.ensure_future(writer.deliver([report("r1")]))
        kept = asyncio.ensure_future(writer.deliver([report("r2")]))
        await asyncio.sleep(0)
        abandoned.cancel()
        writer._running = False
        writer.start()
        return await kept

    (receipt,) = asyncio.run(one_gives_up())
    writer.stop()
    assert receipt.report_id == "r2"
    # The abandoned report was still committed: its sender retries with the same id.
    assert writer.stored == 2


def test_a_cancelled_future_does_not_stop_the_writer(store: Store) -> None:
    writer = ReportWriter(store)
    writer._running = True  # queue before the writer runs, so both share one commit
    cancelled = writer.submit([report("r1")])
    kept = writer.submit([report("r2")])
    assert cancelled.cancel()
    writer._running = False
    writer.start()
    assert kept.result(timeout=30)[0].report_id == "r2"
    later = writer.submit([report("r3")]).result(timeout=30)
    writer.stop()
    assert later[0].created


def test_a_lone_sender_never_waits_for_company(store: Store) -> None:
    writer = ReportWriter(store, gather=60.0).start()
    # Each transaction holds one delivery, so none gathers: well within the timeout.
    receipts = [writer.submit([report(f"r{i}")]).result(timeout=10)[0] for i in range(3)]
    writer.stop()
    assert [r.created for r in receipts] == [True] * 3
    assert writer.commits == 3


def test_after_a_shared_transaction_the_writer_gathers_the_next_one(store: Store) -> None:
    writer = ReportWriter(store, max_batch=2, gather=60.0)
    writer._running = True  # two deliveries share the first transaction
    first = [writer.submit([report(f"r{i}")]) for i in range(2)]
    writer._running = False
    writer.start()
    assert all(f.result(timeout=10) for f in first)
    third = writer.submit([report("r3")])
    time.sleep(0.2)  # without gathering, r3 would be committed alone by now
    fourth = writer.submit([report("r4")])
    assert third.result(timeout=10)[0].created
    assert fourth.result(timeout=10)[0].created
    writer.stop()
    assert writer.commits == 2  # r3 waited for r4: the batch was full at two
