"""Dataset tables as Spark DataFrames, with each row's position in its file.

The in-process types (`AccountSignals`, `Graph`) are aligned with the accounts
table order, and the embedded engine reads each table in file order. A clean
dataset holds one Parquet file per table, so Parquet's hidden
``_metadata.row_index`` column gives every row the position the embedded
engine sees: results keep the same order without a global sort.
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from netbrake.platform import TABLES, Dataset

#: Column with the row's position in its table's file.
ROW = "_row"


def read(spark: Any, dataset: Dataset, name: str, columns: list[str]) -> Any:
    """``columns`` of table ``name`` plus ``_row``; an empty frame when the table is absent."""
    if not dataset.has(name):
        schema = TABLES[name].arrow_schema()
        fields = [schema.field(c) for c in columns] + [pa.field(ROW, pa.int64())]
        return spark.createDataFrame(pa.schema(fields).empty_table())
    frame = spark.read.parquet(str(dataset.file(name)))
    return frame.select(*columns, frame["_metadata.row_index"].alias(ROW))


def to_arrow(frame: Any) -> pa.Table:
    """Collect a (small) frame to the driver as Arrow."""
    table: pa.Table = frame.toArrow()
    return table
