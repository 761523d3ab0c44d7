"""Validating ingest: a platform export in, a clean Parquet dataset and a quarantine out.

Nothing is dropped silently (docs/architecture.md): each row that fails a check
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
from netbrake.platform.schema import TABLES, Column, TableSpec

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
    con = _connect(IdentifierHasher(secret))
    try:
        for name, path in files.items():
            if on_table is not None:
                on_table(name)
            target = out / f"{name}.parquet"
            result.tables[name] = _validate(
                con, read_table(TABLES[name], path), target, result.problems, set(files)
            )
            _conform(TABLES[name], target)
            file = str(target).replace("'", "''")
            con.execute(
                f"CREATE OR REPLACE TEMP VIEW clean_{name} AS SELECT * FROM read_parquet('{file}')"
            )
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


def ingest_table(
    name: str,
    path: Path,
    dataset: Path,
    out: Path,
    *,
    quarantine_path: Path,
) -> tuple[TableReport, list[Problem]]:
    """Validate one table file given apart from its export against an ingested ``dataset``.

    The references are checked against the dataset's clean accounts and posts;
    the clean rows go to ``out`` and the bad ones to ``quarantine_path``, as
    :func:`ingest` does for a whole export. The caller applies its threshold.
    """
    if name == "identifiers":
        raise ValueError("identifiers are hashed with the deployment's key: ingest the export")
    path, dataset = Path(path), Path(dataset)
    if not path.is_file():
        raise InputError(f"{name} file not found", Location(path))
    spec = TABLES[name]
    con = _connect(None)
    problems: list[Problem] = []
    try:
        present = set()
        for table in ("accounts", "posts"):
            file = dataset / f"{table}.parquet"
            if file.is_file():
                present.add(table)
                quoted = str(file).replace("'", "''")
                con.execute(
                    f"CREATE OR REPLACE TEMP VIEW clean_{table} AS "
                    f"SELECT * FROM read_parquet('{quoted}')"
                )
        out.parent.mkdir(parents=True, exist_ok=True)
        report = _validate(con, read_table(spec, path), out, problems, present)
        _conform(spec, out)
    finally:
        con.close()
    quarantine_path.parent.mkdir(parents=True, exist_ok=True)
    with quarantine_path.open("w", encoding="utf-8") as fh:
        for problem in problems:
            fh.write(json.dumps(problem.to_json(), ensure_ascii=False) + "\n")
    return report, problems


def _connect(hasher: IdentifierHasher | None) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    if hasher is None:
        return con

    def hmac_column(kinds: pa.Array, values: pa.Array) -> pa.Array:
        return pa.array(hasher.hash_many(kinds.to_pylist(), values.to_pylist()), type=pa.string())

    con.create_function(  # type: ignore[call-overload]
        "nb_identifier_hmac", hmac_column, ["VARCHAR", "VARCHAR"], "VARCHAR", type="arrow"
    )
    return con


def _conform(spec: TableSpec, target: Path) -> None:
    """Rewrite ``target`` with the contract schema when DuckDB chose another physical type."""
    schema = pq.read_schema(target)
    wanted = spec.arrow_schema()
    if schema.remove_metadata().equals(wanted, check_metadata=False):
        return
    table = pq.read_table(target).cast(wanted)
    pq.write_table(table, target, compression="zstd")


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
    con: duckdb.DuckDBPyConnection,
    raw: RawTable,
    target: Path,
    problems: list[Problem],
    tables: set[str],
) -> TableReport:
    """Check every row in one pass, quarantine the bad ones, stream the rest to ``target``."""
    spec = raw.spec
    present = raw.columns
    for col in spec.columns:
        if col.present and col.name not in present:
            raise InputError(
                f"required column '{col.name}' is missing", Location(raw.path, field=col.name)
            )
    raw.register(con, "raw_rows")
    text = raw.text_columns
    checks = [c for col in spec.columns for c in column_checks(col, present, text)]
    joins, ref_checks = _reference_checks(spec, tables)
    checks += ref_checks
    con.execute(f"CREATE OR REPLACE TEMP TABLE bad AS {_bad_rows_query(spec, checks, joins)}")
    rows = con.execute("SELECT row, col, kind, reason, value FROM bad ORDER BY row, col").fetchall()
    file = str(raw.path)
    found = [Problem(spec.name, file, int(r), c, str(why), k, v) for r, c, k, why, v in rows]
    all_problems = raw.problems + found
    problems.extend(sorted(all_problems, key=lambda p: (p.row or 0, p.column or "")))
    # Rows whose parse failed on one field (invalid UTF-8) are in the table but bad too.
    parse_bad = sorted({p.row for p in raw.problems if p.row is not None})
    con.register("parse_bad", pa.table({"row": pa.array(parse_bad, type=pa.int64())}))
    select = ", ".join(_clean_column(spec, col, present, text) for col in spec.columns)
    out = str(target).replace("'", "''")
    if rows or parse_bad:
        query = (
            f"SELECT {select} FROM raw_rows WHERE {ROW} NOT IN (SELECT row FROM bad) "
            f"AND {ROW} NOT IN (SELECT row FROM parse_bad) ORDER BY {ROW}"
        )
    else:
        # A clean table (the common case) is a plain projection: DuckDB keeps the
        # file's row order without a sort, which at 20M edges is most of the cost.
        query = f"SELECT {select} FROM raw_rows"
    written = con.execute(
        f"COPY ({query}) TO '{out}' (FORMAT parquet, COMPRESSION zstd)"
    ).fetchone()
    report = TableReport(spec.name, file)
    report.problems = dict(Counter(p.kind for p in all_problems))
    report.rows_read = raw.rows_read
    report.rows_quarantined = len({p.row for p in all_problems})
    report.rows_ok = int(written[0]) if written else 0
    return report


def _bad_rows_query(spec: TableSpec, checks: list[Check], joins: str) -> str:
    """One scan of the rows: every failing (row, column) with its reason."""
    if not checks:
        return "SELECT NULL::BIGINT AS row, NULL AS col, NULL AS kind, NULL AS reason, NULL AS value WHERE false"
    structs = []
    for check in checks:
        hidden = (spec.name, check.column) == ("identifiers", "value")
        value = "NULL::VARCHAR" if hidden else f"left(CAST(b.{quote(check.column)} AS VARCHAR), 60)"
        structs.append(
            f"CASE WHEN {check.condition} THEN struct_pack(col := {literal(check.column)}, "
            f"kind := {literal(check.kind)}, reason := CAST({check.reason} AS VARCHAR), "
            f"value := {value}) END"
        )
    any_bad = " OR ".join(f"({c.condition})" for c in checks)
    listed = f"list_filter([{', '.join(structs)}], lambda x: x IS NOT NULL)"
    return (
        f"SELECT row, p.col AS col, p.kind AS kind, p.reason AS reason, p.value AS value FROM ("
        f"SELECT b.{ROW} AS row, unnest({listed}) AS p FROM ({_base_query(spec)}) b {joins} "
        f"WHERE {any_bad})"
    )


def _base_query(spec: TableSpec) -> str:
    if spec.primary_key is None:
        return "SELECT * FROM raw_rows"
    pk = quote(spec.primary_key)
    return (
        f"SELECT *, row_number() OVER (PARTITION BY {pk} ORDER BY {ROW}) AS _dup_rank, "
        f"min({ROW}) OVER (PARTITION BY {pk}) AS _first_row FROM raw_rows"
    )


def _reference_checks(spec: TableSpec, tables: set[str]) -> tuple[str, list[Check]]:
    """Joins to the clean referenced tables and the checks that read them."""
    joins: list[str] = []
    checks: list[Check] = []
    if spec.primary_key is not None:
        pk = spec.primary_key
        checks.append(
            Check(
                pk,
                "duplicate_key",
                f"b.{quote(pk)} IS NOT NULL AND b._dup_rank > 1",
                f"'duplicate {pk} ' || left(CAST(b.{quote(pk)} AS VARCHAR), 60) || "
                "' (first at row ' || b._first_row || ')'",
            )
        )
    refs = [c.name for c in spec.columns if c.references and spec.name != "accounts"]
    for n, column in enumerate(refs):
        alias = f"r{n}"
        joins.append(
            f"LEFT JOIN (SELECT account_id AS k FROM clean_accounts) {alias} "
            f"ON CAST(b.{quote(column)} AS VARCHAR) = {alias}.k"
        )
        checks.append(_unknown("account", column, alias))
    # A target or item is an account or a post according to its kind column.
    kinded = {"reports": ("target_kind", "target_id"), "impressions": ("item_kind", "item_id")}
    if spec.name in kinded:
        kind, key = kinded[spec.name]
        targets = [("account", "clean_accounts", "account_id", "ta")]
        if "posts" in tables:
            targets.append(("post", "clean_posts", "post_id", "tp"))
        for what, table, column, alias in targets:
            joins.append(
                f"LEFT JOIN (SELECT {column} AS k FROM {table}) {alias} "
                f"ON lower(trim(CAST(b.{kind} AS VARCHAR))) = '{what}' AND b.{key} = {alias}.k"
            )
            unknown = _unknown(what, key, alias)
            checks.append(
                Check(
                    key,
                    unknown.kind,
                    f"lower(trim(CAST(b.{kind} AS VARCHAR))) = '{what}' AND {unknown.condition}",
                    unknown.reason,
                )
            )
    return " ".join(joins), checks


def _unknown(what: str, column: str, alias: str) -> Check:
    value = f"CAST(b.{quote(column)} AS VARCHAR)"
    return Check(
        column,
        "dangling_reference",
        f"b.{quote(column)} IS NOT NULL AND trim({value}) <> '' AND {alias}.k IS NULL",
        f"'refers to unknown {what} ' || left({value}, 60)",
    )


HASHTAG_PATTERN = r"""#([^\s#.,;:!?()\[\]{}"']+)"""


def _clean_column(spec: TableSpec, column: Column, present: set[str], text: set[str]) -> str:
    """The clean value of one column; two columns are derived here rather than copied."""
    if (spec.name, column.name) == ("posts", "hashtags") and "text" in present:
        # Posts without a hashtags list get the #tags written in their text.
        parsed = f"regexp_extract_all(text, {literal(HASHTAG_PATTERN)}, 1)"
        if "hashtags" in present:
            return f"CASE WHEN hashtags IS NULL THEN {parsed} ELSE hashtags END AS hashtags"
        return f"{parsed} AS hashtags"
    if (spec.name, column.name) == ("identifiers", "value"):
        # Raw identifiers are replaced by their keyed hash before anything is written.
        return "nb_identifier_hmac(lower(trim(CAST(kind AS VARCHAR))), CAST(value AS VARCHAR)) AS value"
    return clean_expression(column, present, text)


def _write_quarantine(result: IngestResult) -> None:
    result.quarantine_path.parent.mkdir(parents=True, exist_ok=True)
    with result.quarantine_path.open("w", encoding="utf-8") as fh:
        for problem in result.problems:
            fh.write(json.dumps(problem.to_json(), ensure_ascii=False) + "\n")
