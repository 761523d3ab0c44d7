"""Row checks for one contract table, written as DuckDB SQL over the raw rows.

Each check is a SQL condition that is true for a bad row, the column it
concerns and a SQL expression for the human sentence. Running them all in
one vectorised query keeps ingest fast at tens of millions of rows; the
quarantine keeps every failing (row, column) pair.
"""

from __future__ import annotations

from dataclasses import dataclass

from netbrake.platform.schema import Column, ColumnType


@dataclass(frozen=True)
class Check:
    column: str
    kind: str
    condition: str
    reason: str


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _text(col: str) -> str:
    return f"CAST({quote(col)} AS VARCHAR)"


def _excerpt(col: str) -> str:
    return f"left({_text(col)}, 60)"


def column_checks(column: Column, present: set[str], text: set[str]) -> list[Check]:
    """The checks for one column that the file has (``text``: columns stored as text)."""
    if column.name not in present:
        return []
    name, txt = column.name, _text(column.name)
    checks: list[Check] = []
    is_text = name in text
    if column.required:
        missing = (
            f"({quote(name)} IS NULL OR trim({txt}) = '')"
            if is_text
            else f"({quote(name)} IS NULL)"
        )
        checks.append(Check(name, "missing_value", missing, literal("required value is missing")))
    value_present = (
        f"({quote(name)} IS NOT NULL AND trim({txt}) <> '')"
        if is_text
        else f"({quote(name)} IS NOT NULL)"
    )
    if column.type is ColumnType.STRING_LIST:
        return checks
    if not is_text and column.type in (ColumnType.TIMESTAMP, ColumnType.FLOAT, ColumnType.INT):
        # A typed column (Parquet) was checked by its writer; only ranges remain.
        if column.type is ColumnType.FLOAT:
            cast = f"CAST({quote(name)} AS DOUBLE)"
            checks.append(
                Check(
                    name,
                    "wrong_type",
                    f"{value_present} AND (NOT isfinite({cast}) OR {cast} < 0)",
                    f"'not a finite non-negative number: ' || {_excerpt(name)}",
                )
            )
        if column.type is ColumnType.INT and column.min_value is not None:
            checks.append(_below(name, f"CAST({quote(name)} AS BIGINT)", value_present, column))
        return checks
    if column.max_length is not None:
        checks.append(
            Check(
                name,
                "too_long",
                f"length({txt}) > {column.max_length}",
                f"'value is ' || length({txt}) || ' characters long; the limit is {column.max_length}'",
            )
        )
    if column.type is ColumnType.TIMESTAMP:
        checks.append(
            Check(
                name,
                "wrong_type",
                f"{value_present} AND TRY_CAST({quote(name)} AS TIMESTAMPTZ) IS NULL",
                f"'not a timestamp: ' || {_excerpt(name)}",
            )
        )
    elif column.type is ColumnType.FLOAT:
        cast = f"TRY_CAST({quote(name)} AS DOUBLE)"
        checks.append(
            Check(
                name,
                "wrong_type",
                f"{value_present} AND ({cast} IS NULL OR NOT isfinite({cast}) OR {cast} < 0)",
                f"'not a finite non-negative number: ' || {_excerpt(name)}",
            )
        )
    elif column.type is ColumnType.INT:
        checks.append(
            Check(
                name,
                "wrong_type",
                f"{value_present} AND TRY_CAST({quote(name)} AS BIGINT) IS NULL",
                f"'not a whole number: ' || {_excerpt(name)}",
            )
        )
        if column.min_value is not None:
            checks.append(_below(name, f"TRY_CAST({quote(name)} AS BIGINT)", value_present, column))
    elif column.type is ColumnType.ENUM:
        allowed = ", ".join(literal(c) for c in column.choices)
        checks.append(
            Check(
                name,
                "unknown_value",
                f"{value_present} AND lower(trim({txt})) NOT IN ({allowed})",
                f"'unknown value ' || {_excerpt(name)} || ' (expected one of: {', '.join(column.choices)})'",
            )
        )
    elif column.type is ColumnType.HEX:
        checks.append(
            Check(
                name,
                "bad_hash",
                f"{value_present} AND NOT regexp_full_match(lower(trim({txt})), '[0-9a-f]{{{column.hex_length}}}')",
                f"'not a {column.hex_length}-digit hex hash: ' || {_excerpt(name)}",
            )
        )
    return checks


def _below(name: str, cast: str, value_present: str, column: Column) -> Check:
    """A whole number under the column's least value (an impression's rank of 0)."""
    return Check(
        name,
        "out_of_range",
        f"{value_present} AND {cast} < {column.min_value}",
        f"'must be at least {column.min_value}, got ' || {_excerpt(name)}",
    )


DUCK_TYPES = {
    ColumnType.STRING: "VARCHAR",
    ColumnType.ENUM: "VARCHAR",
    ColumnType.HEX: "VARCHAR",
    ColumnType.TIMESTAMP: "TIMESTAMPTZ",
    ColumnType.FLOAT: "DOUBLE",
    ColumnType.INT: "BIGINT",
    ColumnType.STRING_LIST: "VARCHAR[]",
}


def clean_expression(column: Column, present: set[str], text: set[str] | None = None) -> str:
    """The SQL that turns a valid raw value into its contract type."""
    name = column.name
    if name not in present:
        if column.default is not None:
            return f"CAST({column.default} AS DOUBLE) AS {quote(name)}"
        return f"CAST(NULL AS {DUCK_TYPES[column.type]}) AS {quote(name)}"
    txt = _text(name)
    is_text = text is None or name in text
    blank_to_null = f"NULLIF(trim({txt}), '')" if is_text else quote(name)
    match column.type:
        case ColumnType.TIMESTAMP:
            return f"TRY_CAST({quote(name)} AS TIMESTAMPTZ) AS {quote(name)}"
        case ColumnType.FLOAT:
            default = column.default if column.default is not None else "NULL"
            return f"COALESCE(TRY_CAST({blank_to_null} AS DOUBLE), {default}) AS {quote(name)}"
        case ColumnType.INT:
            return f"TRY_CAST({blank_to_null} AS BIGINT) AS {quote(name)}"
        case ColumnType.ENUM | ColumnType.HEX:
            return f"lower({blank_to_null}) AS {quote(name)}"
        case ColumnType.STRING_LIST:
            return quote(name)
        case _:
            if column.required:
                return f"{txt} AS {quote(name)}"
            return f"NULLIF({txt}, '') AS {quote(name)}"
