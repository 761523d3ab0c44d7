"""Reading a scan's RESULTS folder for evaluation, defensively.

The scorer reads only what ``netbrake scan`` writes (``netbrake.engines.results``):
``accounts.parquet``, ``networks.json``, ``evidence.parquet``, ``summary.json``
and, when present, ``media_matches.parquet``. Two outputs are being added
while this suite is written (issues 16 and 23): the circuit breaker's state
in ``summary.json`` and the review queue of report candidates. Their shape is
not settled, so both readers accept the likely forms and say "absent"
(None) rather than guess.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pyarrow.compute as pc
import pyarrow.parquet as pq

SUMMARY_FILE = "summary.json"
BREAKER_KEY = "circuit_breaker"
_FIRED_KEYS = ("fired", "tripped", "triggered", "open", "active", "engaged")
_FIRED_WORDS = frozenset({"fired", "tripped", "triggered", "open", "active", "engaged"})
#: Where the report candidates may be: review-queue files, then summary keys.
CANDIDATE_FILES = (
    "report_candidates.jsonl",
    "review_queue.jsonl",
    "candidates.jsonl",
    "report_candidates.json",
    "report_candidates.parquet",
)
CANDIDATE_KEYS = ("report_candidates", "review_queue", "candidates")
_ID_KEYS = ("account_id", "subject_id", "target_id", "candidate", "id")


def summary(results: Path) -> dict[str, Any]:
    path = results / SUMMARY_FILE
    if not path.is_file():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return data if isinstance(data, dict) else {}


def breaker_fired(data: Mapping[str, Any]) -> bool | None:
    """Whether ``summary.json`` says the circuit breaker fired; None when it says nothing.

    Accepts a bool, a number (count of stopped actions), a state word, or an
    object with one of the usual flags ("fired", "tripped", ...) or a
    "status"/"state" word.
    """
    if BREAKER_KEY not in data:
        return None
    value = data[BREAKER_KEY]
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value > 0
    if isinstance(value, str):
        return value.strip().lower() in _FIRED_WORDS
    if isinstance(value, Mapping):
        for key in _FIRED_KEYS:
            if isinstance(value.get(key), bool):
                return bool(value[key])
        for key in ("status", "state"):
            if isinstance(value.get(key), str):
                return str(value[key]).strip().lower() in _FIRED_WORDS
    return None


def _ids(records: Iterable[Any]) -> list[str]:
    out: list[str] = []
    for record in records:
        if isinstance(record, str):
            out.append(record)
        elif isinstance(record, Mapping):
            for key in _ID_KEYS:
                if isinstance(record.get(key), str):
                    out.append(str(record[key]))
                    break
    return list(dict.fromkeys(out))


def _unwrap(value: Any) -> list[Any] | None:
    if isinstance(value, list):
        return value
    if isinstance(value, Mapping):
        for key in ("accounts", "candidates", "items", "queue"):
            if isinstance(value.get(key), list):
                return list(value[key])
    return None


def report_candidates(results: Path) -> list[str] | None:
    """Account ids the scan puts in the review queue because of reports; None when the
    scan writes no such output at all."""
    for name in CANDIDATE_FILES:
        path = results / name
        if not path.is_file():
            continue
        if name.endswith(".parquet"):
            return _ids(pq.read_table(path).to_pylist())
        text = path.read_text(encoding="utf-8")
        if name.endswith(".jsonl"):
            return _ids(json.loads(line) for line in text.splitlines() if line.strip())
        return _ids(_unwrap(json.loads(text)) or [])
    data = summary(results)
    for key in CANDIDATE_KEYS:
        if key in data:
            return _ids(_unwrap(data[key]) or [])
    return None


def strong_anchors(results: Path, given: Iterable[str], seed_min: float) -> set[str]:
    """Accounts that carry strong evidence of their own, by the issue's definition: a seed
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
