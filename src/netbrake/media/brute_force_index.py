"""The reference index: every query compared with every entry.

Kept beside the fast index on purpose: property tests check
that :class:`MultiIndexHashIndex` returns exactly what this returns, and the
benchmark measures it as the "numpy brute force" anchor.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from netbrake.media.fingerprint import Words, hamming
from netbrake.media.match_index import IndexHits, MatchIndex, as_ids, check_new

#: Query rows per step, bounding the ``(batch, n, 4)`` temporary to a few hundred MB.
_PAIRS_PER_STEP = 4_000_000


class BruteForceIndex(MatchIndex):
    """All entries in two arrays; search is one vectorised distance per pair."""

    def __init__(self) -> None:
        self._ids: npt.NDArray[np.int64] = np.zeros(0, dtype=np.int64)
        self._words: Words = np.zeros((0, 4), dtype=np.uint64)

    def add(self, ids: npt.ArrayLike, words: Words) -> None:
        new = as_ids(ids)
        check_new(new, words)
        if np.isin(new, self._ids).any():
            raise ValueError("id already in the index")
        self._ids = np.concatenate([self._ids, new])
        self._words = np.concatenate([self._words, words])

    def remove(self, ids: npt.ArrayLike) -> int:
        dead = np.isin(self._ids, as_ids(ids))
        self._ids, self._words = self._ids[~dead], self._words[~dead]
        return int(dead.sum())

    def search(self, queries: Words, threshold: int) -> IndexHits:
        n = len(self._ids)
        if n == 0 or len(queries) == 0:
            return IndexHits.empty()
        step = max(1, _PAIRS_PER_STEP // n)
        found_q, found_row, found_d = [], [], []
        for start in range(0, len(queries), step):
            block = queries[start : start + step]
            dist = hamming(block[:, None, :], self._words[None, :, :])
            q, row = np.nonzero(dist <= threshold)
            found_q.append(q + start)
            found_row.append(row)
            found_d.append(dist[q, row])
        rows = np.concatenate(found_row)
        return IndexHits.build(np.concatenate(found_q), self._ids[rows], np.concatenate(found_d))

    def __len__(self) -> int:
        return len(self._ids)
