"""``netbrake terms discover RESULTS`` from the outside, on a real scan of a synthetic export
into which the network's new coded tag was injected (F4)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from tests.cli_process import run_netbrake as run

from netbrake.platform.schema import MEMBER_ROLES
from netbrake.policy import Policy
from netbrake.scan import ScanRequest, scan
from netbrake.synth import SynthConfig, generate

NEW_TAG = "#vlorpzone"


def _inject(export: Path) -> None:
    """Members post the new tag (with camouflage "#nba"); 300 ordinary accounts post "#nba"."""
    labels = pq.read_table(export / "labels.parquet").to_pylist()
    members = [r["account_id"] for r in labels if r["role"] in MEMBER_ROLES]
    ordinary = [r["account_id"] for r in labels if r["role"] == "benign"][:300]
    posts = pq.read_table(export / "posts.parquet")
    when = datetime(2024, 2, 1, tzinfo=UTC)
    rows = [
        {"post_id": f"inj{i}", "account_id": a, "created_at": when, "text": text, "hashtags": None}
        for i, (a, text) in enumerate(
            [(a, f"{NEW_TAG} #nba") for a in members] + [(a, "#nba") for a in ordinary]
        )
    ]
    added = pa.Table.from_pylist(rows, schema=posts.schema)
    pq.write_table(pa.concat_tables([posts, added]), export / "posts.parquet")


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("terms-cli")
    export, out = root / "export", root / "results"
    generate(SynthConfig(accounts=2_000, seed=3), export)
    _inject(export)
    scan(ScanRequest(source=export, out=out, policy=Policy.load(), secret=b"terms-cli-test"))
    return out


def test_discover_proposes_the_injected_tag_and_ranks_camouflage_below(
    results: Path, tmp_path: Path
) -> None:
    proc = run("terms", "discover", str(results), "--json", "--top", "30", home=tmp_path)
    assert proc.returncode == 0, proc.stderr
    found = [json.loads(line) for line in proc.stdout.splitlines()]
    terms = [c["term"] for c in found]
    assert NEW_TAG in terms[:5]
    assert "#nba" in terms
    assert "common" in found[terms.index("#nba")]["flags"]
    assert terms.index("#nba") > terms.index(NEW_TAG)
    assert not [c for c in found if "known" in c["flags"]]
    assert all(c["member_accounts"] >= 3 for c in found)


def test_discover_writes_json_lines_to_a_file_and_prints_a_table(
    results: Path, tmp_path: Path
) -> None:
    out = tmp_path / "candidates.jsonl"
    proc = run("terms", "discover", str(results), "--out", str(out), home=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(out.read_text().splitlines()[0])["term"]
    table = run("terms", "discover", str(results), "--top", "3", home=tmp_path)
    assert table.returncode == 0
    assert "candidate terms" in table.stdout


def _no_members(path: Path) -> Path:
    path.mkdir()
    pq.write_table(pa.table({"account_id": ["a1"], "member": [False]}), path / "accounts.parquet")
    return path


@pytest.mark.parametrize(
    ("make", "named"),
    [
        (lambda p: p / "absent", "absent"),
        (lambda p: (p / "empty").mkdir() or p / "empty", "accounts.parquet"),
        (_no_members, "accounts.parquet"),
    ],
)
def test_bad_results_give_one_line_naming_the_file_and_exit_2(tmp_path, make, named):
    target = make(tmp_path / "r") if make is _no_members else make(tmp_path)
    proc = run("terms", "discover", str(target), home=tmp_path)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1
    assert named in lines[0]
    assert "Traceback" not in proc.stderr
