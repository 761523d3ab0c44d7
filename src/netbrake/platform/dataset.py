"""A clean, validated platform dataset: the Parquet folder ingest writes.

Later stages read tables through :class:`Dataset`, never the raw export. The
synthetic-only ``labels`` table is reachable only through :meth:`Dataset.labels`
so that detection code cannot read ground truth by accident.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from netbrake.errors import InputError, Location
from netbrake.platform.schema import TABLES

#: Tables detection code may read; ``labels`` is deliberately absent.
DETECTION_TABLES = (
    "accounts",
    "edges",
    "posts",
    "identifiers",
    "reports",
    "searches",
    "impressions",
)


@dataclass(frozen=True)
class Dataset:
    """A folder of clean contract tables (``accounts.parquet``, ``edges.parquet``, ...)."""

    path: Path

    @classmethod
    def open(cls, path: Path | str) -> Dataset:
        path = Path(path)
        for name in ("accounts", "edges"):
            if not (path / f"{name}.parquet").is_file():
                raise InputError(
                    f"not an ingested dataset: {name}.parquet is missing (run 'netbrake ingest' first)",
                    Location(path),
                )
        return cls(path)

    def has(self, name: str) -> bool:
        return (self.path / f"{name}.parquet").is_file()

    def file(self, name: str) -> Path:
        return self.path / f"{name}.parquet"

    def table(self, name: str, columns: list[str] | None = None) -> pa.Table:
        """A detection table; an empty table of the contract schema when absent."""
        if name not in DETECTION_TABLES:
            raise KeyError(f"{name} is not a detection table")
        return self._read(name, columns)

    def labels(self) -> pa.Table | None:
        """Ground truth of a synthetic platform, for evaluation only."""
        return self._read("labels", None) if self.has("labels") else None

    def _read(self, name: str, columns: list[str] | None) -> pa.Table:
        if self.has(name):
            return pq.read_table(self.file(name), columns=columns)
        schema = TABLES[name].arrow_schema()
        if columns is not None:
            schema = pa.schema([schema.field(c) for c in columns])
        return schema.empty_table()

    def connect(self, con: duckdb.DuckDBPyConnection | None = None) -> duckdb.DuckDBPyConnection:
        """A DuckDB connection with one view per detection table (absent ones empty)."""
        con = con or duckdb.connect()
        con.execute("SET TimeZone = 'UTC'")
        for name in DETECTION_TABLES:
            if self.has(name):
                file = str(self.file(name)).replace("'", "''")
                con.execute(
                    f"CREATE OR REPLACE VIEW {name} AS SELECT * FROM read_parquet('{file}')"
                )
            else:
                con.register(f"_{name}_empty", TABLES[name].arrow_schema().empty_table())
                con.execute(f"CREATE OR REPLACE VIEW {name} AS SELECT * FROM _{name}_empty")
        return con
