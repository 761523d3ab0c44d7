"""The pipeline on PostgreSQL, the production store: intake, grouping, four eyes, the check."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from netbrake.reports import ReportWriter, ScanResults, check_consistency, claim, decide
from netbrake.reports.intake import store_reports
from netbrake.store import Store

from .conftest import CARA, DAN, report

pytestmark = pytest.mark.postgres


def test_intake_groups_duplicates_and_is_idempotent_on_postgres(pg_store: Store) -> None:
    writer = ReportWriter(pg_store).start()
    futures = [writer.submit([report(f"r{i}", target_id=f"t{i % 5}")]) for i in range(50)]
    receipts = [f.result(timeout=60)[0] for f in futures]
    again = writer.submit([report("r0", target_id="t0")]).result(timeout=60)[0]
    writer.stop()
    assert len({r.case_id for r in receipts}) == 5
    assert (again.created, again.id) == (False, receipts[0].id)
    with pg_store.read() as session:
        result = check_consistency(session)
    assert result.ok
    assert (result.reports, result.open_cases) == (50, 5)


def test_four_eyes_on_postgres(pg_store: Store, tmp_path: Path) -> None:
    from .conftest import write_results

    results = ScanResults.load(
        write_results(
            tmp_path / "results",
            [
                {
                    "account_id": "seller1",
                    "score": 0.9,
                    "role": "seller",
                    "network_id": 3,
                    "person_id": "p",
                    "action": "remove",
                    "reasons": [],
                }
            ],
            [],
        )
    )
    with pg_store.write() as tx:
        (receipt,) = store_reports(tx, [report("r1", target_id="seller1")])
    rng = random.Random(0)
    for reviewer, verdict in ((CARA, "no_violation"), (DAN, "violation")):
        with pg_store.write() as tx:
            claim(tx, reviewer, receipt.case_id)
        with pg_store.write() as tx:
            outcome = decide(
                tx,
                reviewer,
                receipt.case_id,
                verdict=verdict,
                reason="checked",
                rule_id="cs.network_member",
                results=results,
                quality_share=0.0,
                rng=rng,
            )
    assert outcome.closed
    with pg_store.read() as session:
        assert check_consistency(session).ok
