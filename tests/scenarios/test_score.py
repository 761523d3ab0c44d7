"""The scorer: readers of a real scan's output, figures on a hand-made results folder, agreement with
``netbrake eval`` on synth, and the reviewer loop of ``reports_only``."""

from __future__ import annotations

import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from netbrake.scan.evaluation import evaluate as reference_evaluate
from netbrake.scenarios import Scanner, evaluate, evaluate_synth, measure, plant
from netbrake.scenarios.results import breaker_fired, report_candidates


def test_breaker_and_candidates_are_read_from_a_real_scan(backdrop, scanner, tmp_path):
    """The readers read what `netbrake scan` writes: a run of the writer, read back."""
    scenario = plant(backdrop, "reports_only", 1)
    from netbrake.scenarios.export import write

    export = write(scenario, tmp_path / "export")
    results = scanner.scan(export, tmp_path / "results", [])
    assert breaker_fired(json.loads((results / "summary.json").read_text())) is False
    found = report_candidates(results)
    assert found
    written = [json.loads(x)["account_id"] for x in (results / "report_candidates.jsonl").open()]
    assert found == written
    assert report_candidates(tmp_path) is None
    assert breaker_fired({}) is None


def _results(tmp_path):
    """Six accounts: two true members found (one anchored by a seed), one touched user
    flagged in a second network without evidence, a watchdog given an action."""
    accounts = pa.table(
        {
            "account_id": ["s1", "b1", "b2", "t1", "w1", "o1"],
            "member": [True, True, False, True, False, False],
            "network_id": pa.array([0, 0, None, 1, None, None], pa.int64()),
            "action": [
                "remove_account",
                "remove_account",
                "none",
                "remove_account",
                "require_review",
                "none",
            ],
        }
    )
    pq.write_table(accounts, tmp_path / "accounts.parquet")
    networks = [{"network_id": 0, "seeds": ["s1"]}, {"network_id": 1, "seeds": []}]
    (tmp_path / "networks.json").write_text(json.dumps(networks))
    (tmp_path / "summary.json").write_text(json.dumps({"circuit_breaker": {"fired": False}}))
    truth = pa.table(
        {
            "account_id": ["s1", "b1", "b2", "t1", "w1", "o1"],
            "role": ["seller", "buyer", "buyer", "touched", "watchdog", "lookalike"],
            "label_role": ["seller", "buyer", "buyer", "touched", "watchdog", "benign"],
        }
    )
    return tmp_path, truth


def test_figures_on_a_hand_made_results_folder(tmp_path):
    results, truth = _results(tmp_path)
    s = measure(results, truth, scenario="x", backdrop="y", seed=1)
    assert (s.true_members, s.found_members, s.true_positives) == (3, 3, 2)
    assert s.precision == pytest.approx(2 / 3)
    assert s.recall == pytest.approx(2 / 3)
    assert (s.touched, s.touched_flagged, s.touched_share) == (1, 1, 1.0)
    assert (s.watchdogs, s.watchdogs_flagged) == (1, 1)
    assert (s.ordinary, s.ordinary_actioned) == (1, 0)
    assert (s.networks, s.networks_without_strong_evidence) == (2, 1)
    assert s.breaker_fired is False
    misses = " | ".join(s.misses())
    for part in ("F1", "touched", "watchdogs", "without strong evidence"):
        assert part in misses


def test_strong_text_evidence_anchors_a_network(tmp_path):
    results, truth = _results(tmp_path)
    evidence = pa.table(
        {
            "account_id": ["t1"],
            "seller": [0.9],
            "trader": [0.0],
            "community": [0.0],
        }
    )
    pq.write_table(evidence, results / "evidence.parquet")
    s = measure(results, truth, scenario="x", backdrop="y", seed=1, seed_min=0.8)
    assert s.networks_without_strong_evidence == 0


def test_membership_figures_agree_with_netbrake_eval_on_synth(tmp_path, scanner):
    score = evaluate_synth(2_000, 3, tmp_path, scanner)
    report = reference_evaluate(
        pq.read_table(tmp_path / "export" / "labels.parquet"), tmp_path / "results"
    )
    membership = report["membership"]
    assert score.precision == pytest.approx(membership["precision"], abs=1e-6)
    assert score.recall == pytest.approx(membership["recall"], abs=1e-6)
    assert score.f1 == pytest.approx(membership["f1"], abs=1e-5)
    assert score.touched_flagged == report["touched_as_members"]
    assert score.watchdogs_flagged >= report["watchdogs_as_members"]


class QueueingScanner(Scanner):
    """The real scan plus a review queue naming every account some advocate reported
    (the shape the report-candidate output is expected to take)."""

    def scan(self, export, out, seeds):
        super().scan(export, out, seeds)
        if not seeds:
            reports = pq.read_table(export / "reports.parquet").to_pylist()
            truth = pq.read_table(export / "truth.parquet").to_pylist()
            advocates = {r["account_id"] for r in truth if r["role"] == "watchdog"}
            named = sorted({r["target_id"] for r in reports if r["reporter_id"] in advocates})
            brigade = {r["account_id"] for r in truth if r["role"] == "brigade"}
            named += sorted({r["target_id"] for r in reports if r["reporter_id"] in brigade})[:5]
            lines = "".join(json.dumps({"account_id": a}) + "\n" for a in named)
            (out / "report_candidates.jsonl").write_text(lines)
        return out


def test_reviewer_upholds_true_members_and_rescans_with_them(backdrop, tmp_path, scanner):
    s = plant(backdrop, "reports_only", 4)
    queueing = QueueingScanner(scanner.policy, scanner.matcher)
    score = evaluate(s, tmp_path, queueing)
    written = (tmp_path / "results" / "report_candidates.jsonl").read_text().splitlines()
    role = dict(zip(*(s.truth.column(c).to_pylist() for c in ("account_id", "role")), strict=True))
    members = [json.loads(x)["account_id"] for x in written]
    true = [a for a in members if role[a] in ("seller", "buyer", "aggregator", "trader", "backup")]
    assert score.report_candidates == len(members)
    assert 0 < score.upheld == len(true) < len(members)
    assert (tmp_path / "reviewed" / "accounts.parquet").is_file()
    assert score.recall >= score.upheld / score.true_members
