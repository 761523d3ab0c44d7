"""``netbrake audit DIR RESULTS`` from the outside: exit codes, the table, audit.json's shape."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from tests.cli_process import run_netbrake as run


def test_audit_prints_tables_and_writes_audit_json(
    scanned: tuple[Path, Path], results_copy: Path, tmp_path: Path
) -> None:
    proc = run("audit", str(scanned[0]), str(results_copy), home=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "Exposure: share of top-10 suggestions" in proc.stdout
    assert "Contamination, utility and text surfaces" in proc.stdout
    assert f"wrote {results_copy / 'audit.json'}" in proc.stderr
    doc = json.loads((results_copy / "audit.json").read_text())
    assert set(doc) >= {
        "dataset", "seed", "n", "settings", "recommenders", "exposures", "time_to_exposure",
        "contamination", "utility", "text_surfaces", "notes", "guard",
    }  # fmt: skip
    assert doc["recommenders"] == ["PeopleYouMayKnow", "ItemCooccurrence"]
    probes = {e["probe"] for e in doc["exposures"]}
    assert probes == {
        "view_one_member", "follow_members", "after_takedown/view_one_member",
        "after_takedown/follow_members",
    }  # fmt: skip
    for e in doc["exposures"]:
        assert set(e["guarded"]) == {
            "hits", "trials", "value", "low", "high", "units", "design_effect",
        }  # fmt: skip
        assert e["guarded"]["design_effect"] >= 1.0
        assert e["guarded"]["hits"] == 0
    assert any(e["unguarded"]["hits"] > 0 for e in doc["exposures"])
    assert [t["surface"] for t in doc["text_surfaces"]] == ["search", "autocomplete"]


def test_one_recommender_and_chosen_probes(
    scanned: tuple[Path, Path], results_copy: Path, tmp_path: Path
) -> None:
    proc = run(
        "--json", "audit", str(scanned[0]), str(results_copy),
        "--recommender", "pymk", "--probes", "view_one_member,contamination", "--top", "5",
        home=tmp_path,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc == json.loads((results_copy / "audit.json").read_text())
    assert doc["recommenders"] == ["PeopleYouMayKnow"]
    assert doc["n"] == 5
    assert {e["probe"] for e in doc["exposures"]} == {"view_one_member"}
    assert [c["recommender"] for c in doc["contamination"]] == ["PeopleYouMayKnow"]
    assert doc["utility"] == []


def test_a_guard_that_flags_nobody_leaks_and_fail_on_leak_exits_1(
    scanned: tuple[Path, Path], results_copy: Path, tmp_path: Path
) -> None:
    # A scan that flagged nobody, with no graph for the guard to reason over: the guard is blind.
    ids = pq.read_table(results_copy / "accounts.parquet", columns=["account_id"]).column(0)
    n = len(ids)
    blind = pa.table({"account_id": ids, "role": ["benign"] * n, "action": ["none"] * n})
    pq.write_table(blind, results_copy / "accounts.parquet")
    shutil.rmtree(results_copy / "dataset")
    args = ("audit", str(scanned[0]), str(results_copy), "--probes", "view_one_member")
    proc = run(*args, home=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "guarded arm not at zero" in proc.stderr
    proc = run(*args, "--fail-on-leak", home=tmp_path)
    assert proc.returncode == 1
    assert "view_one_member PeopleYouMayKnow" in proc.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("{export}", "{missing}"), "accounts.parquet is missing"),
        (("{missing}", "{results}"), "export folder not found"),
        (("{export}", "{results}", "--recommender", "tiktok"), "unknown value 'tiktok'"),
        (("{export}", "{results}", "--probes", "view_one_member,stare"), "unknown value 'stare'"),
    ],
)
def test_bad_input_is_one_line_exit_2(
    scanned: tuple[Path, Path], tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    paths = {"export": scanned[0], "results": scanned[1], "missing": tmp_path / "nope"}
    proc = run("audit", *(a.format(**paths) for a in args), home=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.startswith("netbrake: error: ")
    assert proc.stderr.count("\n") == 1
    assert message in proc.stderr
    assert not (scanned[1] / "audit.json").exists()


def test_results_without_ground_truth_exit_2(
    scanned: tuple[Path, Path], results_copy: Path, tmp_path: Path
) -> None:
    export = tmp_path / "export"
    shutil.copytree(scanned[0], export)
    for labels in (*export.glob("labels.*"), *(results_copy / "dataset").glob("labels.*")):
        labels.unlink()
    proc = run("audit", str(export), str(results_copy), "--truth", "labels", home=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1
    assert "the audit needs ground truth: no labels table" in proc.stderr


def test_results_the_guard_cannot_read_exit_2(
    scanned: tuple[Path, Path], results_copy: Path, tmp_path: Path
) -> None:
    table = pq.read_table(results_copy / "accounts.parquet")
    pq.write_table(table.drop_columns(["action"]), results_copy / "accounts.parquet")
    proc = run("audit", str(scanned[0]), str(results_copy), home=tmp_path)
    assert proc.returncode == 2
    assert "the guard engine cannot read the scan results" in proc.stderr
    assert "accounts.parquet, field 'action': column missing" in proc.stderr
    assert not (results_copy / "audit.json").exists()


def test_html_page_charts_exposure_per_surface_over_the_follows_and_names_the_truth(
    scanned: tuple[Path, Path], results_copy: Path, tmp_path: Path
) -> None:
    page_path = tmp_path / "page" / "audit.html"
    proc = run(
        "audit", str(scanned[0]), str(results_copy), "--recommender", "pymk",
        "--probes", "follow_members,after_takedown", "--html", str(page_path), home=tmp_path,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    doc = json.loads((results_copy / "audit.json").read_text())
    page = page_path.read_text()
    labels = pq.read_table(scanned[0] / "labels.parquet").to_pylist()
    members = sum(r["role"] not in ("benign", "watchdog", "touched") for r in labels)
    truth = re.search(r'<p data-testid="truth">(.*?)</p>', page, re.S)
    assert truth is not None
    assert f"Ground truth: labels ({members:,} members)." in truth.group(1)
    assert "95% intervals of the probe sample" in truth.group(1)
    assert "whole member set" in truth.group(1)
    # One chart per stepwise probe: following members, and the same after the takedown.
    charts = re.findall(r'<svg [^>]*class="exposure-chart".*?</svg>', page, re.S)
    assert len(charts) == 2
    steps = doc["settings"]["max_follows"]
    for probe, svg in zip(("follow_members", "after_takedown/follow_members"), charts, strict=True):
        assert f"{probe} on PeopleYouMayKnow" in svg
        series = re.findall(r'<g class="series" data-surface="([a-z_]+)">(.*?)</g>', svg, re.S)
        assert [s for s, _ in series] == ["suggested_accounts", "feed"]
        for surface, body in series:
            for arm, side in (("before", "unguarded"), ("after", "guarded")):
                line = re.search(rf'<polyline class="arm-{arm}"[^>]* points="([^"]+)"', body)
                assert line is not None
                assert len(line.group(1).split()) == steps
                last = next(
                    e[side] for e in doc["exposures"]
                    if (e["probe"], e["surface"], e["step"]) == (probe, surface, steps)
                )  # fmt: skip
                point = (f"{surface}, {steps} follows, {arm} guards: {last['value']:.1%} "
                         f"({last['hits']}/{last['trials']})")  # fmt: skip
                assert point in body
    assert any(e["unguarded"]["hits"] for e in doc["exposures"])
    assert "<script" not in page
    assert "http" not in page.replace("http://www.w3.org/2000/svg", "")
