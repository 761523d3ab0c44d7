"""The anchor: faiss ``IndexBinaryMultiHash`` configured as hasher-matcher-actioner does.

python-threatexchange's ``PDQMultiHashIndex`` (used by HMA) wraps
``IndexBinaryIDMap2(IndexBinaryMultiHash(256, nhash=16, b=16))``, sets
``nflip = threshold // nhash`` and calls ``range_search(q, threshold + 1)``.
This class reproduces that configuration (facts, not code) so the benchmark
and the conformance tests compare against the ecosystem's reference point.
faiss is optional (it comes with the ``exchange`` extra's threatexchange).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from netbrake.extras import require
from netbrake.media.fingerprint import PDQ_BITS, Words
from netbrake.media.match_index import IndexHits, MatchIndex, as_ids, check_new

_NHASH = 16


def _bytes(words: Words) -> npt.NDArray[np.uint8]:
    """Words back to the 32 bytes per hash faiss expects (the hex's byte order)."""
    return np.ascontiguousarray(words, dtype=np.uint64).astype(">u8").view(np.uint8).reshape(-1, 32)


class FaissMultiHashIndex(MatchIndex):
    """faiss multi-index hashing; ``remove`` rebuilds (the HMA index is rebuilt, not edited)."""

    def __init__(self) -> None:
        self._faiss: Any = require("faiss", "exchange", "the faiss multi-hash index")
        self._ids = np.zeros(0, dtype=np.int64)
        self._words: Words = np.zeros((0, 4), dtype=np.uint64)
        self._index: Any = self._empty()

    def _empty(self) -> Any:
        inner = self._faiss.IndexBinaryMultiHash(PDQ_BITS, _NHASH, PDQ_BITS // _NHASH)
        outer = self._faiss.IndexBinaryIDMap2(inner)
        outer.own_fields = True
        inner.this.disown()
        return outer

    def add(self, ids: npt.ArrayLike, words: Words) -> None:
        new = as_ids(ids)
        check_new(new, words)
        if np.isin(new, self._ids).any():
            raise ValueError("id already in the index")
        if len(new):
            self._index.add_with_ids(_bytes(words), new)
            self._ids = np.concatenate([self._ids, new])
            self._words = np.concatenate([self._words, words])

    def remove(self, ids: npt.ArrayLike) -> int:
        dead = np.isin(self._ids, as_ids(ids))
        if dead.any():
            self._ids, self._words = self._ids[~dead], self._words[~dead]
            self._index = self._empty()
            if len(self._ids):
                self._index.add_with_ids(_bytes(self._words), self._ids)
        return int(dead.sum())

    def search(self, queries: Words, threshold: int) -> IndexHits:
        if len(queries) == 0 or len(self._ids) == 0:
            return IndexHits.empty()
        self._faiss.downcast_IndexBinary(self._index.index).nflip = threshold // _NHASH
        limits, distances, labels = self._index.range_search(_bytes(queries), threshold + 1)
        query = np.repeat(np.arange(len(queries)), np.diff(limits.astype(np.int64)))
        return IndexHits.build(query, labels, distances)

    def __len__(self) -> int:
        return len(self._ids)
