"""``netbrake reports ingest FILE``: a reports table file through the same intake as the API.

Rows are read with the platform readers (any of the export formats); a row
that is not a valid report goes to the quarantine list with its row number
and is never stored half-way. Valid rows are stored in group-commit batches.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from netbrake.errors import InputError, Location
from netbrake.platform import REPORTS, ROW, Problem, read_table
from netbrake.reports.intake import store_reports
from netbrake.reports.records import IncomingReport
from netbrake.store import Store

BATCH = 1000


@dataclass
class FileIntake:
    rows: int = 0
    stored: int = 0
    repeated: int = 0
    problems: list[Problem] = field(default_factory=list)


def _report(row: dict[str, Any]) -> IncomingReport:
    created = row.get("created_at")
    if isinstance(created, str):
        created = datetime.fromisoformat(created.replace("Z", "+00:00"))
    return IncomingReport(
        report_id=str(row.get("report_id") or ""),
        reporter_id=str(row.get("reporter_id") or ""),
        target_kind=str(row.get("target_kind") or ""),
        target_id=str(row.get("target_id") or ""),
        reason=str(row.get("reason") or ""),
        text=row.get("text"),
        created_at=created if isinstance(created, datetime) else None,
    )


def _rows(table: pa.Table | None, path: Path) -> Iterator[dict[str, Any]]:
    """The file's rows with their 1-based ``_row``; Parquet (not loaded by the reader) in batches."""
    if table is not None:
        yield from table.to_pylist()
        return
    number = 0
    for batch in pq.ParquetFile(path).iter_batches(batch_size=BATCH):
        for row in batch.to_pylist():
            number += 1
            yield {**row, ROW: number}


def ingest_file(
    store: Store, path: Path, *, on_batch: Callable[[int], None] | None = None
) -> FileIntake:
    if not path.is_file():
        raise InputError("no such file", Location(path))
    raw = read_table(REPORTS, path)
    result = FileIntake(rows=raw.rows_read, problems=list(raw.problems))
    pending: list[IncomingReport] = []
    counts: Counter[str] = Counter()

    def flush() -> None:
        with store.write() as tx:
            receipts = store_reports(tx, pending, recent=dict(counts))
        result.stored += sum(r.created for r in receipts)
        result.repeated += sum(not r.created for r in receipts)
        if on_batch is not None:
            on_batch(len(pending))
        pending.clear()

    for row in _rows(raw.table, path):
        try:
            report = _report(row)
        except InputError as exc:
            result.problems.append(
                Problem("reports", str(path), row.get(ROW), exc.where.field, exc.message, "invalid")
            )
            continue
        counts[report.reporter_id] += 1
        pending.append(report)
        if len(pending) >= BATCH:
            flush()
    if pending:
        flush()
    return result
