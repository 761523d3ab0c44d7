"""Readers for a platform export: one file per table, Parquet, CSV or JSONL (optionally .gz).

Every reader returns the file's rows as an Arrow table plus a ``_row``
column (the 1-based data record number), together with the rows it could
not parse at all. Parse-level problems (a malformed CSV line, a JSONL line
that is not an object, invalid UTF-8) become :class:`Problem` records; the
rest of the file is still read. Type and reference checks happen later,
vectorised, in :mod:`netbrake.platform.ingest`.
"""

from __future__ import annotations

import csv
import gzip
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from netbrake.errors import InputError, Location
from netbrake.platform.problem import Problem
from netbrake.platform.schema import ColumnType, TableSpec

ROW = "_row"
SUFFIXES = (".parquet", ".csv", ".csv.gz", ".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")


@dataclass
class RawTable:
    """A table as read from its file, before validation.

    Parquet files are not loaded: DuckDB scans them in place (``table`` is
    None), which keeps ingest streaming at tens of millions of rows. Text
    formats are parsed into ``table`` with a ``_row`` column.
    """

    spec: TableSpec
    path: Path
    table: pa.Table | None
    problems: list[Problem] = field(default_factory=list)
    #: Records seen in the file but absent from ``table`` (they could not be parsed).
    unparsed: int = 0
    #: Column name -> Arrow type as found in the file (contract columns only).
    types: dict[str, pa.DataType] = field(default_factory=dict)
    parquet_rows: int = 0

    @property
    def rows_read(self) -> int:
        """Records seen in the file, including those that could not be parsed."""
        if self.table is None:
            return self.parquet_rows
        return int(self.table.num_rows) + self.unparsed

    @property
    def columns(self) -> set[str]:
        return set(self.types)

    @property
    def text_columns(self) -> set[str]:
        """Columns stored as text in the file (checked with trim/length; others are typed)."""
        return {
            name
            for name, typ in self.types.items()
            if pa.types.is_string(typ) or pa.types.is_large_string(typ)
        }

    def register(self, con: duckdb.DuckDBPyConnection, view: str) -> None:
        """Make the rows available to ``con`` as ``view`` with a 1-based ``_row`` column."""
        if self.table is None:
            file = str(self.path).replace("'", "''")
            cols = ", ".join(f'"{c}"' for c in self.types)
            con.execute(
                f"CREATE OR REPLACE TEMP VIEW {view} AS SELECT {cols}, file_row_number + 1 AS {ROW} "
                f"FROM read_parquet('{file}', file_row_number = true)"
            )
        else:
            con.register(f"{view}_arrow", self.table)
            con.execute(f"CREATE OR REPLACE TEMP VIEW {view} AS SELECT * FROM {view}_arrow")


def find_table_file(folder: Path, name: str) -> Path | None:
    """The file holding table ``name`` in ``folder``; an error if there are several."""
    found = [
        folder / f"{name}{suffix}" for suffix in SUFFIXES if (folder / f"{name}{suffix}").is_file()
    ]
    if len(found) > 1:
        names = ", ".join(p.name for p in found)
        raise InputError(
            f"table '{name}' is given by several files ({names}); keep one", Location(folder)
        )
    return found[0] if found else None


def read_table(spec: TableSpec, path: Path) -> RawTable:
    """Read one table file in whatever supported format its name says."""
    name = path.name
    try:
        if name.endswith(".parquet"):
            return _read_parquet(spec, path)
        if name.endswith((".csv", ".csv.gz")):
            return _read_csv(spec, path)
        return _read_jsonl(spec, path)
    except InputError:
        raise
    except (OSError, pa.ArrowException, EOFError, gzip.BadGzipFile) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InputError(f"cannot read file: {first}", Location(path)) from exc


def _with_rows(table: pa.Table, rows: np.ndarray) -> pa.Table:
    return table.append_column(ROW, pa.array(rows, type=pa.int64()))


def _read_parquet(spec: TableSpec, path: Path) -> RawTable:
    meta = pq.read_metadata(path)
    schema = meta.schema.to_arrow_schema()
    types = {f.name: f.type for f in schema if f.name in spec.column_names}
    return RawTable(spec, path, None, types=types, parquet_rows=meta.num_rows)


def _types(table: pa.Table) -> dict[str, pa.DataType]:
    return {f.name: f.type for f in table.schema if f.name != ROW}


def _csv_header(path: Path) -> list[str]:
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8", errors="replace", newline="") as fh:
        try:
            return next(csv.reader(fh))
        except StopIteration:
            raise InputError("file is empty: expected a header row", Location(path)) from None


def _read_csv(spec: TableSpec, path: Path) -> RawTable:
    header = _csv_header(path)
    skipped: list[int] = []
    problems: list[Problem] = []

    def on_invalid(row: Any) -> str:
        number = int(row.number) - 1 if row.number is not None else None
        if number is not None:
            skipped.append(number)
        reason = f"expected {row.expected_columns} fields, found {row.actual_columns}"
        problems.append(Problem(spec.name, str(path), number, None, reason, "malformed_row"))
        return "skip"

    # Read every column as bytes so that one row of invalid UTF-8 costs that
    # row only; decoding is checked per column below.
    types = {name: pa.binary() for name in header}
    table = pacsv.read_csv(
        path,
        read_options=pacsv.ReadOptions(use_threads=False),
        parse_options=pacsv.ParseOptions(invalid_row_handler=on_invalid),
        convert_options=pacsv.ConvertOptions(column_types=types, strings_can_be_null=False),
    )
    total = table.num_rows + len(skipped)
    mask = np.ones(total, dtype=bool)
    for number in skipped:
        if number is not None and 0 < number <= total:
            mask[number - 1] = False
    rows = np.arange(1, total + 1)[mask]
    table = table.select([c for c in table.column_names if c in spec.column_names])
    table, bad_utf8 = _decode_columns(spec, path, table, rows)
    problems.extend(bad_utf8)
    table = _parse_list_columns(spec, table)
    table = _with_rows(table, rows)
    return RawTable(spec, path, table, problems, unparsed=len(skipped), types=_types(table))


def _decode_columns(
    spec: TableSpec, path: Path, table: pa.Table, rows: np.ndarray
) -> tuple[pa.Table, list[Problem]]:
    """Cast byte columns to text; rows with invalid UTF-8 get null and a problem."""
    problems: list[Problem] = []
    columns = []
    for name in table.column_names:
        col = table.column(name)
        try:
            columns.append(col.cast(pa.string()))
            continue
        except pa.ArrowInvalid:
            pass
        values: list[str | None] = []
        for i, raw in enumerate(col.to_pylist()):
            try:
                values.append(raw.decode("utf-8"))
            except UnicodeDecodeError:
                values.append(None)
                problems.append(
                    Problem(
                        spec.name, str(path), int(rows[i]), name, "invalid UTF-8", "invalid_utf8"
                    )
                )
        columns.append(pa.chunked_array([pa.array(values, type=pa.string())]))
    return pa.table(dict(zip(table.column_names, columns, strict=True))), problems


def _parse_list_columns(spec: TableSpec, table: pa.Table) -> pa.Table:
    """A list column in CSV is written as a JSON array or space-separated tokens."""
    for col in spec.columns:
        if col.type is not ColumnType.STRING_LIST or col.name not in table.column_names:
            continue
        parsed: list[list[str] | None] = []
        for text in table.column(col.name).to_pylist():
            parsed.append(_parse_list_text(text))
        idx = table.column_names.index(col.name)
        table = table.set_column(idx, col.name, pa.array(parsed, type=pa.list_(pa.string())))
    return table


def _parse_list_text(text: str | None) -> list[str] | None:
    if text is None or not text.strip():
        return None
    stripped = text.strip()
    if stripped.startswith("["):
        try:
            value = json.loads(stripped)
        except json.JSONDecodeError:
            return None
        return [str(v) for v in value] if isinstance(value, list) else None
    return stripped.replace(",", " ").split()


def _read_jsonl(spec: TableSpec, path: Path) -> RawTable:
    opener = gzip.open if path.name.endswith(".gz") else open
    names = spec.column_names
    values: dict[str, list[Any]] = {n: [] for n in names}
    seen: set[str] = set()
    rows: list[int] = []
    problems: list[Problem] = []
    with opener(path, "rb") as fh:
        for number, raw in enumerate(fh, start=1):
            line = raw.strip()
            if not line:
                continue
            record = _parse_json_line(spec, path, number, line, problems)
            if record is None:
                continue
            rows.append(number)
            for n in names:
                value = record.get(n)
                if n in record:
                    seen.add(n)
                values[n].append(_jsonl_value(spec, n, value))
    arrays = {}
    for n in names:
        if n not in seen:
            continue
        col = spec.column(n)
        typ = pa.list_(pa.string()) if col.type is ColumnType.STRING_LIST else pa.string()
        arrays[n] = pa.array(values[n], type=typ)
    table = pa.table(arrays) if arrays else pa.table({})
    table = _with_rows(table, np.asarray(rows, dtype=np.int64))
    return RawTable(spec, path, table, problems, unparsed=len(problems), types=_types(table))


def _parse_json_line(
    spec: TableSpec, path: Path, number: int, line: bytes, problems: list[Problem]
) -> dict[str, Any] | None:
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        problems.append(
            Problem(spec.name, str(path), number, None, "invalid UTF-8", "invalid_utf8")
        )
        return None
    try:
        record = json.loads(text)
    except json.JSONDecodeError as exc:
        problems.append(
            Problem(
                spec.name, str(path), number, None, f"not valid JSON ({exc.msg})", "malformed_row"
            )
        )
        return None
    if not isinstance(record, dict):
        problems.append(
            Problem(
                spec.name, str(path), number, None, "line is not a JSON object", "malformed_row"
            )
        )
        return None
    try:
        json.dumps(record, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        reason = "invalid Unicode (a lone surrogate escape)"
        problems.append(Problem(spec.name, str(path), number, None, reason, "invalid_utf8"))
        return None
    return record


def _jsonl_value(spec: TableSpec, name: str, value: Any) -> Any:
    if value is None:
        return None
    if spec.column(name).type is ColumnType.STRING_LIST:
        if isinstance(value, list):
            return [str(v) for v in value]
        return _parse_list_text(str(value))
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value)
    return str(value)
