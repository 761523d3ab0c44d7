"""Reading a scan's RESULTS folder for evaluation, defensively.

The scorer reads only what ``netbrake scan`` writes (``netbrake.engines.results``):
``accounts.parquet``, ``networks.json``, ``evidence.parquet``, ``summary.json``
and, when present, ``media_matches.parquet``; the circuit breaker's state in
``summary.json`` and the review queue ``report_candidates.jsonl``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pyarrow.compute as pc
import pyarrow.parquet as pq

from netbrake.engines.report_candidates import REPORT_CANDIDATES_FILE

SUMMARY_FILE = "summary.json"
BREAKER_KEY = "circuit_breaker"


def summary(results: Path) -> dict[str, Any]:
    path = results / SUMMARY_FILE
    if not path.is_file():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return data if isinstance(data, dict) else {}


def breaker_fired(data: Mapping[str, Any]) -> bool | None:
    """Whether ``summary.json`` says the circuit breaker fired (None: no breaker recorded)."""
    value = data.get(BREAKER_KEY)
    return bool(value["fired"]) if isinstance(value, Mapping) and "fired" in value else None


def report_candidates(results: Path) -> list[str] | None:
    """Account ids of the scan's review queue of report candidates; None when absent."""
    path = results / REPORT_CANDIDATES_FILE
    if not path.is_file():
        return None
    lines = path.read_text(encoding="utf-8").splitlines()
    return [str(json.loads(line)["account_id"]) for line in lines if line.strip()]


def strong_anchors(results: Path, given: Iterable[str], seed_min: float) -> set[str]:
    """Accounts that carry strong evidence of their own, by the detection targets' definition: a seed
    (given, upheld or found by the scan), a strong text indicator (own seller, trader
    or community evidence at the seed threshold), or a known-hash match."""
    anchors = set(given)
    networks = results / "networks.json"
    if networks.is_file():
        for doc in json.loads(networks.read_text(encoding="utf-8")):
            anchors.update(str(s) for s in doc.get("seeds", []))
    evidence = results / "evidence.parquet"
    if evidence.is_file():
        table = pq.read_table(evidence)
        kinds = [c for c in ("seller", "trader", "community") if c in table.column_names]
        if kinds:
            own = table.column(kinds[0])
            for c in kinds[1:]:
                own = pc.max_element_wise(own, table.column(c))
            strong = pc.fill_null(pc.greater_equal(own, seed_min), False)
            anchors.update(table.column("account_id").filter(strong).to_pylist())
    matches = results / "media_matches.parquet"
    if matches.is_file():
        anchors.update(pq.read_table(matches, columns=["account_id"]).column(0).to_pylist())
    return anchors
