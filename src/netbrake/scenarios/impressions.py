"""Impression logs for a planted scenario: the real graph's accounts and the planted network.

The same generator as synth's (``netbrake.synth.impression_batches``), over
the scenario's own tables, so the impression-log audit (F1, F9) can be
measured on a real social graph too. The window is the span of the
scenario's edges.
"""

from __future__ import annotations

from dataclasses import replace

import pyarrow.compute as pc

from netbrake.scenarios.plant import Scenario
from netbrake.synth import ImpressionMix, impressions_table, members_of


def with_impressions(
    scenario: Scenario, rows: int, *, seed: int = 0, mix: ImpressionMix = ImpressionMix()
) -> Scenario:
    """``scenario`` with an ``impressions`` table of ``rows`` rows (deterministic by seed)."""
    tables = scenario.tables
    span = pc.min_max(tables["edges"].column("ts").cast("int64"))
    start, end = int(span["min"].as_py()), int(span["max"].as_py()) + 1
    log = impressions_table(
        tables["accounts"],
        tables["edges"],
        members_of(tables["labels"]),
        rows,
        seed=seed,
        start=start,
        end=end,
        posts=tables.get("posts"),
        mix=mix,
    )
    return replace(scenario, tables={**tables, "impressions": log})
