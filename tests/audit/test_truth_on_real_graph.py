"""The audit without a labels table, on a real graph with a planted network (F1, F9).

A network is planted into the real backdrop (``polblogs-lcc``; the test
skips when it is absent, as the scenario tests do), scanned, and the export's
labels removed. The audit then measures with reviewer decisions recorded in
a SQLite store through the console's workflow (a sample of the members,
upheld), and with the scan's members; its exposure figures must agree with
the labels-based audit within their confidence intervals.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
from tests.reviewed import uphold

from netbrake.audit import AuditReport, ProbeSettings, TruthRequest, audit_scan
from netbrake.platform import MEMBER_ROLES
from netbrake.scenarios import TEST_BACKDROP, Scanner, load_backdrop, missing_reason, plant, write

PROBES = ProbeSettings(probes=("view_one_member", "follow_members"), view_probes=60)
#: Share of the members the reviewers have decided on.
REVIEWED = 0.6


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[str]]:
    """The baseline scenario on the real backdrop, scanned; returns export, results, members."""
    reason = missing_reason(TEST_BACKDROP)
    if reason is not None:
        pytest.skip(f"backdrop {TEST_BACKDROP} unavailable: {reason}")
    root = tmp_path_factory.mktemp("truth-real-graph")
    scenario = plant(load_backdrop(TEST_BACKDROP), "baseline", 1)
    export = write(scenario, root / "export")
    results = Scanner.default().scan(export, root / "results", scenario.seeds)
    labels = pq.read_table(export / "labels.parquet")
    is_member = pc.is_in(labels.column("role"), value_set=pc.cast(MEMBER_ROLES, "string"))
    members = sorted(labels.filter(is_member).column("account_id").to_pylist())
    return export, results, members


def _audit(export: Path, results: Path, truth: TruthRequest) -> AuditReport:
    report, _ = audit_scan(export, results, recommenders=("pymk",), probes=PROBES, truth=truth)
    return report


@pytest.fixture(scope="module")
def labelled(planted: tuple[Path, Path, list[str]]) -> AuditReport:
    export, results, _ = planted
    return _audit(export, results, TruthRequest(mode="labels"))


@pytest.fixture(scope="module")
def unlabelled(
    planted: tuple[Path, Path, list[str]], tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, Path]:
    """Copies of the export and results without any labels table."""
    export, results, _ = planted
    root = tmp_path_factory.mktemp("unlabelled")
    shutil.copytree(export, root / "export")
    shutil.copytree(results, root / "results")
    for labels in (*root.glob("export/labels.*"), *root.glob("results/dataset/labels.*")):
        labels.unlink()
    return root / "export", root / "results"


@pytest.fixture(scope="module")
def store_url(
    planted: tuple[Path, Path, list[str]], tmp_path_factory: pytest.TempPathFactory
) -> str:
    """A store where reviewers upheld child-safety reports on a random 60% of the members."""
    members = planted[2]
    rng = np.random.default_rng(5)
    chosen = sorted(rng.choice(members, round(REVIEWED * len(members)), replace=False).tolist())
    url = f"sqlite:///{tmp_path_factory.mktemp('store') / 'netbrake.db'}"
    uphold(url, chosen)
    return url


def _pairs(a: AuditReport, b: AuditReport) -> list[tuple[str, int, float, float, float]]:
    """(probe surface, step, labels' share, other's low, other's high) for every exposure."""
    out = []
    for e in a.exposures:
        other = b.exposure(e.probe, b.recommenders[0], e.surface, e.step)
        est = other.unguarded_estimate
        low, high = (est.low, est.high) if est is not None else other.unguarded_suggestions.interval
        out.append((f"{e.probe} {e.surface}", e.step, e.unguarded_suggestions.value, low, high))
    return out


def test_reviewer_decisions_agree_with_labels_within_the_interval(
    labelled: AuditReport, unlabelled: tuple[Path, Path], store_url: str, planted
) -> None:
    report = _audit(*unlabelled, TruthRequest(db_url=store_url))
    truth = report.truth
    assert truth["source"] == "reviewer-decisions"
    assert truth["members"] == round(REVIEWED * len(planted[2]))
    assert truth["sampled"]
    assert 0.4 < truth["coverage"] < 0.7
    assert all(e.unguarded_estimate is not None for e in report.exposures)
    pairs = _pairs(labelled, report)
    assert len(pairs) == len(labelled.exposures) == 11
    # The probes are designed on the scan's placement of every flagged account, whichever
    # the reviewers reached (docs/audit.md "Sampled truth"): this draw holds all 11 figures
    # (it missed feed steps 2 and 3 while the paths started at a seller only when the sample
    # held one). One reviewer sample still moves every figure together (a popular member in
    # or out), so one miss is allowed; the calibration test measures the coverage.
    outside = [p for p in pairs if not p[3] <= p[2] <= p[4]]
    assert len(outside) <= 1, outside
    for e in labelled.exposures:
        other = report.exposure(e.probe, "PeopleYouMayKnow", e.surface, e.step)
        assert other.unguarded_estimate is not None
        labels_share = e.unguarded_suggestions.value
        raw = abs(other.unguarded_suggestions.value - labels_share)
        assert abs(other.unguarded_estimate.value - labels_share) < raw, (e.probe, e.step)


def test_the_sampled_truth_interval_covers_the_labels_figures(
    labelled: AuditReport, planted: tuple[Path, Path, list[str]]
) -> None:
    """Over 12 random truth samples of 60% of the members, the estimates' 95% intervals
    hold the labels-based figure at least 95% of the time (observed: 130 of 132), and the
    estimates are unbiased: on average within 0.02 of it (observed: 0.003 below; 0.031
    below while the follow paths started at a seller only when the sample held one)."""
    export, results, members = planted
    size = round(REVIEWED * len(members))
    inside = total = 0
    errors = []
    for seed in range(12):
        request = TruthRequest(mode="labels", sample=size, seed=seed)
        report = _audit(export, results, request)
        for _, _, share, low, high in _pairs(labelled, report):
            inside += low <= share <= high
            total += 1
        for e in labelled.exposures:
            est = report.exposure(e.probe, "PeopleYouMayKnow", e.surface, e.step)
            assert est.unguarded_estimate is not None
            errors.append(est.unguarded_estimate.value - e.unguarded_suggestions.value)
    assert total == 132
    assert inside / total >= 0.95, f"{inside} of {total}"
    assert abs(sum(errors) / len(errors)) < 0.02, sum(errors) / len(errors)


def test_scan_members_agree_with_labels_within_the_interval(
    labelled: AuditReport, unlabelled: tuple[Path, Path]
) -> None:
    report = _audit(*unlabelled, TruthRequest())
    assert report.truth["source"] == "scan-members"
    assert not report.truth["sampled"]
    outside = [p for p in _pairs(labelled, report) if not p[3] <= p[2] <= p[4]]
    assert not outside, outside
    assert labelled.exposures[0].unguarded_suggestions.hits > 0
