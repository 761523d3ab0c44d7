"""Write a `Scenario` as an export folder that ``netbrake scan`` reads.

The contract tables (``labels`` included, as synth writes it: ingest checks
it and detection never reads it) go in as Parquet. Beside them, two files
that are not contract tables, so ingest ignores them: ``truth.parquet``
(the finer ground truth: look-alike, brigade and sockpuppet accounts are
``benign`` in ``labels``; origin; cohorts) and ``scenario.json`` (what was
planted, and the ``--seeds`` to scan with).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from netbrake.scenarios.plant import Scenario
from netbrake.synth import write_table

TRUTH_FILE = "truth.parquet"
SCENARIO_FILE = "scenario.json"
SEEDS_FILE = "seeds.txt"


def describe(scenario: Scenario) -> dict[str, Any]:
    """What ``scenario.json`` says: name, backdrop, seed, scan seeds, counts by role."""
    roles = Counter(scenario.truth.column("role").to_pylist())
    spec = scenario.spec
    return {
        "scenario": spec.name,
        "description": spec.description,
        "backdrop": scenario.backdrop,
        "seed": scenario.seed,
        "scan_seeds": list(scenario.seeds),
        "review_report_candidates": spec.review,
        "expect_circuit_breaker": spec.expect_breaker,
        "accounts": scenario.tables["accounts"].num_rows,
        "rows": {name: t.num_rows for name, t in sorted(scenario.tables.items())},
        "roles": dict(sorted(roles.items())),
    }


def write(scenario: Scenario, out: Path) -> Path:
    """Write the export folder ``out`` (created; stale table files replaced)."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    for name, table in scenario.tables.items():
        for stale in out.glob(f"{name}.*"):
            stale.unlink()
        write_table(table, out / f"{name}.parquet", "parquet")
    pq.write_table(scenario.truth, out / TRUTH_FILE, compression="zstd")
    (out / SEEDS_FILE).write_text("".join(f"{s}\n" for s in scenario.seeds), encoding="utf-8")
    (out / SCENARIO_FILE).write_text(
        json.dumps(describe(scenario), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return out
