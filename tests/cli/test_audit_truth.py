"""``netbrake audit --truth``: the audit on an export without labels, from the CLI.

Which truth ``auto`` picks, what the table, audit.json and the HTML page say
about it, the sampled-truth estimates, and the one-line errors of an empty
or unreadable truth.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from tests.cli_process import run_netbrake as run
from tests.reviewed import uphold

from netbrake.policy import Policy
from netbrake.scan import ScanRequest, scan
from netbrake.synth import SynthConfig, generate

PROBES = ("--probes", "view_one_member,follow_members", "--recommender", "pymk")


@pytest.fixture(scope="module")
def unlabelled(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[str]]:
    """A scanned synthetic export with its labels removed; returns export, results, members."""
    root = tmp_path_factory.mktemp("audit-truth")
    export, results = root / "export", root / "results"
    generate(SynthConfig(accounts=3_000, seed=0), export)
    scan(ScanRequest(source=export, out=results, policy=Policy.load(), secret=b"audit-truth"))
    labels = pq.read_table(export / "labels.parquet").to_pylist()
    members = sorted(
        r["account_id"] for r in labels if r["role"] not in ("benign", "watchdog", "touched")
    )
    for path in (*export.glob("labels.*"), *(results / "dataset").glob("labels.*")):
        path.unlink()
    return export, results, members


@pytest.fixture
def results_copy(unlabelled: tuple[Path, Path, list[str]], tmp_path: Path) -> Path:
    copy = tmp_path / "results"
    shutil.copytree(unlabelled[1], copy)
    return copy


def test_without_labels_auto_measures_with_the_scan_members(
    unlabelled: tuple[Path, Path, list[str]], results_copy: Path, tmp_path: Path
) -> None:
    html = tmp_path / "audit.html"
    proc = run(
        "audit", str(unlabelled[0]), str(results_copy), *PROBES, "--html", str(html), home=tmp_path
    )
    assert proc.returncode == 0, proc.stderr
    doc = json.loads((results_copy / "audit.json").read_text())
    assert doc["truth"]["source"] == "scan-members"
    assert doc["truth"]["members"] > 0
    assert not doc["truth"]["sampled"]
    assert f"Ground truth: scan-members ({doc['truth']['members']} members)" in proc.stdout
    page = html.read_text()
    assert f"Ground truth: scan-members ({doc['truth']['members']} members)" in page
    assert any(e["unguarded"]["hits"] for e in doc["exposures"])


def test_with_a_store_auto_measures_with_upheld_reviewer_decisions(
    unlabelled: tuple[Path, Path, list[str]], results_copy: Path, tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    upheld = unlabelled[2][::2]
    uphold(url, upheld)
    html = tmp_path / "audit.html"
    proc = run(
        "--json", "audit", str(unlabelled[0]), str(results_copy), *PROBES, "--db", url,
        "--html", str(html), home=tmp_path,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    truth = doc["truth"]
    assert truth["source"] == "reviewer-decisions"
    assert truth["members"] == len(upheld)
    assert truth["sampled"]
    assert 0.3 < truth["coverage"] < 0.7
    for e in doc["exposures"]:
        estimate = e["unguarded_estimate"]
        assert estimate["coverage"] == truth["coverage"]
        assert estimate["low"] <= estimate["value"] <= estimate["high"]
        assert estimate["value"] >= e["unguarded"]["value"]
    assert "estimated unguarded" in html.read_text()
    assert any("the truth is a sample" in n for n in doc["notes"])


def test_a_labels_file_and_a_truth_sample(
    unlabelled: tuple[Path, Path, list[str]], results_copy: Path, tmp_path: Path
) -> None:
    members = unlabelled[2]
    labels = tmp_path / "members.csv"
    labels.write_text("account_id\n" + "".join(f"{a}\n" for a in members) + "\nnot-an-account\n")
    proc = run(
        "--json", "audit", str(unlabelled[0]), str(results_copy), *PROBES,
        "--labels", str(labels), "--truth-sample", "20", home=tmp_path,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    truth = json.loads(proc.stdout)["truth"]
    assert truth["source"] == "labels"
    assert truth["members"] == 20
    assert truth["coverage"] == pytest.approx(20 / len(members), abs=1e-6)
    assert "1 ids not in the export" in truth["description"]


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("empty-store", "the audit's ground truth is empty: reviewer decisions in sqlite:///"),
        ("empty-labels", "the audit's ground truth is empty: labels file"),
        ("labels-without-id", "members.parquet, field 'account_id': column missing"),
        ("reviewers-without-db", "--truth reviewers needs a store (--db URL)"),
        ("bad-level", "unknown evidence level 'huge'"),
        ("bad-truth", "unknown truth 'oracle'"),
    ],
)
def test_bad_or_empty_truth_is_one_line_exit_2(
    unlabelled: tuple[Path, Path, list[str]],
    results_copy: Path,
    tmp_path: Path,
    case: str,
    message: str,
) -> None:
    extra: tuple[str, ...] = {
        "empty-store": ("--db", f"sqlite:///{tmp_path / 'empty.db'}"),
        "empty-labels": ("--labels", str(tmp_path / "members.csv")),
        "labels-without-id": ("--labels", str(tmp_path / "members.parquet")),
        "reviewers-without-db": ("--truth", "reviewers"),
        "bad-level": ("--truth", "scan", "--min-evidence", "huge"),
        "bad-truth": ("--truth", "oracle"),
    }[case]
    (tmp_path / "members.csv").write_text("account_id\n")
    pq.write_table(pa.table({"id": ["x"]}), tmp_path / "members.parquet")
    proc = run("audit", str(unlabelled[0]), str(results_copy), *PROBES, *extra, home=tmp_path)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.startswith("netbrake: error: ")
    assert proc.stderr.count("\n") == 1
    assert message in proc.stderr
    assert not (results_copy / "audit.json").exists()
