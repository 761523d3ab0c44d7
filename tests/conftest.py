"""Fixtures shared by every test package: small hand-written exports in any format, and one
Spark session for every Spark test (starting one costs ~10-20 s), skipped without Spark.

Spark tests are marked ``spark``; they skip, saying why, when PySpark or Java
17+ is missing (scripts/test.sh installs a JRE when it can).
"""

from __future__ import annotations

import csv
import gzip
import importlib.util
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from netbrake.errors import InputError

Rows = list[dict[str, Any]]
ExportWriter = Callable[..., Path]


def _write_csv(path: Path, rows: Rows, columns: list[str]) -> None:
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "wt", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(columns)
        for row in rows:
            writer.writerow(["" if row.get(c) is None else row.get(c) for c in columns])


def _write_jsonl(path: Path, rows: Rows) -> None:
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "wt", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


@pytest.fixture
def write_export(tmp_path: Path) -> ExportWriter:
    """Write tables (name -> list of row dicts) as an export folder in one format."""

    def write(tables: dict[str, Rows], fmt: str = "csv", folder: str = "export") -> Path:
        out = tmp_path / folder
        out.mkdir(parents=True, exist_ok=True)
        for name, rows in tables.items():
            columns = list(dict.fromkeys(k for row in rows for k in row))
            path = out / f"{name}.{fmt}"
            if fmt.startswith("csv"):
                _write_csv(path, rows, columns)
            elif fmt.startswith("jsonl"):
                _write_jsonl(path, rows)
            elif fmt == "parquet":
                import pyarrow as pa
                import pyarrow.parquet as pq

                pq.write_table(pa.Table.from_pylist(rows), path)
            else:
                raise ValueError(fmt)
        return out

    return write


@pytest.fixture
def small_platform() -> dict[str, Rows]:
    """A valid five-account platform with every optional table."""
    ts = "2024-03-01T12:00:00Z"
    accounts = [
        {"account_id": f"a{i}", "handle": f"user{i}", "bio": f"bio {i}", "created_at": ts}
        for i in range(1, 6)
    ]
    edges = [
        {"src": "a1", "dst": "a2", "kind": "follow", "ts": ts, "weight": 1.0},
        {"src": "a2", "dst": "a3", "kind": "like", "ts": ts, "weight": 2.0},
        {"src": "a4", "dst": "a1", "kind": "view", "ts": ts, "weight": 1.0},
        {"src": "a5", "dst": "a1", "kind": "message", "ts": ts, "weight": 1.0},
    ]
    posts = [
        {"post_id": "p1", "account_id": "a1", "created_at": ts, "text": "hello #cooking #nba"},
        {"post_id": "p2", "account_id": "a2", "created_at": ts, "text": "no tags"},
    ]
    identifiers = [
        {"account_id": "a1", "kind": "email", "value": "Someone@Mail.Example"},
        {"account_id": "a2", "kind": "email", "value": "someone@mail.example "},
        {"account_id": "a3", "kind": "phone", "value": "+1 (555) 010-0000"},
    ]
    reports = [
        {
            "report_id": "r1",
            "reporter_id": "a4",
            "target_kind": "account",
            "target_id": "a1",
            "reason": "child_safety",
            "created_at": ts,
        },
        {
            "report_id": "r2",
            "reporter_id": "a5",
            "target_kind": "post",
            "target_id": "p1",
            "reason": "spam",
            "created_at": ts,
        },
    ]
    return {
        "accounts": accounts,
        "edges": edges,
        "posts": posts,
        "identifiers": identifiers,
        "reports": reports,
    }


def _missing() -> str | None:
    if importlib.util.find_spec("pyspark") is None:
        return "PySpark is not installed (pip install 'netbrake[spark]')"
    from netbrake.engines.spark.session import check_java

    try:
        check_java()
    except InputError as exc:
        return str(exc)
    return None


@pytest.fixture(scope="session")
def spark(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A local[2] session with small shuffles, shared by all Spark tests."""
    reason = _missing()
    if reason is not None:
        pytest.skip(f"Spark tests need PySpark and Java 17+: {reason}")
    from netbrake.engines.spark.session import start_session

    scratch: Path = tmp_path_factory.mktemp("spark-local")
    session = start_session(
        "local[2]",
        {"spark.sql.shuffle.partitions": "2", "spark.local.dir": str(scratch)},
    )
    yield session
    session.stop()
