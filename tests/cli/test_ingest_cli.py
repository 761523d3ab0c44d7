"""``netbrake ingest`` from the outside: exit codes, one-line errors, JSON summary."""

from __future__ import annotations

import json

from tests.cli_process import run_netbrake as run


def test_ingest_ok_prints_json_summary(write_export, small_platform, tmp_path):
    folder = write_export(small_platform, "csv")
    proc = run("--json", "ingest", str(folder), home=tmp_path)
    assert proc.returncode == 0, proc.stderr
    summary = json.loads(proc.stdout)
    assert summary["status"] == "ok"
    assert summary["rows_read"] == sum(len(rows) for rows in small_platform.values())


def test_missing_folder_is_one_line_exit_2(tmp_path):
    proc = run("ingest", str(tmp_path / "nope"), home=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1
    assert proc.stderr.startswith("netbrake: error: ")
    assert "Traceback" not in proc.stderr


def test_too_many_bad_rows_exit_3_with_quarantine(write_export, small_platform, tmp_path):
    for row in small_platform["edges"]:
        row["kind"] = "hug"
    folder = write_export(small_platform, "csv")
    proc = run("ingest", str(folder), home=tmp_path)
    assert proc.returncode == 3
    assert "edges.csv: 100.00% of rows quarantined" in proc.stderr
    assert (folder / "clean" / "quarantine.jsonl").read_text().count("\n") == 4


def test_bad_option_value_is_a_usage_error(tmp_path):
    proc = run("ingest", str(tmp_path), "--max-bad-fraction", "lots", home=tmp_path)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
