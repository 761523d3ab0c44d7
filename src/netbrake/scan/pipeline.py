"""``netbrake scan``: the whole batch pipeline, from a platform export to RESULTS.

Stages (docs/architecture.md): ingest -> text signals -> graph ->
network mapping from seeds -> identity linking -> enforcement plan -> results.
The heavy stages run on an :class:`Engine`; mapping and the plan run here.
Results are written into a temporary folder beside ``out`` and renamed into
place at the end, so a failed run never leaves output that looks complete.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from netbrake.enforce import BreakerResult, apply_breaker, plan_enforcement
from netbrake.engines import EmbeddedEngine, Engine
from netbrake.errors import InputError, Location
from netbrake.graph import Graph, NodeEvidence, map_networks, node_evidence
from netbrake.platform import QUARANTINE_FILE, Dataset, ingest
from netbrake.policy import Policy
from netbrake.results import RESULTS_VERSION
from netbrake.scan.evidence_index import EvidenceIndex
from netbrake.scan.known_content import match_known_content, match_reasons
from netbrake.scan.lookup import attach
from netbrake.scan.report_candidates import report_candidates
from netbrake.scan.results import (
    DATASET_DIR,
    account_rows,
    network_documents,
    write_results,
    write_summary,
)
from netbrake.scan.roles import apply_person_roles, member_count
from netbrake.scan.settings import PipelineSettings
from netbrake.signals import AccountSignals
from netbrake.text import Matcher

#: Unknown seeds named in the summary and the warning (the count is always given).
MAX_LISTED = 20

StageHook = Callable[[str], None]


@dataclass(frozen=True)
class ScanRequest:
    """What to scan and how: ``source`` is an export folder; ``out`` the RESULTS folder."""

    source: Path
    out: Path
    policy: Policy
    secret: bytes
    seeds: tuple[str, ...] = ()
    max_bad_fraction: float = 0.01
    now: datetime | None = None
    matcher: Matcher | None = None
    hash_banks: tuple[Path, ...] = ()


#: The stages of a scan, in order: ``summary["seconds"]`` times each (benchmarks read them).
STAGES = (
    "ingest",
    "text signals",
    "hash matching",
    "graph",
    "network mapping",
    "identity linking",
    "enforcement plan",
    "write results",
)


@dataclass
class StageClock:
    """Wall-clock seconds per stage, in order."""

    seconds: dict[str, float] = field(default_factory=dict)
    _name: str | None = None
    _start: float = 0.0

    def start(self, name: str) -> None:
        self.stop()
        self._name, self._start = name, time.perf_counter()

    def stop(self) -> None:
        if self._name is not None:
            self.seconds[self._name] = round(time.perf_counter() - self._start, 3)
            self._name = None


def read_seeds(path: Path) -> tuple[str, ...]:
    """Account ids, one per line (``#`` comments and blank lines ignored)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read seeds file: {exc}", Location(path)) from exc
    return tuple(s for s in (line.split("#", 1)[0].strip() for line in lines) if s)


def scan(
    request: ScanRequest, engine: Engine | None = None, on_stage: StageHook | None = None
) -> dict[str, Any]:
    """Run the pipeline; returns the summary written to ``summary.json``."""
    out = Path(request.out)
    if out.exists() and not out.is_dir():
        raise InputError("results path exists and is not a folder", Location(out))
    out.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{out.name}.partial-", dir=out.parent))
    try:
        summary = _run(request, work, engine or EmbeddedEngine(), on_stage)
        _replace(work, out)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return summary


def _replace(work: Path, out: Path) -> None:
    if out.exists():
        old = out.with_name(f".{out.name}.old-{int(time.time() * 1000)}")
        out.rename(old)
        work.rename(out)
        shutil.rmtree(old, ignore_errors=True)
    else:
        work.rename(out)


def _run(
    request: ScanRequest, work: Path, engine: Engine, on_stage: StageHook | None
) -> dict[str, Any]:
    clock = StageClock()

    def stage(name: str) -> None:
        clock.start(name)
        if on_stage is not None:
            on_stage(name)

    settings = PipelineSettings.from_policy(request.policy)
    now = request.now or datetime.now(UTC)
    stage("ingest")
    ingested = ingest(
        request.source,
        work / DATASET_DIR,
        secret=request.secret,
        max_bad_fraction=request.max_bad_fraction,
        quarantine_path=work / QUARANTINE_FILE,
    )
    dataset = Dataset.open(work / DATASET_DIR)
    try:
        stage("text signals")
        matcher = request.matcher or Matcher.from_policy(request.policy)
        signals = engine.account_signals(dataset, matcher, settings.signals)
        stage("hash matching")
        matches = match_known_content(dataset, request.hash_banks)
        known = match_reasons(matches)
        stage("graph")
        text_seeds = signals.seeds(settings.signals.seed_min)
        unknown = _unknown_seeds(request.seeds, signals)
        seeds = _unique([*request.seeds, *known, *text_seeds])
        # The seeds let an engine hand over only their neighbourhood of a huge graph.
        graph = engine.graph(dataset, settings.kind_weights, seeds)
        stage("network mapping")
        evidence = node_evidence(graph, signals)
        if known:
            evidence = with_notes(evidence, graph, known)
        mapping = map_networks(graph, seeds, evidence, settings.mapping)
        stage("identity linking")
        persons = engine.persons(dataset, signals, settings.linking)
        mapped = apply_person_roles(mapping.to_arrow(), persons)
        stage("enforcement plan")
        evidence_table = signals.to_arrow()
        plan_input = _plan_input(mapped, evidence_table)
        structured = EvidenceIndex(dataset, signals, mapped, mapping.placement, matches)
        plan = plan_enforcement(plan_input, persons, settings.enforcement, now, evidence=structured)
        in_networks = mapped.filter(pc.is_valid(mapped.column("network_id")))
        network_of = dict(
            zip(
                in_networks.column("account_id").to_pylist(),
                in_networks.column("network_id").to_pylist(),
                strict=True,
            )
        )
        breaker = apply_breaker(plan, signals.n, network_of, settings.enforcement.breaker)
        plan = breaker.plan
        candidates = report_candidates(dataset.table("reports"), mapped, persons.persons, graph)
        stage("write results")
        accounts = account_rows(mapped, plan, evidence_table)
        networks = network_documents(mapping.networks, accounts, signals)
        summary = _summary(
            request,
            engine,
            ingested.summary(),
            mapping,
            seeds,
            text_seeds,
            accounts,
            networks,
            plan,
            persons,
            settings,
            matches,
        )
        summary["circuit_breaker"] = breaker.to_json()
        summary["report_candidates"] = candidates.summary()
        candidates.write(work)
        summary["seeds"]["unknown"] = unknown[:MAX_LISTED]
        summary["warnings"] = _warnings(unknown, breaker)
        write_results(
            work, accounts, networks, plan, evidence_table, signals.hits, persons.persons, matches
        )
        clock.stop()
        summary["seconds"] = clock.seconds
        write_summary(work, summary)
        return summary
    finally:
        engine.close()


def with_notes(evidence: NodeEvidence, graph: Graph, extra: dict[str, list[str]]) -> NodeEvidence:
    """``evidence`` with more reasons per account id (e.g. hash matches)."""
    index = {a: i for i, a in enumerate(graph.ids.to_pylist())}
    notes = {k: tuple(v) for k, v in evidence.notes.items()}
    for account, reasons in extra.items():
        i = index.get(account)
        if i is not None:
            notes[i] = (*reasons, *notes.get(i, ()))
    return NodeEvidence(
        evidence.seller,
        evidence.trader,
        evidence.aggregator,
        evidence.backup,
        evidence.watchdog,
        notes,
    )


def _unknown_seeds(given: Sequence[str], signals: AccountSignals) -> list[str]:
    """Given seeds that are not accounts of the export (the scan goes on with the others)."""
    if not given:
        return []
    known = set(signals.account_ids.to_pylist())
    return [s for s in _unique(given) if s not in known]


def _warnings(unknown: list[str], breaker: BreakerResult) -> list[str]:
    """One line each for what the person running the scan must know."""
    lines = []
    if unknown:
        shown = ", ".join(unknown[:MAX_LISTED]) + (" ..." if len(unknown) > MAX_LISTED else "")
        lines.append(
            f"seeds: {len(unknown)} given seed(s) are not accounts of this export, ignored: {shown}"
        )
    if breaker.fired:
        lines.append(breaker.message)
    return lines


def _unique(values: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(values))


def _plan_input(mapped: pa.Table, evidence: pa.Table) -> pa.Table:
    table = attach(mapped, evidence, "account_id", ["stated_age"])
    ages = table.column("stated_age").to_pylist()
    minor = [a is not None and a < 18 for a in ages]
    table = table.append_column("claims_minor_age", pa.array(minor, pa.bool_()))
    return table.append_column("age_claim", pa.array(ages, pa.int64()))


def _summary(
    request: ScanRequest,
    engine: Engine,
    ingest_summary: dict[str, Any],
    mapping: Any,
    seeds: list[str],
    text_seeds: list[str],
    accounts: pa.Table,
    networks: list[dict[str, Any]],
    plan: Any,
    persons: Any,
    settings: PipelineSettings,
    matches: pa.Table | None = None,
) -> dict[str, Any]:
    roles = accounts.column("role").value_counts().to_pylist()
    return {
        "results_version": RESULTS_VERSION,
        "source": str(request.source),
        "engine": engine.name,
        "policy_version": settings.policy_version,
        "accounts": accounts.num_rows,
        "members": member_count(accounts),
        "roles": {r["values"]: r["counts"] for r in sorted(roles, key=lambda r: str(r["values"]))},
        "networks": len(networks),
        "seeds": {"given": len(request.seeds), "from_text": len(text_seeds), "used": len(seeds)},
        "mapping": mapping.explanation,
        "known_content_matches": 0 if matches is None else matches.num_rows,
        "decisions": len(plan.decisions),
        "persons": persons.summary(),
        "ingest": {
            k: ingest_summary[k] for k in ("rows_read", "rows_ok", "rows_quarantined", "status")
        },
        "quarantine": QUARANTINE_FILE,
    }
