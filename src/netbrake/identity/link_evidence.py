"""Evidence that two accounts belong to one person, as column batches.

A batch holds many links of one evidence kind as parallel arrays (account
indices, a detail sentence and a confidence per link). Strong batches link on
their own; weak ones link a pair only when a different weak kind supports the
same pair (handle similarity and near-identical bios never link alone).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pyarrow as pa

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]

#: Columns of the suspicious-cluster table.
SUSPICIOUS_SCHEMA = pa.schema(
    [
        pa.field("kind", pa.string(), nullable=False),
        pa.field("value", pa.string(), nullable=False),
        pa.field("account_count", pa.int64(), nullable=False),
        pa.field("reason", pa.string(), nullable=False),
    ]
)

#: Columns of the links table.
LINKS_SCHEMA = pa.schema(
    [
        pa.field("a", pa.string(), nullable=False),
        pa.field("b", pa.string(), nullable=False),
        pa.field("kind", pa.string(), nullable=False),
        pa.field("detail", pa.string(), nullable=False),
        pa.field("confidence", pa.float64(), nullable=False),
    ]
)


@dataclass(frozen=True)
class EvidenceBatch:
    """Links of one kind: ``a[i]`` and ``b[i]`` (account indices) share ``detail[i]``."""

    kind: str
    a: IntArray
    b: IntArray
    detail: pa.Array
    confidence: FloatArray
    strong: bool

    def __len__(self) -> int:
        return int(self.a.size)

    def take(self, rows: IntArray) -> EvidenceBatch:
        return EvidenceBatch(
            self.kind,
            self.a[rows],
            self.b[rows],
            self.detail.take(pa.array(rows, type=pa.int64())),
            self.confidence[rows],
            self.strong,
        )


def batch(
    kind: str, a: IntArray, b: IntArray, detail: pa.Array, confidence: float, *, strong: bool
) -> EvidenceBatch:
    """A batch with one confidence for every link, pairs ordered ``a < b``."""
    lo, hi = np.minimum(a, b).astype(np.int64), np.maximum(a, b).astype(np.int64)
    if isinstance(detail, pa.ChunkedArray):
        detail = detail.combine_chunks()
    detail = detail.cast(pa.string())
    return EvidenceBatch(kind, lo, hi, detail, np.full(lo.size, confidence), strong)


def suspicious(
    kind: str | pa.Array, value: pa.Array, count: IntArray, reason: pa.Array
) -> pa.Table:
    """Rows of the suspicious-cluster table."""
    kinds = pa.array([kind] * len(value), pa.string()) if isinstance(kind, str) else kind
    return pa.table(
        [kinds, value.cast(pa.string()), pa.array(count, pa.int64()), reason.cast(pa.string())],
        schema=SUSPICIOUS_SCHEMA,
    )


def supported_weak(batches: list[EvidenceBatch], n: int) -> list[EvidenceBatch]:
    """Keep weak links only for pairs that at least two different weak kinds support."""
    if not batches:
        return []
    pair_parts = [bt.a * n + bt.b for bt in batches]
    kind_parts = [np.full(len(bt), i, dtype=np.int64) for i, bt in enumerate(batches)]
    pairs = np.concatenate(pair_parts)
    kinds = np.concatenate(kind_parts)
    # Distinct (pair, kind) first, so one kind seen twice still counts once.
    distinct = np.unique(pairs * len(batches) + kinds) // len(batches)
    uniq, counts = np.unique(distinct, return_counts=True)
    supported = uniq[counts >= 2]
    return [
        bt.take(np.flatnonzero(np.isin(p, supported)))
        for bt, p in zip(batches, pair_parts, strict=True)
    ]
