"""The results contract end to end (docs/results.md): a real ``netbrake scan`` of a
5,000-account synthetic export, read through every consumer of its evidence.

Each consumer used to be tested with its own hand-written fixture, so the
plan could write evidence the exchanges never read and both sides passed.
Here the scan writes and the exports read the same folder.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from tests.cli_process import run_netbrake

from netbrake.exchange import build_packages, export_signals, read_results
from netbrake.exchange import evidence as ev
from netbrake.exchange.cybertip import MAX_TEXT_LINES
from netbrake.exchange.signals import read_signals, signals_from_results
from netbrake.results import EVIDENCE_KEYS, ScanResults
from netbrake.synth import SynthConfig, generate

ACCOUNTS = 5_000


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """RESULTS of ``netbrake scan`` (with the export's hash bank) over a synthetic export."""
    root = tmp_path_factory.mktemp("contract")
    export = root / "export"
    generate(SynthConfig(accounts=ACCOUNTS, seed=7), export)
    out = root / "results"
    proc = run_netbrake(
        "-q",
        "scan",
        str(export),
        "--out",
        str(out),
        "--hash-bank",
        str(export / "known_hashes.csv"),
        home=root / "home",
    )
    assert proc.returncode == 0, proc.stderr
    return out


def _flagged(results: ScanResults) -> list[dict[str, Any]]:
    return [d.to_json() for d in results.decisions() if d.acts]


def test_every_acting_decision_carries_structured_evidence(scanned: Path) -> None:
    results = ScanResults.open(scanned)
    decisions = _flagged(results)
    assert len(decisions) > 100
    for d in decisions:
        evidence = d["evidence"]
        assert evidence["reasons" if d["subject_kind"] == "account" else "flagged"]
        present = set(EVIDENCE_KEYS) - ({"graph"} if d["subject_kind"] == "person" else set())
        assert present <= set(evidence), d["decision_id"]
    accounts = [d["evidence"] for d in decisions if d["subject_kind"] == "account"]
    assert sum(bool(e["text_hits"]) for e in accounts) > 50
    assert sum(bool(e["identifier_hashes"]) for e in accounts) > 100
    assert sum(bool(e["media_hashes"]) for e in accounts) > 0
    assert sum(e["graph"]["seed"] for e in accounts) > 0
    assert any(e["graph"]["core_contacts"] for e in accounts)
    for e in accounts:
        assert all(len(h) == 64 for h in e["identifier_hashes"])  # HMACs, never raw values
        for hit in e["text_hits"]:
            assert hit["surface"] in ("bio", "post", "external_url", "handle", "display_name")
            assert (hit["post_id"] is not None) == (hit["surface"] == "post")


def test_signal_export_carries_one_signal_per_shareable_indicator(
    scanned: Path, tmp_path: Path
) -> None:
    results = read_results(scanned)
    expected: set[tuple[str, str]] = set()
    for d in results.decisions:
        expected |= {("account_identifier_hash", h) for h in ev.identifier_hashes_of(d)}
        expected |= {("keyword", term) for term, _ in ev.keywords_of(d)}
        expected |= {("domain", x) for x in ev.domains_of(d)}
        for media in ev.media_of(d):
            expected |= {(k, v) for k, v in (("md5", media.md5), ("pdq", media.pdq)) if v}
    signals = signals_from_results(results)
    assert len(signals) >= 300
    assert {s.key for s in signals} >= expected
    assert {s.kind for s in signals} >= {"account_identifier_hash", "keyword", "pdq"}
    summary = export_signals(results, tmp_path)
    assert summary["signals"] == len(signals)
    back = read_signals(Path(summary["out"]))
    assert back.problems == []
    assert back.signals == signals


def test_stix_bundle_holds_one_indicator_per_signal(scanned: Path) -> None:
    pytest.importorskip("stix2", reason="STIX bundles need the `exchange` extra")
    from datetime import UTC, datetime

    from netbrake.exchange.signals import bundle_for, signals_from_bundle

    results = read_results(scanned)
    signals = signals_from_results(results)
    bundle = json.loads(bundle_for(signals, datetime(2024, 1, 1, tzinfo=UTC)))
    indicators = [o for o in bundle["objects"] if o["type"] == "indicator"]
    assert len(indicators) == len(signals) >= 300
    assert signals_from_bundle(json.dumps(bundle)) == signals


def test_cybertip_reports_carry_the_evidence(scanned: Path) -> None:
    pytest.importorskip("xmlschema", reason="CyberTipline reports need the `exchange` extra")
    results = read_results(scanned)
    export = build_packages(results)
    reporting = {d.owner for d in results.decisions if "report_clearinghouse" in d.actions}
    assert len(export.packages) == len(reporting) > 10
    assert export.skipped == {}
    by_id = {d.decision_id: d for d in results.decisions}
    with_files = 0
    for package in export.packages:
        info = ET.fromstring(package.report_xml).findtext("additionalInfo") or ""
        decisions = [by_id[i] for i in package.decision_ids]
        for term, _ in ev.keywords_of(decisions[0])[:5]:
            assert f"Text indicator '{term}'" in info
        hits = {json.dumps(h, sort_keys=True) for d in decisions for h in ev.text_hits_of(d)}
        listed = info.count("Text indicator ")
        assert listed == min(len(hits), MAX_TEXT_LINES)
        media = {m.key for d in decisions for m in ev.media_of(d)}
        assert {f.key for f in package.files} == media
        with_files += bool(package.files)
        placed = [g for d in decisions for g in ev.graph_of(d) if g.get("network_id") is not None]
        assert not placed or "network" in info
    assert with_files > 0


def test_every_in_process_consumer_reads_the_same_scan(scanned: Path) -> None:
    """The guard snapshot, the audit's flagged set, the scenario scorer and the demo's text
    findings read the real scan through the one reader, and agree with it."""
    from netbrake.audit import FlaggedSetGuard
    from netbrake.guard.snapshot import ResultsSnapshot
    from netbrake.scenarios.results import strong_anchors

    results = ScanResults.open(scanned)
    accounts = results.accounts(["account_id", "member", "role", "action"]).to_pylist()
    members = {a["account_id"] for a in accounts if a["member"]}
    snapshot = ResultsSnapshot.load(scanned)
    assert snapshot.size == len(accounts)
    assert {snapshot.ids[i] for i in range(snapshot.size) if snapshot.member[i]} == members
    flagged = FlaggedSetGuard.from_results(scanned)
    assert members <= flagged.flagged
    seeds = {s for n in results.networks() for s in n.get("seeds", [])}
    assert seeds <= strong_anchors(scanned, (), 0.8)


@pytest.mark.parametrize("damage", ["missing", "truncated", "newer"])
def test_every_in_process_consumer_names_a_damaged_file_the_same_way(
    scanned: Path, tmp_path: Path, damage: str
) -> None:
    import shutil

    from netbrake.audit import FlaggedSetGuard
    from netbrake.errors import InputError
    from netbrake.guard.snapshot import ResultsSnapshot
    from netbrake.results import RESULTS_VERSION
    from netbrake.scan.evaluation import evaluate

    folder = tmp_path / "results"
    shutil.copytree(scanned, folder, ignore=shutil.ignore_patterns("dataset"))
    accounts = folder / "accounts.parquet"
    if damage == "missing":
        accounts.unlink()
        expected = "missing accounts.parquet"
    elif damage == "truncated":
        accounts.write_bytes(accounts.read_bytes()[:100])
        expected = "not a readable Parquet file"
    else:
        summary = json.loads((folder / "summary.json").read_text())
        summary["results_version"] = RESULTS_VERSION + 1
        (folder / "summary.json").write_text(json.dumps(summary))
        expected = "is newer than this netbrake reads"
    labels = ScanResults.open(scanned).accounts(["account_id"])
    consumers = [
        lambda: ResultsSnapshot.load(folder),
        lambda: FlaggedSetGuard.from_results(folder),
        lambda: evaluate(labels, folder),
    ]
    for consume in consumers:
        with pytest.raises(InputError, match=expected):
            consume()
