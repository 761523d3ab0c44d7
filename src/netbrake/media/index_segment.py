"""One immutable block of a multi-index hash index: hashes, ids and per-chunk lookup tables.

For each chunk the segment keeps its rows sorted by the chunk's value
(``perm``) and a dense table of where each value's run starts (``offsets``,
a counting sort): the rows whose chunk equals ``k`` are
``perm[offsets[k]:offsets[k + 1]]``. Small segments bucket by the chunk's low
``table_bits`` bits only; verification by full distance removes the extra
candidates, so the search stays exact. Deletions are tombstones (``dead``).

Most probes land in empty buckets (a 1M-row segment fills about one slot in
eight), so each table has a bitmap twin, ``occupied``: a probe tests one bit
first, in a table 32 times smaller than ``offsets`` that stays in cache, and
only the probes that hit a row pay for the two (cache-missing) ``offsets``
reads. On a 1M-hash bank the two ``offsets`` reads of every probe were half
the search time. A pair close in several chunks is a candidate in
each; the search keeps it only in the first chunk that probes it, so a segment
reports every hit once without sorting its candidates.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import numpy as np
import numpy.typing as npt

from netbrake.media.chunk_layout import ChunkLayout, ProbeMasks, probe_masks
from netbrake.media.fingerprint import Words, popcount, row_bit_count

_FILES = ("words", "ids", "id_order", "perm", "offsets", "occupied")
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
    occupied: npt.NDArray[np.uint8]
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
        offsets = np.concatenate(tables)
        return cls(
            words=np.ascontiguousarray(words, dtype=np.uint64),
            ids=ids,
            id_order=np.argsort(ids).astype(np.int32),
            perm=perm,
            offsets=offsets,
            occupied=occupancy_bitmap(offsets, table_bits),
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
        """(query position, row, distance) of every live row within ``threshold``, each once."""
        radii = layout.radii(threshold)
        found: list[tuple[npt.NDArray[np.int64], ...]] = []
        table_start = bitmap_start = 0
        for c, bits in enumerate(self.table_bits):
            bitmap = self.occupied[bitmap_start : bitmap_start + _bitmap_bytes(bits)]
            offsets = self.offsets[table_start : table_start + (1 << bits) + 1]
            bitmap_start += _bitmap_bytes(bits)
            table_start += (1 << bits) + 1
            if radii[c] < 0:
                continue
            masks = probe_masks(layout.widths[c], radii[c], bits)
            key = (layout.values(queries, c) & np.uint64((1 << bits) - 1)).astype(np.int64)
            qpos, slots = _occupied_probes(bitmap, key, masks)
            if len(slots) == 0:
                continue
            starts = np.take(offsets, slots).astype(np.int64)
            counts = np.take(offsets, slots + 1) - starts
            total = int(counts.sum())
            # expand each [start, start + count) run into positions, without a Python loop
            run_base = np.repeat(starts - (np.cumsum(counts) - counts), counts)
            rows = np.take(self.perm[c], run_base + np.arange(total)).astype(np.int64)
            qpos = np.repeat(qpos, counts)
            # np.take copies whole rows several times faster than fancy indexing words[rows]
            diff = np.take(self.words, rows, axis=0)
            np.bitwise_xor(diff, np.take(queries, qpos, axis=0), out=diff)
            bits_apart = row_bit_count(diff)
            ok = np.flatnonzero(bits_apart <= threshold)
            # a pair close in several chunks is a candidate in each: keep it in the first only
            ok = ok[~self._probed_before(layout, c, radii, np.take(diff, ok, axis=0))]
            found.append((qpos[ok], rows[ok], bits_apart[ok].astype(np.int64)))
        if not found:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, empty
        qpos, rows, dist = (np.concatenate(parts) for parts in zip(*found, strict=True))
        alive = ~self.dead[rows]
        return qpos[alive], rows[alive], dist[alive]

    def _probed_before(
        self, layout: ChunkLayout, chunk: int, radii: tuple[int, ...], diff: Words
    ) -> npt.NDArray[np.bool_]:
        """Whether a chunk before ``chunk`` also probes each pair, given the pairs' XORed words.

        Chunk ``c`` probes a pair exactly when the pair's chunk values differ in at most
        ``radii[c]`` of their low ``table_bits[c]`` bits, so the first chunk that probes a
        pair is known from its words alone: deduplicating this way costs a few ufuncs
        per chunk instead of a sort of every candidate pair.
        """
        columns = np.ascontiguousarray(diff.T)  # contiguous words: faster ufuncs
        seen = np.zeros(len(diff), dtype=np.bool_)
        for c in range(chunk):
            if radii[c] < 0:
                continue
            (word, mask), *rest = layout.word_masks(c, self.table_bits[c])
            count = popcount(columns[word] & mask)
            for word, mask in rest:
                count += popcount(columns[word] & mask)
            seen |= count <= radii[c]
        return seen

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
        arrays = {
            name: np.load(folder / f"{name}.npy", mmap_mode=mode)
            for name in _FILES
            if (folder / f"{name}.npy").exists() or name != "occupied"
        }
        meta = json.loads((folder / "segment.json").read_text())
        table_bits = tuple(meta["table_bits"])
        if "occupied" not in arrays:  # saved before the bitmap existed: derive it
            arrays["occupied"] = occupancy_bitmap(arrays["offsets"], table_bits)
        dead = np.zeros(meta["rows"], dtype=bool)
        dead[np.load(folder / "tombstones.npy")] = True
        return cls(**arrays, table_bits=table_bits, dead=dead)


def occupancy_bitmap(
    offsets: npt.NDArray[np.int32], table_bits: tuple[int, ...]
) -> npt.NDArray[np.uint8]:
    """One bit per table slot, set when its bucket holds a row: every chunk's table packed
    little-endian (slot ``k`` is bit ``k % 8`` of byte ``k // 8``) and concatenated."""
    parts, start = [], 0
    for bits in table_bits:
        table = offsets[start : start + (1 << bits) + 1]
        start += len(table)
        packed = np.packbits(table[:-1] < table[1:], bitorder="little")
        parts.append(np.pad(packed, (0, _bitmap_bytes(bits) - len(packed))))
    return np.concatenate(parts)


def _bitmap_bytes(bits: int) -> int:
    return max(1, (1 << bits) // 8)


def _occupied_probes(
    bitmap: npt.NDArray[np.uint8], key: npt.NDArray[np.int64], masks: ProbeMasks
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """(query position, slot) of every probe ``key ^ mask`` whose bucket is not empty.

    The byte and bit parts of each probe are formed separately (``key >> 3 ^ mask >> 3``
    and ``key & 7 ^ mask & 7``) so that the bitmap test runs on narrow arrays with no
    full-width probe array at all: the probes that hit are rebuilt afterwards.
    """
    byte_of = (key[:, None] >> 3) ^ masks.byte[None, :]
    found = np.take(bitmap, byte_of.ravel())
    shift = (key & 7).astype(np.uint8)[:, None] ^ masks.bit[None, :]
    np.right_shift(found, shift.ravel(), out=found)
    np.bitwise_and(found, 1, out=found)
    hit = np.flatnonzero(found.view(np.bool_))
    qpos, which = np.divmod(hit, len(masks.value))
    return qpos, key[qpos] ^ masks.value[which]
