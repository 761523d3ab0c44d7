"""A scan's safety net end to end: unknown seeds, the circuit breaker, report candidates and
policy floors, on a real run of the pipeline read back from its RESULTS folder."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from netbrake.enforce import read_enforcement_jsonl
from netbrake.errors import InputError
from netbrake.policy import Policy
from netbrake.scan import ScanRequest, scan
from netbrake.scan.report_candidates import REPORT_CANDIDATES_FILE
from netbrake.scan.settings import PipelineSettings
from netbrake.synth import SynthConfig, generate
from netbrake.text import default_matcher

from ..cli_process import run_netbrake

SECRET = b"safety-test"


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, str]]]:
    out = tmp_path_factory.mktemp("safety") / "export"
    generate(SynthConfig(accounts=3000, seed=41), out)
    return out, pq.read_table(out / "labels.parquet").to_pylist()


def _scan(src: Path, out: Path, **kw: object) -> dict:
    return scan(ScanRequest(src, out, Policy.load(), SECRET, matcher=default_matcher(), **kw))  # type: ignore[arg-type]


def test_a_normal_scan_never_trips_the_breaker_and_unknown_seeds_are_named(
    platform: tuple[Path, list[dict[str, str]]], tmp_path: Path
) -> None:
    src, labels = platform
    seller = next(r["account_id"] for r in labels if r["role"] == "seller")
    summary = _scan(src, tmp_path / "r", seeds=(seller, "no-such-account"))
    assert summary["circuit_breaker"]["fired"] is False
    assert summary["seeds"]["unknown"] == ["no-such-account"]
    assert summary["warnings"] == [
        "seeds: 1 given seed(s) are not accounts of this export, ignored: no-such-account"
    ]
    written = json.loads((tmp_path / "r" / "summary.json").read_text())
    assert written["circuit_breaker"] == summary["circuit_breaker"]


def test_a_flood_trips_the_breaker_and_nothing_irreversible_is_proposed(
    platform: tuple[Path, list[dict[str, str]]], tmp_path: Path
) -> None:
    """An analyst pastes 2,000 ordinary accounts as seeds: the plan stops short."""
    src, labels = platform
    benign = tuple(r["account_id"] for r in labels if r["role"] == "benign")[:2000]
    summary = _scan(src, tmp_path / "r", seeds=benign)
    breaker = summary["circuit_breaker"]
    assert breaker["fired"] is True
    assert breaker["accounts_actioned"] > breaker["limit"]
    assert any(w.startswith("circuit breaker:") for w in summary["warnings"])
    decisions = read_enforcement_jsonl(tmp_path / "r" / "enforcement.jsonl")
    irreversible = {"remove_account", "remove_content", "report_clearinghouse"}
    assert not [d for d in decisions if irreversible & {str(a) for a in d.actions}]
    withheld = [d for d in decisions if "withheld_actions" in d.evidence]
    assert withheld
    assert all(d.needs_human_review for d in withheld)


def test_reports_from_credible_reporters_make_candidates_never_actions(
    tmp_path: Path, write_export, small_platform
) -> None:
    """a1..a4 report a5 for child safety; a1 and a2 share an email (one person, one
    reporter): a5 is a candidate with three reporters, and no decision follows from it."""
    reports = [
        {"report_id": f"r{i}", "reporter_id": f"a{i}", "target_kind": "account",
         "target_id": "a5", "reason": "child_safety", "created_at": "2024-03-01T12:00:00Z"}
        for i in range(1, 5)
    ]  # fmt: skip
    src = write_export({**small_platform, "reports": reports})
    summary = _scan(src, tmp_path / "r")
    lines = (tmp_path / "r" / REPORT_CANDIDATES_FILE).read_text().splitlines()
    found = {json.loads(line)["account_id"]: json.loads(line) for line in lines}
    assert list(found) == ["a5"]
    assert found["a5"]["reporters"] == 3
    assert found["a5"]["status"] == "candidate"
    assert summary["report_candidates"]["candidates"] == 1
    decisions = read_enforcement_jsonl(tmp_path / "r" / "enforcement.jsonl")
    assert not [d for d in decisions if d.acts]


def test_a_policy_below_a_safety_floor_is_a_line_precise_error(tmp_path: Path) -> None:
    policy = tmp_path / "loose.toml"
    policy.write_text(
        '[meta]\nname = "loose"\nversion = "1"\n\n[graph]\nmin_links = 1\n', encoding="utf-8"
    )
    with pytest.raises(InputError) as caught:
        PipelineSettings.from_policy(Policy.load(policy))
    assert caught.value.where.row == 6
    assert caught.value.where.field == "graph.min_links"
    done = run_netbrake(
        "--policy", str(policy), "scan", str(tmp_path), "--out", str(tmp_path / "o"),
        home=tmp_path / "home",
    )  # fmt: skip
    assert done.returncode == 2
    assert f"{policy}, row 6, field 'graph.min_links'" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
