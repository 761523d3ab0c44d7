"""``netbrake scan --db URL``: the plan's decisions land in the operational store, once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.cli_process import run_netbrake as run

from netbrake.guard.overlay import read_overlay
from netbrake.results import ScanResults
from netbrake.store import Source, Store, Subject
from netbrake.synth import SynthConfig, generate


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("scan-store") / "export"
    generate(SynthConfig(accounts=2_000, seed=3), folder)
    return folder


def _scan(export: Path, out: Path, db: str, home: Path) -> dict[str, object]:
    proc = run("scan", str(export), "--out", str(out), "--db", db, "--json", home=home)
    assert proc.returncode == 0, proc.stderr
    summary: dict[str, object] = json.loads(proc.stdout)
    return summary


def test_scan_records_every_acting_decision_and_rescanning_changes_nothing(
    export: Path, tmp_path: Path
) -> None:
    db = f"sqlite:///{tmp_path / 'store.db'}"
    first = _scan(export, tmp_path / "r1", db, tmp_path)
    acting = [d for d in ScanResults.open(tmp_path / "r1").decisions() if d.acts]
    assert acting, "the synthetic scan proposes decisions"
    assert first["store"] == {"recorded": len(acting), "unchanged": 0}

    store = Store.open(db)
    try:
        for d in acting[:25]:
            held = store.effective_decision(Subject(d.subject_kind, d.subject_id))
            assert held.basis == "automatic"
            assert held.decision is not None
            assert held.decision.action == str(d.actions[0])
            assert held.decision.rule_id == d.rule_id
            assert held.decision.policy_version == d.policy_version
            assert held.decision.evidence["plan"]["decision_id"] == d.decision_id
        overlay = read_overlay(store)
        removed = {d.subject_id for d in acting if d.subject_kind == "account"}
        assert {("account", a) for a in removed} <= set(overlay.holdings)
        # A reviewer's decision keeps precedence over a later scan of the same plan.
        target = next(d for d in acting if d.subject_kind == "account")
        store.record_decision(
            Subject("account", target.subject_id),
            "none",
            source=Source.MANUAL,
            decided_by="reviewer-1",
            reason="looked: a parody account",
        )
    finally:
        store.close()

    second = _scan(export, tmp_path / "r2", db, tmp_path)
    assert second["store"] == {"recorded": 0, "unchanged": len(acting)}
    store = Store.open(db)
    try:
        held = store.effective_decision(Subject("account", target.subject_id))
        assert (held.basis, held.decision and held.decision.decided_by) == ("manual", "reviewer-1")
    finally:
        store.close()


def test_scan_without_a_store_records_nothing(export: Path, tmp_path: Path) -> None:
    proc = run("scan", str(export), "--out", str(tmp_path / "r"), "--json", home=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "store" not in json.loads(proc.stdout)
    assert not list(tmp_path.rglob("*.db"))
