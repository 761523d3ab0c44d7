"""Vectorised construction of Arrow string and timestamp columns from numpy arrays.

Formatting millions of ids or hex hashes with Python f-strings would dominate
the run time at a million accounts; Arrow compute kernels and a byte lookup
table build the same strings in C.
"""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from netbrake.platform import TIMESTAMP

IntArray = npt.NDArray[np.int64]

_HEX = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)
#: Two ASCII hex digits per byte value, high nibble first.
_HEX_PAIRS = np.stack([_HEX[np.arange(256) >> 4], _HEX[np.arange(256) & 15]], axis=1)


def numbered(prefix: str, numbers: npt.ArrayLike, width: int = 0) -> pa.Array:
    """Strings ``prefix`` + the number, left-padded with zeros to ``width`` digits."""
    digits = pc.cast(pa.array(np.asarray(numbers, dtype=np.int64)), pa.string())
    if width:
        digits = pc.utf8_lpad(digits, width=width, padding="0")
    return pc.binary_join_element_wise(prefix, digits, "")


def join(*parts: object, separator: str = "") -> pa.Array:
    """Element-wise concatenation of string arrays and scalars."""
    return pc.binary_join_element_wise(*parts, separator)


def hex_strings(raw: npt.NDArray[np.uint8]) -> pa.Array:
    """One lowercase hex string per row of a (rows, bytes) uint8 matrix."""
    rows, width = raw.shape
    data = _HEX_PAIRS[raw].reshape(rows, width * 2)
    offsets = np.arange(0, rows * width * 2 + 1, width * 2, dtype=np.int32)
    return pa.StringArray.from_buffers(
        rows, pa.py_buffer(offsets.tobytes()), pa.py_buffer(np.ascontiguousarray(data).tobytes())
    )


def micros(year: int, month: int = 1, day: int = 1) -> int:
    """Microseconds since the epoch at midnight UTC of the given date."""
    return int(datetime(year, month, day, tzinfo=UTC).timestamp() * 1_000_000)


def timestamps(us: npt.ArrayLike) -> pa.Array:
    """A UTC microsecond timestamp column."""
    return pa.array(np.asarray(us, dtype=np.int64), type=TIMESTAMP)


def uniform_times(rng: np.random.Generator, n: int, start: int, end: int) -> IntArray:
    """``n`` microsecond instants drawn uniformly from [start, end)."""
    return rng.integers(start, end, size=n, dtype=np.int64)


def take(values: tuple[str, ...] | list[str], index: npt.ArrayLike) -> pa.Array:
    """``values[index[i]]`` for every i, as an Arrow string array."""
    return pc.take(pa.array(list(values), type=pa.string()), pa.array(np.asarray(index)))
