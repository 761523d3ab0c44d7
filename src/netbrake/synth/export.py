"""Write a synthetic platform as an export folder in the data contract.

Parquet (the default) is written with the contract's exact Arrow schemas;
CSV and JSONL go through DuckDB (lists become JSON arrays in CSV, which the
readers accept). Beside the tables: ``known_hashes.csv`` (the clearinghouse
list) and ``planted_indicators.csv`` (every planted indicator, by kind).
Neither is a contract table, so ingest ignores them.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from netbrake.errors import InputError, Location
from netbrake.synth.config import FORMATS, SynthConfig, SynthSummary
from netbrake.synth.platform import SynthPlatform, build

KNOWN_HASHES_FILE = "known_hashes.csv"
PLANTED_FILE = "planted_indicators.csv"


def write_table(table: pa.Table, path: Path, fmt: str) -> None:
    """One table in one format; Parquet keeps the schema exactly."""
    if fmt == "parquet":
        pq.write_table(table, path, compression="zstd")
        return
    con = duckdb.connect()
    try:
        con.execute("SET TimeZone = 'UTC'; SET threads = 1")
        con.register("t", table)
        if fmt == "csv":
            select = ", ".join(
                f'to_json("{f.name}") AS "{f.name}"' if pa.types.is_list(f.type) else f'"{f.name}"'
                for f in table.schema
            )
            con.execute(f"COPY (SELECT {select} FROM t) TO '{path}' (HEADER, DELIMITER ',')")
        else:
            con.execute(f"COPY t TO '{path}' (FORMAT JSON)")
    finally:
        con.close()


def write(platform: SynthPlatform, out_dir: Path, fmt: str = "parquet") -> dict[str, int]:
    """Write every table of ``platform`` into ``out_dir``; returns rows per file."""
    if fmt not in FORMATS:
        raise InputError(f"--format must be one of {', '.join(FORMATS)}, got '{fmt}'")
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError("exists and is not a folder", Location(out_dir))
    out_dir.mkdir(parents=True, exist_ok=True)
    for name in platform.tables:
        for stale in out_dir.glob(f"{name}.*"):
            stale.unlink()  # one file per table, or ingest refuses the folder
    rows: dict[str, int] = {}
    for name, table in platform.tables.items():
        write_table(table, out_dir / f"{name}.{fmt}", fmt)
        rows[name] = table.num_rows
    options = pacsv.WriteOptions(quoting_style="needed")
    pacsv.write_csv(platform.known_hashes, out_dir / KNOWN_HASHES_FILE, options)
    pacsv.write_csv(platform.planted, out_dir / PLANTED_FILE, options)
    return rows


def generate(config: SynthConfig, out_dir: Path, fmt: str = "parquet") -> SynthSummary:
    """Generate the platform for ``config`` and write it to ``out_dir``."""
    if fmt not in FORMATS:
        raise InputError(f"--format must be one of {', '.join(FORMATS)}, got '{fmt}'")
    platform = build(config)
    rows = write(platform, out_dir, fmt)
    labels = platform.tables["labels"]
    roles = Counter(labels.column("role").to_pylist())
    networks = Counter(v for v in labels.column("network_id").to_pylist() if v is not None)
    return SynthSummary(
        out=str(out_dir),
        format=fmt,
        seed=config.seed,
        accounts=config.accounts,
        rows=rows,
        roles=dict(sorted(roles.items())),
        networks=dict(sorted(networks.items())),
        planted_indicators=platform.planted.num_rows,
        known_hashes=platform.known_hashes.num_rows,
    )
