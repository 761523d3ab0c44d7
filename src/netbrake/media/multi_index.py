"""The fast exact PDQ index: multi-index hashing over immutable segments.

Inserts become a new small segment; deletes are tombstones; segments of
similar size are merged (log-structured, so an insert never rebuilds the
whole index) and :meth:`MultiIndexHashIndex.compact` folds everything into
one. ``save``/``open`` keep each segment as ``.npy`` files that are opened as
memory maps, so a restart reads a manifest instead of rebuilding tables.
"""

from __future__ import annotations

import json
import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import numpy.typing as npt

from netbrake.media.chunk_layout import ChunkLayout
from netbrake.media.fingerprint import Words
from netbrake.media.index_segment import IndexSegment
from netbrake.media.match_index import IndexHits, MatchIndex, as_ids, check_new

#: 11 chunks of 23-24 bits; at threshold 31 ten are probed to radius 2 and one to radius 1
#: (:meth:`ChunkLayout.radii`). 10, 12, 13 and 16 chunks were all slower on 1M-hash banks,
#: uniform and clustered alike: fewer chunks enumerate far more masks, more
#: chunks fill their buckets and verify far more candidates.
DEFAULT_LAYOUT = ChunkLayout.even(11)
MANIFEST = "manifest.json"
_FORMAT = "netbrake-pdq-mih"
#: Queries per step: bounds the probe and candidate temporaries to tens of MB.
_QUERY_BATCH = 1024


class MultiIndexHashIndex(MatchIndex):
    """Exact Hamming-radius search; identical results to :class:`BruteForceIndex`."""

    def __init__(self, layout: ChunkLayout = DEFAULT_LAYOUT, *, workers: int | None = None):
        self.layout = layout
        self.workers = workers or os.cpu_count() or 1
        self._segments: list[IndexSegment] = []
        self._names: list[str | None] = []  # folder of each segment once saved
        self._serial = 0
        self._home: Path | None = None  # the folder the named segments live in

    # -- writes ---------------------------------------------------------------------------

    def add(self, ids: npt.ArrayLike, words: Words) -> None:
        new = as_ids(ids)
        check_new(new, words)
        if len(new) == 0:
            return
        if any(len(s.rows_of(new)) for s in self._segments):
            raise ValueError("id already in the index")
        self._segments.append(IndexSegment.build(self.layout, new, words))
        self._names.append(None)
        # tiered merging: the newest segment absorbs its predecessor while they are of a size
        while len(self._segments) > 1 and self._segments[-2].live <= 2 * self._segments[-1].live:
            self._merge_tail(2)

    def remove(self, ids: npt.ArrayLike) -> int:
        wanted = as_ids(ids)
        removed = 0
        for segment in self._segments:
            rows = segment.rows_of(wanted)
            if len(rows):
                if not segment.dead.flags.writeable:
                    segment.dead = segment.dead.copy()
                segment.dead[rows] = True
                removed += len(rows)
        return removed

    def compact(self) -> None:
        """Fold all segments into one, dropping deleted rows."""
        if len(self._segments) > 1 or any(s.dead.any() for s in self._segments):
            self._merge_tail(len(self._segments))

    def _merge_tail(self, count: int) -> None:
        tail = self._segments[-count:]
        ids = np.concatenate([s.ids[~s.dead] for s in tail])
        words = np.concatenate([s.words[~s.dead] for s in tail])
        del self._segments[-count:], self._names[-count:]
        if len(ids):
            self._segments.append(IndexSegment.build(self.layout, ids, words))
            self._names.append(None)

    # -- reads ----------------------------------------------------------------------------

    def search(self, queries: Words, threshold: int) -> IndexHits:
        if len(queries) == 0 or not self._segments:
            return IndexHits.empty()
        queries = np.ascontiguousarray(queries, dtype=np.uint64)
        starts = range(0, len(queries), _QUERY_BATCH)
        if self.workers > 1 and len(queries) > _QUERY_BATCH:
            # numpy releases the GIL in its kernels, so threads use both cores; each batch
            # also sorts and dedupes its own hits, so no serial step remains but a concatenate
            with ThreadPoolExecutor(self.workers) as pool:
                parts = list(pool.map(lambda s: self._search_batch(queries, s, threshold), starts))
        else:
            parts = [self._search_batch(queries, s, threshold) for s in starts]
        return IndexHits.join(parts)

    def _search_batch(self, queries: Words, start: int, threshold: int) -> IndexHits:
        block = queries[start : start + _QUERY_BATCH]
        qs, ids, ds = [], [], []
        for segment in self._segments:
            q, rows, d = segment.search(self.layout, block, threshold)
            qs.append(q + start)
            ids.append(np.asarray(segment.ids[rows], dtype=np.int64))
            ds.append(d)
        return IndexHits.build(np.concatenate(qs), np.concatenate(ids), np.concatenate(ds))

    def __len__(self) -> int:
        return sum(s.live for s in self._segments)

    @property
    def segment_sizes(self) -> list[int]:
        return [len(s) for s in self._segments]

    # -- persistence ----------------------------------------------------------------------

    def save(self, folder: Path) -> None:
        """Write new segments and tombstones, then swap the manifest in atomically."""
        folder.mkdir(parents=True, exist_ok=True)
        if self._home is None or self._home != folder.resolve():
            self._names = [None] * len(self._segments)  # another folder: write every segment
            self._home = folder.resolve()
        for i, segment in enumerate(self._segments):
            if self._names[i] is None:
                self._serial += 1
                name = f"segment-{self._serial:06d}"
                segment.save(folder / name)
                self._names[i] = name
            else:
                segment.save_tombstones(folder / str(self._names[i]))
        manifest = {
            "format": _FORMAT,
            "version": 1,
            "layout": list(self.layout.widths),
            "serial": self._serial,
            "segments": self._names,
        }
        tmp = folder / f"{MANIFEST}.tmp"
        tmp.write_text(json.dumps(manifest, indent=1))
        tmp.replace(folder / MANIFEST)
        for child in folder.glob("segment-*"):
            if child.name not in self._names:
                shutil.rmtree(child)

    @classmethod
    def open(
        cls, folder: Path, *, mmap: bool = True, workers: int | None = None
    ) -> MultiIndexHashIndex:
        """Load a saved index; with ``mmap`` the arrays stay on disk until touched."""
        manifest = json.loads((folder / MANIFEST).read_text())
        if manifest.get("format") != _FORMAT:
            raise ValueError(f"{folder} is not a netbrake PDQ index")
        index = cls(ChunkLayout(tuple(manifest["layout"])), workers=workers)
        index._serial = manifest["serial"]
        index._home = folder.resolve()
        for name in manifest["segments"]:
            index._segments.append(IndexSegment.load(folder / name, mmap=mmap))
            index._names.append(name)
        return index
