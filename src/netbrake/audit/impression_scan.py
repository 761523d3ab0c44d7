"""`audit_scan_impressions`: the impression-log audit of a scanned export, as the CLI runs it.

Where the member set comes from is decided in one place,
:func:`impression_members`: the export's ``labels`` when it has them
(synthetic data), else the accounts the scan marked as members. The log is
the export's ``impressions`` table as the scan's ingest validated it, or a
file given apart, validated here against the same accounts and posts: bad
rows are quarantined with file, row and field and counted; past
``max_bad_fraction`` the run stops (exit 3), as ingest does (docs/data-contract.md).
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import pyarrow.compute as pc

from netbrake.audit.impression_html import render_impressions
from netbrake.audit.impression_report import ImpressionAudit
from netbrake.audit.impressions import audit_impressions
from netbrake.audit.truth_choice import TruthRequest, choose_truth
from netbrake.errors import InputError, Location, ThresholdExceeded
from netbrake.platform import MEMBER_ROLES, Dataset, ingest_table
from netbrake.results import DATASET_DIR, ScanResults

IMPRESSIONS_AUDIT_FILE = "impressions_audit.json"
IMPRESSIONS_HTML_FILE = "audit.html"
IMPRESSIONS_QUARANTINE_FILE = "impressions_quarantine.jsonl"


def impression_members(dataset: Dataset, results: Path) -> tuple[frozenset[str], str]:
    """The members whose exposure is measured, and a sentence saying where they came from."""
    labels = dataset.labels()
    if labels is not None:
        member = pc.is_in(labels.column("role"), value_set=pc.cast(MEMBER_ROLES, "string"))
        ids = labels.filter(member).column("account_id").to_pylist()
        return frozenset(ids), "the export's labels (member roles)"
    accounts = ScanResults.open(results).accounts(["account_id", "member"])
    ids = accounts.filter(pc.fill_null(accounts.column("member"), False)).column("account_id")
    return frozenset(ids.to_pylist()), "the accounts the scan marked as members"


def _dataset(source: Path, results: Path) -> Dataset:
    if not source.is_dir():
        raise InputError("export folder not found", Location(source))
    ScanResults.open(results).accounts(["account_id"])
    clean = results / DATASET_DIR
    return Dataset.open(clean if (clean / "accounts.parquet").is_file() else source)


def audit_scan_impressions(
    source: Path,
    results: Path,
    log: Path | None = None,
    *,
    max_bad_fraction: float = 0.01,
    truth: TruthRequest | None = None,
) -> tuple[ImpressionAudit, list[str]]:
    """The audit, and one line per quarantined problem class (first row of each) for the user.

    ``truth``: the ground truth as the probe audit chooses it (reviewer decisions, scan
    members, labels: docs/audit.md "Ground truth"); without it, the export's labels, else
    the scan's members.
    """
    dataset = _dataset(source, results)
    if truth is None:
        members, members_from = impression_members(dataset, results)
    else:
        chosen = choose_truth(truth, dataset, results)
        members, members_from = chosen.members, chosen.description
    if log is None:
        if dataset.has("impressions"):
            audit = audit_impressions(dataset.file("impressions"), dataset, members, members_from)
            return audit, [
                "impressions as the scan's ingest validated them (bad rows: its quarantine)"
            ]
        raw = [p for p in source.glob("impressions.*") if p.is_file()]
        if not raw:
            raise InputError(
                "the export has no impressions table; give one with --impressions PATH",
                Location(source, field="impressions"),
            )
        log = raw[0]
    if not log.is_file():
        raise InputError("impressions file not found", Location(log, field="impressions"))
    with tempfile.TemporaryDirectory(prefix="netbrake-impressions-") as tmp:
        clean = Path(tmp) / "impressions.parquet"
        report, problems = ingest_table(
            "impressions",
            log,
            dataset.path,
            clean,
            quarantine_path=results / IMPRESSIONS_QUARANTINE_FILE,
        )
        first: dict[str, str] = {}
        for p in problems:
            first.setdefault(p.kind, f"{p.file}: row {p.row}, field {p.column}: {p.reason}")
        notes = [
            f"{report.rows_quarantined:,} of {report.rows_read:,} impression rows quarantined "
            f"({results / IMPRESSIONS_QUARANTINE_FILE}); first: {line}"
            for line in first.values()
        ]
        if report.bad_fraction > max_bad_fraction:
            raise ThresholdExceeded(
                f"{log}: {report.bad_fraction:.2%} of impression rows quarantined, over the limit "
                f"of {max_bad_fraction:.2%}; see {results / IMPRESSIONS_QUARANTINE_FILE}"
            )
        audit = audit_impressions(
            clean, dataset, members, members_from, quarantined=report.rows_quarantined
        )
    return audit, notes


def write_impressions_audit(audit: ImpressionAudit, results: Path) -> dict[str, Any]:
    """``RESULTS/impressions_audit.json`` and ``RESULTS/audit.html``; returns the JSON."""
    document = audit.to_json()
    (results / IMPRESSIONS_AUDIT_FILE).write_text(
        json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    )
    (results / IMPRESSIONS_HTML_FILE).write_text(render_impressions(audit), encoding="utf-8")
    return document
