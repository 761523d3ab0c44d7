"""``scan`` on the Spark engine gives the embedded engine's results.

Two synthetic platforms of different seeds and sizes; both engines scan each
into their own RESULTS folder. Tolerance: scores and link confidences within
``TOLERANCE``; everything else (members, roles, networks, persons, decision
ids and actions, networks.json) must be identical.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow.parquet as pq
import pytest

from netbrake.policy import Policy
from netbrake.scan import ScanRequest, scan
from netbrake.synth import SynthConfig, generate
from netbrake.text import default_matcher

pytestmark = pytest.mark.spark

#: Edge weights are merged per kind before multiplying by the kind weight on
#: Spark, per edge in the embedded engine: the float sums may differ in the last bits.
TOLERANCE = 1e-9
SECRET = b"spark-parity"
NOW = datetime(2026, 6, 1, tzinfo=UTC)


def _scan(source: Path, out: Path, engine: Any = None) -> dict[str, Any]:
    request = ScanRequest(
        source=source,
        out=out,
        policy=Policy.load(),
        secret=SECRET,
        now=NOW,
        matcher=default_matcher(),
    )
    return scan(request, engine)


def _decisions(results: Path) -> list[dict[str, Any]]:
    lines = (results / "enforcement.jsonl").read_text().splitlines()
    return [json.loads(line) for line in lines]


@pytest.mark.parametrize(
    ("accounts", "seed"),
    [(2000, 3), (3500, 11)],
    ids=["2000-accounts-seed-3", "3500-accounts-seed-11"],
)
def test_spark_scan_matches_embedded(spark: Any, tmp_path: Path, accounts: int, seed: int) -> None:
    from netbrake.engines.spark import SparkEngine

    source = tmp_path / "export"
    generate(SynthConfig(accounts=accounts, seed=seed), source)
    embedded = _scan(source, tmp_path / "duckdb")
    distributed = _scan(source, tmp_path / "spark", SparkEngine(spark, stop_on_close=False))

    assert distributed["engine"] == "spark"
    assert embedded["members"] > 0
    for key in ("accounts", "members", "roles", "networks", "decisions", "persons", "mapping"):
        assert distributed[key] == embedded[key], key
    a = pq.read_table(tmp_path / "duckdb" / "accounts.parquet")
    b = pq.read_table(tmp_path / "spark" / "accounts.parquet")
    assert a.column_names == b.column_names
    for name in a.column_names:
        if name == "score":
            assert np.allclose(a[name].to_numpy(), b[name].to_numpy(), rtol=0, atol=TOLERANCE)
        else:
            assert a[name].equals(b[name]), name
    pa_, pb = (pq.read_table(tmp_path / e / "persons.parquet") for e in ("duckdb", "spark"))
    for name in ("account_id", "person_id", "person_accounts"):
        assert pa_[name].equals(pb[name]), name
    assert np.allclose(
        pa_["link_confidence"].to_numpy(), pb["link_confidence"].to_numpy(), atol=TOLERANCE
    )
    da, db = _decisions(tmp_path / "duckdb"), _decisions(tmp_path / "spark")
    assert [(d["decision_id"], d["subject_id"], d["actions"]) for d in da] == [
        (d["decision_id"], d["subject_id"], d["actions"]) for d in db
    ]
    networks = [(tmp_path / e / "networks.json").read_text() for e in ("duckdb", "spark")]
    assert networks[0] == networks[1]
    ea, eb = (pq.read_table(tmp_path / e / "evidence.parquet") for e in ("duckdb", "spark"))
    assert ea.equals(eb)
