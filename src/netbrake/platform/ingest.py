"""Validating ingest: a platform export in, a clean Parquet dataset and a quarantine out.

Nothing is dropped silently (ARCHITECTURE.md): each row that fails a check
goes to ``quarantine.jsonl`` with its file, row, column and a sentence; the
run summary counts every row read, kept and quarantined; and the share of
bad rows decides, against ``max_bad_fraction``, whether the run fails.
Raw identifier values are HMAC-hashed here and never written.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from netbrake.errors import InputError, Location, ThresholdExceeded
from netbrake.platform.checks import Check, clean_expression, column_checks, literal, quote
from netbrake.platform.identifiers import IdentifierHasher
from netbrake.platform.problem import Problem
from netbrake.platform.readers import ROW, RawTable, find_table_file, read_table
from netbrake.platform.schema import TABLES, TableSpec

QUARANTINE_FILE = "quarantine.jsonl"
SUMMARY_FILE = "ingest_summary.json"


@dataclass
class TableReport:
    """What happened to one table's rows."""

    name: str
    file: str | None
    rows_read: int = 0
    rows_ok: int = 0
    rows_quarantined: int = 0
    problems: dict[str, int] = field(default_factory=dict)

    @property
    def bad_fraction(self) -> float:
        return self.rows_quarantined / self.rows_read if self.rows_read else 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "rows_read": self.rows_read,
            "rows_ok": self.rows_ok,
            "rows_quarantined": self.rows_quarantined,
            "bad_fraction": round(self.bad_fraction, 6),
            "problems": dict(sorted(self.problems.items())),
        }


@dataclass
class IngestResult:
    """The outcome of one ingest: per-table counts and where the outputs are."""

    source: Path
    out: Path
    quarantine_path: Path
    max_bad_fraction: float
    tables: dict[str, TableReport] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def rows_read(self) -> int:
        return sum(t.rows_read for t in self.tables.values())

    @property
    def rows_quarantined(self) -> int:
        return sum(t.rows_quarantined for t in self.tables.values())

    @property
    def failing_tables(self) -> list[str]:
        return [n for n, t in self.tables.items() if t.bad_fraction > self.max_bad_fraction]

    @property
    def ok(self) -> bool:
        return not self.failing_tables

    def summary(self) -> dict[str, Any]:
        read, bad = self.rows_read, self.rows_quarantined
        return {
            "source": str(self.source),
            "dataset": str(self.out),
            "quarantine": str(self.quarantine_path),
            "status": "ok" if self.ok else "failed",
            "rows_read": read,
            "rows_ok": read - bad,
            "rows_quarantined": bad,
            "bad_fraction": round(bad / read, 6) if read else 0.0,
            "max_bad_fraction": self.max_bad_fraction,
            "failing_tables": self.failing_tables,
            "tables": {n: t.to_json() for n, t in self.tables.items()},
        }


ProgressHook = Callable[[str], None]


def ingest(
    source: Path,
    out: Path,
    *,
    secret: bytes,
    max_bad_fraction: float = 0.01,
    quarantine_path: Path | None = None,
    on_table: ProgressHook | None = None,
) -> IngestResult:
    """Validate the export in ``source`` and write the clean dataset to ``out``.

    Raises :class:`InputError` for a missing required table or an unreadable
    file (exit code 2) and :class:`ThresholdExceeded` (exit code 3) after
    writing everything when a table's bad share passes ``max_bad_fraction``.
    """
    source, out = Path(source), Path(out)
    if not source.is_dir():
        raise InputError("not a folder of export tables", Location(source))
    if not 0.0 <= max_bad_fraction <= 1.0:
        raise InputError(f"--max-bad-fraction must be between 0 and 1, got {max_bad_fraction}")
    files = _locate(source)
    out.mkdir(parents=True, exist_ok=True)
    result = IngestResult(source, out, quarantine_path or out / QUARANTINE_FILE, max_bad_fraction)
    hasher = IdentifierHasher(secret)
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    try:
        for name, path in files.items():
            if on_table is not None:
                on_table(name)
            raw = read_table(TABLES[name], path)
            report, clean = _validate(con, raw, result.problems, set(files))
            if name == "identifiers":
                clean = _hash_identifiers(clean, hasher)
            pq.write_table(clean, out / f"{name}.parquet", compression="zstd")
            con.register(f"clean_{name}", clean)
            result.tables[name] = report
    finally:
        con.close()
    _write_quarantine(result)
    (out / SUMMARY_FILE).write_text(json.dumps(result.summary(), indent=2) + "\n")
    if not result.ok:
        worst = max(result.failing_tables, key=lambda n: result.tables[n].bad_fraction)
        share = result.tables[worst].bad_fraction
        raise ThresholdExceeded(
            f"{result.tables[worst].file}: {share:.2%} of rows quarantined, over the limit of "
            f"{max_bad_fraction:.2%} (--max-bad-fraction); see {result.quarantine_path}"
        )
    return result


def _locate(source: Path) -> dict[str, Path]:
    files: dict[str, Path] = {}
    for name, spec in TABLES.items():
        path = find_table_file(source, name)
        if path is None:
            if spec.required:
                raise InputError(
                    f"required table '{name}' is missing (expected {name}.parquet, "
                    f"{name}.csv or {name}.jsonl)",
                    Location(source),
                )
            continue
        files[name] = path
    return files


def _validate(
    con: duckdb.DuckDBPyConnection, raw: RawTable, problems: list[Problem], tables: set[str]
) -> tuple[TableReport, pa.Table]:
    spec = raw.spec
    present = set(raw.table.column_names) - {ROW}
    for col in spec.columns:
        if col.present and col.name not in present:
            raise InputError(
                f"required column '{col.name}' is missing", Location(raw.path, field=col.name)
            )
    con.register("raw_rows", raw.table)
    checks = [c for col in spec.columns for c in column_checks(spec, col, present)]
    checks += _reference_checks(spec, tables)
    base = _base_query(spec)
    value_of = {c.column: f"left(CAST({quote(c.column)} AS VARCHAR), 60)" for c in checks}
    parts = []
    for check in checks:
        value = (
            "NULL"
            if (spec.name, check.column) == ("identifiers", "value")
            else value_of[check.column]
        )
        parts.append(
            f"SELECT {ROW} AS row, {literal(check.column)} AS col, {literal(check.kind)} AS kind, "
            f"{check.reason} AS reason, {value} AS value FROM base WHERE {check.condition}"
        )
    union = " UNION ALL ".join(parts) if parts else "SELECT NULL::BIGINT AS row WHERE false"
    con.execute(f"CREATE OR REPLACE TEMP TABLE bad AS WITH base AS ({base}) {union}")
    rows = con.execute("SELECT row, col, kind, reason, value FROM bad ORDER BY row, col").fetchall()
    file = str(raw.path)
    found = [Problem(spec.name, file, int(r), c, str(why), k, v) for r, c, k, why, v in rows]
    report = TableReport(spec.name, file)
    all_problems = raw.problems + found
    problems.extend(sorted(all_problems, key=lambda p: (p.row or 0, p.column or "")))
    report.problems = dict(Counter(p.kind for p in all_problems))
    # Rows whose parse failed on one field (invalid UTF-8) are in the table but bad too.
    parse_bad = sorted({p.row for p in raw.problems if p.row is not None})
    con.register("parse_bad", pa.table({"row": pa.array(parse_bad, type=pa.int64())}))
    select = ", ".join(clean_expression(col, present) for col in spec.columns)
    clean = con.sql(
        f"SELECT {select} FROM raw_rows WHERE {ROW} NOT IN (SELECT row FROM bad) "
        f"AND {ROW} NOT IN (SELECT row FROM parse_bad) ORDER BY {ROW}"
    ).to_arrow_table()
    clean = _parse_hashtags(con, spec, clean, present)
    con.unregister("raw_rows")
    bad_rows = {p.row for p in all_problems}
    report.rows_read = raw.rows_read
    report.rows_quarantined = len(bad_rows)
    report.rows_ok = clean.num_rows
    return report, clean.cast(spec.arrow_schema())


def _base_query(spec: TableSpec) -> str:
    if spec.primary_key is None:
        return "SELECT * FROM raw_rows"
    pk = quote(spec.primary_key)
    return (
        f"SELECT *, row_number() OVER (PARTITION BY {pk} ORDER BY {ROW}) AS _dup_rank, "
        f"min({ROW}) OVER (PARTITION BY {pk}) AS _first_row FROM raw_rows"
    )


def _reference_checks(spec: TableSpec, tables: set[str]) -> list[Check]:
    checks: list[Check] = []
    if spec.primary_key is not None:
        pk = spec.primary_key
        checks.append(
            Check(
                pk,
                "duplicate_key",
                f"{quote(pk)} IS NOT NULL AND _dup_rank > 1",
                f"'duplicate {pk} ' || left({quote(pk)}, 60) || ' (first at row ' || _first_row || ')'",
            )
        )
    for col in spec.columns:
        if col.references == "accounts.account_id" and spec.name != "accounts":
            checks.append(_unknown_account(col.name))
    if spec.name == "reports":
        account = _unknown_account("target_id")
        checks.append(
            Check(
                "target_id",
                "dangling_reference",
                f"target_kind = 'account' AND {account.condition}",
                account.reason,
            )
        )
        if "posts" in tables:
            checks.append(
                Check(
                    "target_id",
                    "dangling_reference",
                    "target_kind = 'post' AND target_id IS NOT NULL AND target_id NOT IN "
                    "(SELECT post_id FROM clean_posts)",
                    "'refers to unknown post ' || left(target_id, 60)",
                )
            )
    return checks


def _unknown_account(column: str) -> Check:
    return Check(
        column,
        "dangling_reference",
        f"{quote(column)} IS NOT NULL AND trim(CAST({quote(column)} AS VARCHAR)) <> '' AND "
        f"CAST({quote(column)} AS VARCHAR) NOT IN (SELECT account_id FROM clean_accounts)",
        f"'refers to unknown account ' || left(CAST({quote(column)} AS VARCHAR), 60)",
    )


def _parse_hashtags(
    con: duckdb.DuckDBPyConnection, spec: TableSpec, clean: pa.Table, present: set[str]
) -> pa.Table:
    """Posts without a ``hashtags`` list get the ``#tags`` written in their text."""
    if spec.name != "posts":
        return clean
    con.register("clean_rows", clean)
    parsed = con.sql(
        "SELECT CASE WHEN hashtags IS NULL AND text IS NOT NULL "
        "THEN regexp_extract_all(text, '#([^\\s#.,;:!?()\\[\\]{}\"'']+)', 1) "
        "ELSE hashtags END AS hashtags FROM clean_rows"
    ).to_arrow_table()
    con.unregister("clean_rows")
    idx = clean.column_names.index("hashtags")
    return clean.set_column(idx, "hashtags", parsed.column(0).cast(pa.list_(pa.string())))


def _hash_identifiers(clean: pa.Table, hasher: IdentifierHasher) -> pa.Table:
    kinds = clean.column("kind").to_pylist()
    values = clean.column("value").to_pylist()
    hashed = pa.array(hasher.hash_many(kinds, values), type=pa.string())
    return clean.set_column(clean.column_names.index("value"), "value", hashed)


def _write_quarantine(result: IngestResult) -> None:
    result.quarantine_path.parent.mkdir(parents=True, exist_ok=True)
    with result.quarantine_path.open("w", encoding="utf-8") as fh:
        for problem in result.problems:
            fh.write(json.dumps(problem.to_json(), ensure_ascii=False) + "\n")
