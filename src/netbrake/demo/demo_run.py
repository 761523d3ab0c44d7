"""`run_demo`: synth -> scan -> eval -> audit -> hash matching -> HTML report.

The first thing a newcomer runs. Everything lands under one folder:
``export/`` (the synthetic platform), ``results/`` (the scan, with
``audit.json``), ``report.html`` and ``demo.json`` (figures and seconds per
stage). The same accounts and seed give the same figures.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from netbrake.audit import GroundTruth, ProbeSettings, audit_scan, write_audit
from netbrake.demo.findings import DemoFindings
from netbrake.demo.html import write_report
from netbrake.demo.measures import hash_findings, report_findings, text_findings
from netbrake.engines import EmbeddedEngine
from netbrake.exchange import build_report, read_results
from netbrake.home import load_secret
from netbrake.platform import Dataset
from netbrake.policy import Policy
from netbrake.results import ScanResults
from netbrake.scan import DATASET_DIR, ScanRequest, StageClock, evaluate, scan
from netbrake.synth import SynthConfig, generate

#: Default size: the whole demo takes about a minute on a 2-core machine.
DEFAULT_ACCOUNTS = 20_000
REPORT_FILE = "report.html"
SUMMARY_FILE = "demo.json"

StageHook = Callable[[str], None]


@dataclass(frozen=True)
class DemoRequest:
    """Where to write, how big, which seed; ``policy_path`` None is the packaged policy;
    ``console_url``: where the console will be served, linked from the report."""

    out: Path
    accounts: int = DEFAULT_ACCOUNTS
    seed: int = 0
    policy_path: Path | None = None
    console_url: str | None = None


@dataclass(frozen=True)
class DemoRun:
    """What the demo wrote and measured."""

    out: Path
    export: Path
    results: Path
    report: Path
    findings: DemoFindings
    seconds: dict[str, float] = field(default_factory=dict)

    def summary(self) -> dict[str, Any]:
        f = self.findings
        m = f.evaluation["membership"]
        guarded, unguarded = f.guarded_exposure(), f.unguarded_exposure()
        return {
            "accounts": f.accounts,
            "seed": f.seed,
            "export": str(self.export),
            "results": str(self.results),
            "report": str(self.report),
            "planted_members": m["true_members"],
            "found_members": m["found_members"],
            "membership": {k: m[k] for k in ("precision", "recall", "f1")},
            "networks_planted": len(f.evaluation["networks"]),
            "networks_found": f.scan["networks"],
            "watchdogs_as_members": f.evaluation["watchdogs_as_members"],
            "exposure_unguarded": unguarded.to_json(),
            "exposure_guarded": guarded.to_json(),
            "hash_found": f.hashes.hash_found if f.hashes else None,
            "network_found": f.hashes.network_found if f.hashes else None,
            "seconds": self.seconds,
        }


def run_demo(request: DemoRequest, on_stage: StageHook | None = None) -> DemoRun:
    """Run every stage into ``request.out``; ``on_stage`` hears each stage's name as it starts."""
    out = Path(request.out)
    out.mkdir(parents=True, exist_ok=True)
    export, results = out / "export", out / "results"
    policy = Policy.load(request.policy_path)
    clock = StageClock()

    def stage(name: str) -> None:
        clock.start(name)
        if on_stage is not None:
            on_stage(name)

    stage("synth")
    generate(SynthConfig(accounts=request.accounts, seed=request.seed), export)
    stage("scan")
    summary = scan(
        ScanRequest(source=export, out=results, policy=policy, secret=load_secret(out)),
        EmbeddedEngine(),
    )
    stage("eval")
    dataset = Dataset.open(results / DATASET_DIR)
    labels = dataset.labels()
    if labels is None:  # pragma: no cover - synth always writes labels
        raise AssertionError("a synthetic export without labels")
    evaluation = evaluate(labels, results)
    truth = GroundTruth.from_dataset(dataset)
    stage("audit")
    audit, guards = audit_scan(
        export, results, probes=ProbeSettings(), seed=request.seed, policy_path=request.policy_path
    )
    write_audit(audit, guards, results)
    stage("hash matching")
    found = _found_members(results)
    hashes = hash_findings(export, dataset, truth, found)
    stage("report")
    findings = DemoFindings(
        accounts=request.accounts,
        seed=request.seed,
        scan=summary,
        evaluation=evaluation,
        audit=audit,
        guard=guards.description,
        hashes=hashes,
        text=text_findings(results, truth),
        reports=report_findings(dataset, truth, found),
        transparency=build_report(read_results(results)),
        console_url=request.console_url,
    )
    report = write_report(findings, out / REPORT_FILE)
    clock.stop()
    run = DemoRun(out, export, results, report, findings, clock.seconds)
    (out / SUMMARY_FILE).write_text(json.dumps(run.summary(), indent=2) + "\n")
    return run


def _found_members(results: Path) -> frozenset[str]:
    """Accounts the scan classed as network members (the ``member`` flag ``eval`` scores)."""
    table = ScanResults.open(results).accounts(["account_id", "member"])
    ids, member = (table.column(c).to_pylist() for c in ("account_id", "member"))
    return frozenset(a for a, m in zip(ids, member, strict=True) if m)
