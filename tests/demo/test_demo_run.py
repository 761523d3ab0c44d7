"""`run_demo` end to end at a small size: files, figures, determinism."""

from __future__ import annotations

import json

from netbrake.demo import SECTIONS, DemoRequest, DemoRun, run_demo


def test_demo_writes_export_results_audit_report_and_summary(demo_run: DemoRun) -> None:
    out = demo_run.out
    assert (out / "export" / "labels.parquet").is_file()
    assert (out / "export" / "known_hashes.csv").is_file()
    assert (out / "results" / "accounts.parquet").is_file()
    audit = json.loads((out / "results" / "audit.json").read_text())
    assert audit["recommenders"] == ["PeopleYouMayKnow", "ItemCooccurrence"]
    assert audit["guard"].startswith("guard engine, policy ")
    summary = json.loads((out / "demo.json").read_text())
    assert summary["accounts"] == demo_run.findings.accounts
    assert list(summary["seconds"]) == ["synth", "scan", "eval", "audit", "hash matching", "report"]


def test_demo_finds_the_planted_networks(demo_run: DemoRun) -> None:
    evaluation = demo_run.findings.evaluation
    assert evaluation["membership"]["f1"] >= 0.95
    assert evaluation["watchdogs_as_members"] == 0


def test_guards_bring_exposure_to_zero(demo_run: DemoRun) -> None:
    f = demo_run.findings
    assert f.unguarded_exposure().value > 0.5
    assert f.guarded_exposure().trials > 0
    assert f.guarded_exposure().hits == 0
    assert all(c.guarded.hits == 0 for c in f.audit.contamination)
    assert all(t.guarded.hits == 0 for t in f.audit.text_surfaces)


def test_hash_matching_finds_only_known_content(demo_run: DemoRun) -> None:
    h = demo_run.findings.hashes
    assert h is not None
    assert 0 < h.hash_found < h.members_with_media
    assert h.network_found > h.hash_found
    assert h.network_only > 0
    assert h.benign_matched == 0
    assert h.hash_only + h.network_only + h.both + h.neither == h.members_with_media


def test_text_findings_cover_the_lexicon_categories(demo_run: DemoRun) -> None:
    categories = {c.category: c for c in demo_run.findings.text.categories}
    assert {"explicit_tag", "payment", "seller_ad"} <= set(categories)
    assert len(categories["explicit_tag"].variants) > 1
    assert demo_run.findings.text.hits == sum(c.hits for c in categories.values())


def test_report_has_every_section(demo_run: DemoRun) -> None:
    html = demo_run.report.read_text(encoding="utf-8")
    for section in SECTIONS:
        assert f'<section id="{section}">' in html


def test_same_seed_gives_the_same_report(demo_run: DemoRun, tmp_path) -> None:
    again = run_demo(DemoRequest(out=tmp_path, accounts=demo_run.findings.accounts))
    assert again.report.read_bytes() == demo_run.report.read_bytes()
    first = {
        k: v
        for k, v in demo_run.summary().items()
        if k not in ("seconds", "export", "results", "report")
    }
    second = {
        k: v
        for k, v in again.summary().items()
        if k not in ("seconds", "export", "results", "report")
    }
    assert first == second
