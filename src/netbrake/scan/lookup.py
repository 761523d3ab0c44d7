"""Left joins by key without Arrow's join (which refuses list columns): index_in + take."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc


def attach(left: pa.Table, right: pa.Table, key: str, columns: list[str]) -> pa.Table:
    """``left`` with ``columns`` of ``right`` appended, matched on ``key`` (null when absent).

    ``right`` must have unique keys; ``left`` keeps its row order.
    """
    index = pc.index_in(left.column(key), value_set=right.column(key).combine_chunks())
    for name in columns:
        values = right.column(name).combine_chunks().take(index)
        if name in left.column_names:
            left = left.set_column(left.column_names.index(name), name, values)
        else:
            left = left.append_column(name, values)
    return left
