"""One immutable block of a multi-index hash index: hashes, ids and per-chunk lookup tables.

For each chunk the segment keeps its rows sorted by the chunk's value
(``perm``) and a dense table of where each value's run starts (``offsets``,
a counting sort): the rows whose chunk equals ``k`` are
``perm[offsets[k]:offsets[k + 1]]``. Small segments bucket by the chunk's low
``table_bits`` bits only; verification by full distance removes the extra
candidates, so the search stays exact. Deletions are tombstones (``dead``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import numpy as np
import numpy.typing as npt

from netbrake.media.chunk_layout import ChunkLayout, flip_masks
from netbrake.media.fingerprint import Words, hamming

_FILES = ("words", "ids", "id_order", "perm", "offsets")
#: log2 of table size over row count: 3 means about 8 table slots per row.
TABLE_SLACK = 3


@dataclass
class IndexSegment:
    """Rows of one segment; every array may be a read-only memory map."""

    words: Words
    ids: npt.NDArray[np.int64]
    id_order: npt.NDArray[np.int32]
    perm: npt.NDArray[np.int32]
    offsets: npt.NDArray[np.int32]
    table_bits: tuple[int, ...]
    dead: npt.NDArray[np.bool_]
    _sorted_ids: npt.NDArray[np.int64] | None = field(default=None, repr=False)

    @classmethod
    def build(
        cls,
        layout: ChunkLayout,
        ids: npt.NDArray[np.int64],
        words: Words,
        *,
        slack: int = TABLE_SLACK,
    ) -> IndexSegment:
        n = len(ids)
        if n >= 2**31:
            raise ValueError("a segment holds fewer than 2**31 hashes")
        # a table 2**slack times the row count keeps buckets near-empty
        fit = max(8, int(n).bit_length() + slack)
        table_bits = tuple(min(w, fit) for w in layout.widths)
        perm = np.empty((len(layout), n), dtype=np.int32)
        tables = []
        for c, bits in enumerate(table_bits):
            # uint32 keys halve the temporaries; order within a bucket is irrelevant, so the
            # fastest (unstable) sort will do
            key = (layout.values(words, c) & np.uint64((1 << bits) - 1)).astype(np.uint32)
            perm[c] = np.argsort(key)
            table = np.zeros((1 << bits) + 1, dtype=np.int32)
            counts = np.bincount(key, minlength=1 << bits)
            np.cumsum(counts, out=table[1:], dtype=np.int32)
            tables.append(table)
        return cls(
            words=np.ascontiguousarray(words, dtype=np.uint64),
            ids=ids,
            id_order=np.argsort(ids).astype(np.int32),
            perm=perm,
            offsets=np.concatenate(tables),
            table_bits=table_bits,
            dead=np.zeros(n, dtype=bool),
        )

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def live(self) -> int:
        return len(self.ids) - int(self.dead.sum())

    def rows_of(self, ids: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        """Rows holding live entries with these ids (unknown or dead ids are skipped)."""
        if len(self.ids) == 0 or len(ids) == 0:
            return np.zeros(0, dtype=np.int64)
        if self._sorted_ids is None:
            self._sorted_ids = np.asarray(self.ids[self.id_order])
        sorted_ids = self._sorted_ids
        pos = np.clip(np.searchsorted(sorted_ids, ids), 0, len(sorted_ids) - 1)
        rows: npt.NDArray[np.int64] = self.id_order[pos[sorted_ids[pos] == ids]].astype(np.int64)
        return rows[~self.dead[rows]]

    def search(
        self, layout: ChunkLayout, queries: Words, threshold: int
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        """(query position, row, distance) of every live row within ``threshold``; may repeat pairs."""
        radius = layout.radius(threshold)
        found: list[tuple[npt.NDArray[np.int64], ...]] = []
        table_start = 0
        for c, bits in enumerate(self.table_bits):
            masks = flip_masks(layout.widths[c], radius, bits)
            key = layout.values(queries, c) & np.uint64((1 << bits) - 1)
            probes = (key[:, None] ^ masks[None, :]).ravel().astype(np.int64) + table_start
            starts = self.offsets[probes].astype(np.int64)
            counts = self.offsets[probes + 1] - starts
            hit = np.flatnonzero(counts)
            table_start += (1 << bits) + 1
            if len(hit) == 0:
                continue
            counts, starts = counts[hit], starts[hit]
            total = int(counts.sum())
            # expand each [start, start + count) run into positions, without a Python loop
            run_base = np.repeat(starts - (np.cumsum(counts) - counts), counts)
            rows = self.perm[c][run_base + np.arange(total)].astype(np.int64)
            qpos = np.repeat(hit // len(masks), counts)
            dist = hamming(self.words[rows], queries[qpos])
            ok = dist <= threshold
            found.append((qpos[ok], rows[ok], dist[ok]))
        if not found:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, empty
        qpos, rows, dist = (np.concatenate(parts) for parts in zip(*found, strict=True))
        alive = ~self.dead[rows]
        return qpos[alive], rows[alive], dist[alive]

    def save(self, folder: Path) -> None:
        """Write the segment as ``.npy`` files (memory-mappable) and a small ``segment.json``."""
        folder.mkdir(parents=True, exist_ok=True)
        for name in _FILES:
            np.save(folder / f"{name}.npy", getattr(self, name))
        self.save_tombstones(folder)
        meta = {"rows": len(self), "table_bits": list(self.table_bits)}
        (folder / "segment.json").write_text(json.dumps(meta))

    def save_tombstones(self, folder: Path) -> None:
        np.save(folder / "tombstones.npy", np.flatnonzero(self.dead))

    @classmethod
    def load(cls, folder: Path, *, mmap: bool = True) -> IndexSegment:
        mode: Literal["r"] | None = "r" if mmap else None
        arrays = {name: np.load(folder / f"{name}.npy", mmap_mode=mode) for name in _FILES}
        meta = json.loads((folder / "segment.json").read_text())
        dead = np.zeros(meta["rows"], dtype=bool)
        dead[np.load(folder / "tombstones.npy")] = True
        return cls(**arrays, table_bits=tuple(meta["table_bits"]), dead=dead)
