"""Reading a scan's RESULTS folder for evaluation, defensively.

The scorer reads only what ``netbrake scan`` writes (``netbrake.scan.results``):
``accounts.parquet``, ``networks.json``, ``evidence.parquet``, ``summary.json``
and, when present, ``media_matches.parquet``; the circuit breaker's state in
``summary.json`` and the review queue ``report_candidates.jsonl``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pyarrow.compute as pc

from netbrake.results import (
    EVIDENCE_FILE,
    MEDIA_MATCHES_FILE,
    NETWORKS_FILE,
    REPORT_CANDIDATES_FILE,
    SUMMARY_FILE,
    ScanResults,
)

BREAKER_KEY = "circuit_breaker"


def summary(results: Path) -> dict[str, Any]:
    scan = ScanResults.open(results)
    return scan.summary() if scan.has(SUMMARY_FILE) else {}


def breaker_fired(data: Mapping[str, Any]) -> bool | None:
    """Whether ``summary.json`` says the circuit breaker fired (None: no breaker recorded)."""
    value = data.get(BREAKER_KEY)
    return bool(value["fired"]) if isinstance(value, Mapping) and "fired" in value else None


def report_candidates(results: Path) -> list[str] | None:
    """Account ids of the scan's review queue of report candidates; None when absent."""
    scan = ScanResults.open(results)
    if not scan.has(REPORT_CANDIDATES_FILE):
        return None
    return [str(row["account_id"]) for row in scan.report_candidates()]


def strong_anchors(results: Path, given: Iterable[str], seed_min: float) -> set[str]:
    """Accounts that carry strong evidence of their own, by the detection targets' definition: a seed
    (given, upheld or found by the scan), a strong text indicator (own seller, trader
    or community evidence at the seed threshold), or a known-hash match."""
    anchors = set(given)
    scan = ScanResults.open(results)
    if scan.has(NETWORKS_FILE):
        for doc in scan.networks():
            anchors.update(str(s) for s in doc.get("seeds", []))
    if scan.has(EVIDENCE_FILE):
        table = scan.evidence()
        kinds = [c for c in ("seller", "trader", "community") if c in table.column_names]
        if kinds:
            own = table.column(kinds[0])
            for c in kinds[1:]:
                own = pc.max_element_wise(own, table.column(c))
            strong = pc.fill_null(pc.greater_equal(own, seed_min), False)
            anchors.update(table.column("account_id").filter(strong).to_pylist())
    matches = scan.media_matches() if scan.has(MEDIA_MATCHES_FILE) else None
    if matches is not None:
        anchors.update(matches.column("account_id").to_pylist())
    return anchors
