"""`audit_scan`: the recommendation safety audit of one scan, as ``netbrake audit`` runs it.

The guards under audit are chosen in one place, :func:`scan_guards`: the
guard engine over the scan's results and the policy, answering
for recommendations (through ``guard_from_engine``), search and autocomplete.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from netbrake.audit.guard import Guard, InteractionFilter, guard_from_engine
from netbrake.audit.item_cooccurrence import ItemCooccurrence
from netbrake.audit.people_you_may_know import PeopleYouMayKnow
from netbrake.audit.recommender import Recommender
from netbrake.audit.reference import reference_recommenders
from netbrake.audit.report import AuditReport
from netbrake.audit.run import ProbeSettings, run_audit
from netbrake.audit.text_probes import TextProbes, lexicon_probe_queries
from netbrake.audit.truth_choice import TruthRequest, choose_truth
from netbrake.errors import InputError, Location
from netbrake.guard import GuardEngine
from netbrake.platform import Dataset
from netbrake.policy import Policy
from netbrake.results import DATASET_DIR

#: Where the audit is written inside RESULTS.
AUDIT_FILE = "audit.json"

#: ``--recommender`` choices: short name -> reference recommender name.
RECOMMENDERS: dict[str, str] = {
    "pymk": PeopleYouMayKnow.__name__,
    "itemcf": ItemCooccurrence.__name__,
}


@dataclass(frozen=True)
class ScanGuards:
    """The guards of the "after guards" arm and what they are, for the report."""

    recommend: Guard
    admits: InteractionFilter | None
    text: TextProbes
    description: str


def scan_guards(results: Path, policy_path: Path | None = None) -> ScanGuards:
    """The guard engine over a scan's results: the one switch for the guarded arm.

    An engine that cannot read the results would fail closed and make the
    guarded arm look perfect, so that is an error here, not a figure.
    """
    engine = GuardEngine(results=results, policy_path=policy_path)
    if engine.degraded or engine.error:
        raise InputError(
            f"the guard engine cannot read the scan results: {engine.error or 'no state'}",
            Location(results),
        )
    status = engine.status()
    text = TextProbes(
        lexicon_probe_queries(Policy.load(policy_path)),
        search_guard=lambda query: engine.check_search(query).action.value,
        autocomplete_guard=lambda prefix, done: list(engine.filter_autocomplete(prefix, done).kept),
    )
    return ScanGuards(
        recommend=guard_from_engine(engine),
        admits=engine.admits,
        text=text,
        description=(
            f"guard engine, policy {status['policy_version']}: {status['accounts_flagged']:,} "
            "accounts flagged by the scan; recommendation, search and autocomplete guards"
        ),
    )


def audit_dataset(source: Path, results: Path) -> Dataset:
    """The clean tables the scan read (RESULTS/dataset), else the export itself if it is Parquet."""
    if not source.is_dir():
        raise InputError("export folder not found", Location(source))
    if not (results / "accounts.parquet").is_file():
        raise InputError(
            "not a scan results folder: accounts.parquet is missing", Location(results)
        )
    clean = results / DATASET_DIR
    return Dataset.open(clean if (clean / "accounts.parquet").is_file() else source)


def audit_scan(
    source: Path,
    results: Path,
    *,
    recommenders: Sequence[str] = tuple(RECOMMENDERS),
    probes: ProbeSettings = ProbeSettings(),
    seed: int = 0,
    policy_path: Path | None = None,
    truth: TruthRequest = TruthRequest(),
    platform: Sequence[Recommender] = (),
) -> tuple[AuditReport, ScanGuards]:
    """Audit the reference recommenders named in ``recommenders`` (keys of :data:`RECOMMENDERS`)
    on the scanned export, without and with the scan's guards.

    ``platform`` recommenders (a platform's own, e.g. :class:`HttpRecommender`)
    are audited instead of the references when given; ``truth`` says which
    member set the figures count (:func:`choose_truth`).
    """
    unknown = [r for r in recommenders if r not in RECOMMENDERS]
    if unknown:
        raise InputError(
            f"unknown recommender {unknown[0]!r} (expected {', '.join(RECOMMENDERS)} or all)",
            Location(field="recommender"),
        )
    dataset = audit_dataset(source, results)
    chosen_truth = choose_truth(truth, dataset, results)
    guards = scan_guards(results, policy_path)
    chosen: Sequence[Recommender] = platform
    if not platform:
        wanted = {RECOMMENDERS[r] for r in recommenders}
        chosen = [r for r in reference_recommenders(dataset) if r.name in wanted]
    report = run_audit(
        dataset,
        chosen,
        guards.recommend,
        probes=probes,
        seed=seed,
        admits=guards.admits,
        text=guards.text,
        truth=chosen_truth,
    )
    return report, guards


def guarded_leaks(report: AuditReport) -> list[str]:
    """Every guarded figure above zero, described; empty when the guards held everywhere."""
    leaks = [
        f"{e.probe} {e.recommender} {e.surface} k={e.step}: {e.guarded_suggestions.hits} members"
        for e in report.exposures
        if e.guarded_suggestions.hits
    ]
    leaks += [
        f"contamination {c.recommender}: {c.guarded.hits}"
        for c in report.contamination
        if c.guarded.hits
    ]
    leaks += [f"{t.surface}: {t.guarded.hits}" for t in report.text_surfaces if t.guarded.hits]
    return leaks


def write_audit(report: AuditReport, guards: ScanGuards, results: Path) -> dict[str, Any]:
    """Write ``RESULTS/audit.json``: the report's JSON plus which guards were audited."""
    document = {**report.to_json(), "guard": guards.description}
    (results / AUDIT_FILE).write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    return document
