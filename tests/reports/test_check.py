from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from netbrake.cli.app import app
from netbrake.reports import check_consistency
from netbrake.store import Store

from .conftest import Put, report


def _break(store: Store, sql: str) -> None:
    with store.engine.begin() as conn:
        conn.exec_driver_sql(sql)


def test_a_fresh_pipeline_is_consistent(store: Store, put: Put) -> None:
    put(report("r1"), report("r2", target_id="x"), report("r3", target_id="x"))
    with store.read() as session:
        result = check_consistency(session)
    assert result.ok
    assert (result.reports, result.open_cases) == (3, 2)


@pytest.mark.parametrize(
    ("damage", "rule"),
    [
        ("UPDATE reports SET case_id = NULL WHERE report_id = 'r2'", "report_without_case"),
        ("UPDATE cases SET status = 'closed'", "closed_case_without_decision"),
        ("UPDATE cases SET report_count = 5", "case_count_mismatch"),
    ],
)
def test_each_way_to_lose_a_report_is_found(store: Store, put: Put, damage: str, rule: str) -> None:
    put(report("r1"), report("r2"))
    _break(store, damage)
    with store.read() as session:
        result = check_consistency(session)
    assert not result.ok
    assert rule in {v.rule for v in result.violations}


def test_the_cli_exits_non_zero_and_names_the_orphan(store: Store, put: Put) -> None:
    put(report("r1"), report("orphan-7", target_id="y"))
    url = store.engine.url.render_as_string(hide_password=False)
    runner = CliRunner()
    ok = runner.invoke(app, ["--json", "--db", url, "reports", "check"])
    assert ok.exit_code == 0
    assert json.loads(ok.stdout)["ok"] is True
    _break(store, "UPDATE reports SET case_id = NULL WHERE report_id = 'orphan-7'")
    bad = runner.invoke(app, ["--db", url, "reports", "check"])
    assert bad.exit_code == 1
    assert "report_without_case" in bad.stdout
    assert "orphan-7" in bad.stdout


def test_reports_ingest_stores_a_file_once_and_lists_bad_rows(tmp_path: Path, store: Store) -> None:
    path = tmp_path / "reports.jsonl"
    rows = [
        {
            "report_id": "f1",
            "reporter_id": "u1",
            "target_kind": "account",
            "target_id": "a1",
            "reason": "child_safety",
            "created_at": "2026-01-01T00:00:00Z",
        },
        {
            "report_id": "f2",
            "reporter_id": "u2",
            "target_kind": "account",
            "target_id": "a1",
            "reason": "spam",
            "created_at": "2026-01-01T00:00:00Z",
        },
        {
            "report_id": "f3",
            "reporter_id": "u2",
            "target_kind": "planet",
            "target_id": "a1",
            "reason": "spam",
            "created_at": "2026-01-01T00:00:00Z",
        },
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    url = store.engine.url.render_as_string(hide_password=False)
    runner = CliRunner()
    first = runner.invoke(app, ["--json", "--db", url, "reports", "ingest", str(path)])
    again = runner.invoke(app, ["--json", "--db", url, "reports", "ingest", str(path)])
    one, two = json.loads(first.stdout), json.loads(again.stdout)
    assert first.exit_code == 3  # a bad row: reported, not stored
    assert (one["stored"], one["repeated"], two["stored"], two["repeated"]) == (2, 0, 0, 2)
    assert [p["row"] for p in one["problems"]] == [3]
    with store.read() as session:
        assert check_consistency(session).reports == 2


def test_reports_sla_lists_the_backlog(store: Store, put: Put) -> None:
    put(report("r1"), report("r2", target_id="b", reason="spam"))
    url = store.engine.url.render_as_string(hide_password=False)
    result = CliRunner().invoke(app, ["--json", "--db", url, "reports", "sla"])
    backlog = json.loads(result.stdout)
    assert result.exit_code == 0
    assert backlog["open_cases"] == 2
    # Stored by the test clock (2026-01-01), read by the wall clock: long overdue.
    assert sum(backlog["by_age"]["child_safety"].values()) == 1
    assert backlog["breached"] == {"child_safety": 1, "general": 1}


def test_repair_adopts_reports_written_outside_the_pipeline(store: Store, put: Put) -> None:
    put(report("r1"))
    store.receive_report(
        report_id="side-door",
        reporter_id="u9",
        target_kind="account",
        target_id="acct1",
        reason="child_safety",
    )
    url = store.engine.url.render_as_string(hide_password=False)
    runner = CliRunner()
    assert runner.invoke(app, ["--db", url, "reports", "check"]).exit_code == 1
    repaired = runner.invoke(app, ["--json", "--db", url, "reports", "check", "--repair"])
    assert repaired.exit_code == 0
    assert json.loads(repaired.stdout)["open_cases"] == 1  # joined the target's open case
