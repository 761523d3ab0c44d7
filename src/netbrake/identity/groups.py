"""Vectorised grouping of accounts by a shared key (an identifier value, a stem, a bio).

Everything here works on integer arrays: a key code and an account index per
row. Rows are de-duplicated and sorted by (key, account) once; then a group is
a run of equal keys. Strong groups become star links (every member to the
group's smallest account: ``n - 1`` links instead of ``n (n - 1) / 2``); small
weak groups are expanded to all pairs, which is bounded by the group cap.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


def encode(values: pa.Array | pa.ChunkedArray) -> tuple[IntArray, pa.Array]:
    """Integer codes of ``values`` and the distinct values they index (nulls must be removed)."""
    encoded = pc.dictionary_encode(values)
    if isinstance(encoded, pa.ChunkedArray):
        encoded = encoded.combine_chunks()
    codes = np.asarray(encoded.indices.to_numpy(zero_copy_only=False), dtype=np.int64)
    return codes, encoded.dictionary


#: Row count from which hashing in DuckDB beats Arrow's dictionary encoding.
HASH_FROM_ROWS = 50_000


def hash_codes(*columns: pa.Array) -> IntArray:
    """Equal value tuples -> equal int64 codes, exactly (no nulls allowed).

    DuckDB's 64-bit hash is several times faster than Arrow's dictionary
    encoding on millions of distinct identifier values. Codes are verified:
    if two different tuples ever share a hash, dense dictionary codes are
    used instead, so a collision can never link two strangers.
    """
    n = len(columns[0])
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    if n < HASH_FROM_ROWS:
        # Small inputs: dictionary codes are exact and cheaper than a DuckDB round trip.
        return _dense(list(columns))
    table = pa.table({f"c{i}": c for i, c in enumerate(columns)})
    con = duckdb.connect()
    con.register("t", table)
    names = ", ".join(table.column_names)
    # Insertion order is preserved for a plain projection (DuckDB's default).
    hashed = con.sql(f"SELECT hash({names}) AS h FROM t").to_arrow_table().column(0)
    con.close()
    codes = np.asarray(hashed.combine_chunks().to_numpy(), dtype=np.uint64).view(np.int64)
    return verified(codes, table.columns)


def verified(codes: IntArray, columns: list[pa.Array] | list[pa.ChunkedArray]) -> IntArray:
    """``codes`` if equal codes always mean equal values, else exact dense codes."""
    order = np.argsort(codes)
    ordered = codes[order]
    is_start = np.r_[True, ordered[1:] != ordered[:-1]]
    starts = np.flatnonzero(is_start)
    first = order[starts[np.cumsum(is_start) - 1]]
    # Only rows that share a code can be mislabelled; most identifier values are unique.
    shared = np.repeat(np.diff(np.r_[starts, codes.size]) > 1, np.diff(np.r_[starts, codes.size]))
    rows, firsts = pa.array(order[shared]), pa.array(first[shared])
    same = all(
        pc.all(pc.equal(col.take(rows), col.take(firsts))).as_py() is not False for col in columns
    )
    return codes if same else _dense(columns)


def _dense(columns: list[pa.Array] | list[pa.ChunkedArray]) -> IntArray:
    dense = [encode(col)[0] for col in columns]
    out = dense[0]
    for more in dense[1:]:
        out = out * (int(more.max()) + 1) + more
    return out


@dataclass(frozen=True)
class Groups:
    """Rows sorted by (key, account) without duplicates, with each row's group facts."""

    keys: IntArray
    accounts: IntArray
    #: Number of distinct accounts in the row's group.
    size: IntArray
    #: Position of the row inside its group (0 = the group's smallest account).
    position: IntArray
    #: Index of the group's first row.
    start: IntArray
    #: Position of each row in the input arrays.
    rows: IntArray

    @classmethod
    def of(cls, keys: IntArray, accounts: IntArray) -> Groups:
        keys = np.asarray(keys, dtype=np.int64)
        accounts = np.asarray(accounts, dtype=np.int64)
        rows = np.arange(keys.size, dtype=np.int64)
        if keys.size:
            order = np.lexsort((accounts, keys))
            keys, accounts = keys[order], accounts[order]
            keep = np.ones(keys.size, dtype=bool)
            keep[1:] = (keys[1:] != keys[:-1]) | (accounts[1:] != accounts[:-1])
            keys, accounts, rows = keys[keep], accounts[keep], order[keep]
        n = keys.size
        is_start = np.ones(n, dtype=bool)
        if n:
            is_start[1:] = keys[1:] != keys[:-1]
        starts = np.flatnonzero(is_start)
        sizes = np.diff(np.append(starts, n))
        group_of_row = np.cumsum(is_start) - 1
        start = starts[group_of_row]
        return cls(
            keys=keys,
            accounts=accounts,
            size=sizes[group_of_row].astype(np.int64),
            position=(np.arange(n) - start).astype(np.int64),
            start=start.astype(np.int64),
            rows=rows.astype(np.int64),
        )

    def first_rows(self) -> IntArray:
        """Index of the first row of every group."""
        return np.flatnonzero(self.position == 0)

    def star(self, usable: BoolArray) -> tuple[IntArray, IntArray, IntArray]:
        """Links (group minimum, member, row) for every non-first row of a usable group."""
        rows = np.flatnonzero(usable & (self.position > 0))
        return self.accounts[self.start[rows]], self.accounts[rows], rows

    def pairs(self, usable: BoolArray) -> tuple[IntArray, IntArray, IntArray]:
        """All pairs (a < b, row of a) inside usable groups; callers cap the group size."""
        max_size = int(self.size[usable].max()) if usable.any() else 0
        if max_size < 2:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, empty
        a_parts, b_parts, r_parts = [], [], []
        for offset in range(1, max_size):
            rows = np.flatnonzero(usable & (self.position + offset < self.size))
            a_parts.append(self.accounts[rows])
            b_parts.append(self.accounts[rows + offset])
            r_parts.append(rows)
        return np.concatenate(a_parts), np.concatenate(b_parts), np.concatenate(r_parts)
