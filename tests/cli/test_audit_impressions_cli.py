"""``netbrake synth --impressions`` -> ``netbrake scan`` -> ``netbrake audit --impressions``,
each a real run of the command, and the bad inputs of the impression audit (F1, F9)."""

from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path

import pytest
from tests.cli_process import run_netbrake as run


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("audit-impressions-cli")
    export, results = root / "export", root / "results"
    proc = run("synth", "--accounts", "2000", "--impressions", "20000", "--seed", "4",
               "--out", str(export), home=root)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    proc = run("scan", str(export), "--out", str(results), home=root)
    assert proc.returncode == 0, proc.stderr
    return export, results


def test_synth_scan_audit_impressions_end_to_end(scanned, tmp_path):
    export, results = scanned
    copy = tmp_path / "results"
    shutil.copytree(results, copy)
    proc = run("audit", str(export), str(copy), "--impressions", home=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "Impressions: exposure to" in proc.stdout
    assert "Top entry points" in proc.stdout
    doc = json.loads((copy / "impressions_audit.json").read_text())
    assert doc["rows"] == 20_000
    assert doc["arms"] == ["before", "after"]
    total = {c["arm"]: c for c in doc["cells"] if (c["surface"], c["week"]) == ("all", "all")}
    # The simulated guard log suppresses 90% of member impressions: exposure falls.
    assert 0 < total["after"]["member_impressions"] < total["before"]["member_impressions"]
    assert total["before"]["newcomers"] > 0
    assert total["before"]["newcomers"] <= total["before"]["viewers_exposed"]
    page = (copy / "audit.html").read_text()
    assert len(re.findall(r'<g class="series"', page)) == 8


def _bad_log(path: Path) -> Path:
    good = {"viewer_id": "acct0000001", "surface": "explore", "item_kind": "account",
            "item_id": "acct0000002", "rank": "1", "ts": "2024-02-01T00:00:00Z"}  # fmt: skip
    rows = [
        good,
        {**good, "viewer_id": "nobody"},
        {**good, "rank": "0"},
        {**good, "ts": "soon"},
        {**good, "surface": "inbox"},
    ]
    with path.open("w", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(good))
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_bad_impression_rows_are_quarantined_with_file_row_field(scanned, tmp_path):
    export, results = scanned
    copy = tmp_path / "results"
    shutil.copytree(results, copy)
    log = _bad_log(tmp_path / "log.csv")
    args = ("audit", str(export), str(copy), "--impressions-file", str(log))
    proc = run(*args, "--max-bad-fraction", "1", home=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert f"{log}: row 2, field viewer_id: refers to unknown account nobody" in proc.stderr
    assert f"{log}: row 3, field rank: must be at least 1" in proc.stderr
    assert f"{log}: row 4, field ts: not a timestamp" in proc.stderr
    assert f"{log}: row 5, field surface: unknown value" in proc.stderr
    quarantine = [json.loads(line) for line in (copy / "impressions_quarantine.jsonl").open()]
    assert [(q["row"], q["column"]) for q in quarantine] == [
        (2, "viewer_id"), (3, "rank"), (4, "ts"), (5, "surface"),
    ]  # fmt: skip
    doc = json.loads((copy / "impressions_audit.json").read_text())
    assert (doc["rows"], doc["quarantined"]) == (1, 4)
    proc = run(*args, home=tmp_path)
    assert proc.returncode == 3
    assert "80.00% of impression rows quarantined" in proc.stderr


def test_missing_impressions_exit_2(scanned, tmp_path):
    export, results = scanned
    proc = run("audit", str(export), str(results), "--impressions-file",
               str(tmp_path / "none.parquet"), home=tmp_path)  # fmt: skip
    assert proc.returncode == 2
    assert "none.parquet, field 'impressions': impressions file not found" in proc.stderr
    bare = tmp_path / "bare"
    shutil.copytree(export, bare)
    (bare / "impressions.parquet").unlink()
    stripped = tmp_path / "stripped"
    shutil.copytree(results, stripped)
    (stripped / "dataset" / "impressions.parquet").unlink()
    proc = run("audit", str(bare), str(stripped), "--impressions", home=tmp_path)
    assert proc.returncode == 2
    assert "the export has no impressions table" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def test_the_impression_audit_takes_the_same_truth_options_as_the_probe_audit(scanned, tmp_path):
    export, results = scanned
    figures = {}
    for truth in ("labels", "scan"):
        copy = tmp_path / truth
        shutil.copytree(results, copy)
        proc = run("audit", str(export), str(copy), "--impressions", "--truth", truth,
                   home=tmp_path)  # fmt: skip
        assert proc.returncode == 0, proc.stderr
        doc = json.loads((copy / "impressions_audit.json").read_text())
        figures[truth] = doc
    assert figures["labels"]["members_from"] != figures["scan"]["members_from"]
    assert "scan" in figures["scan"]["members_from"]
    # an empty truth is one line and exit 2, as for the probe audit
    empty = tmp_path / "empty.csv"
    empty.write_text("account_id\n")
    copy = tmp_path / "empty"
    shutil.copytree(results, copy)
    proc = run("audit", str(export), str(copy), "--impressions", "--truth", "labels",
               "--labels", str(empty), home=tmp_path)  # fmt: skip
    assert proc.returncode == 2
    assert len(proc.stderr.strip().splitlines()) == 1
