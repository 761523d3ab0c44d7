"""The contract every PDQ match index honours, and the hits it returns.

Modelled on python-threatexchange's ``SignalTypeIndex``: one base contract
beside sibling implementations (:class:`BruteForceIndex`, the reference;
:class:`MultiIndexHashIndex`, the fast exact one; :class:`FaissMultiHashIndex`,
the anchor hasher-matcher-actioner uses), and one conformance test class that
every implementation passes (tests/media/test_match_index.py).

An index is *exact*: ``search`` returns every live entry within the threshold
and nothing else, so the fast index and brute force give identical hits.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import astuple, dataclass

import numpy as np
import numpy.typing as npt

from netbrake.media.fingerprint import Words

Ids = npt.NDArray[np.int64]


@dataclass(frozen=True)
class IndexHits:
    """Pairs (query position, entry id, Hamming distance), sorted by query then id."""

    query: npt.NDArray[np.int64]
    ids: Ids
    distance: npt.NDArray[np.int64]

    @classmethod
    def build(cls, query: npt.ArrayLike, ids: npt.ArrayLike, distance: npt.ArrayLike) -> IndexHits:
        """Hits in canonical order, duplicates of one (query, id) pair removed."""
        q = np.asarray(query, dtype=np.int64)
        i = np.asarray(ids, dtype=np.int64)
        d = np.asarray(distance, dtype=np.int64)
        if len(q) == 0:
            return cls(q, i, d)
        low, high = int(i.min()), int(i.max())
        span = high - low + 1
        if (int(q.max()) + 1) * span < 2**62:
            # one int64 key per pair: a single unstable sort, much cheaper than a three-key
            # lexsort or np.unique's stable one (repeats of a pair have the same distance)
            key = q * span + (i - low)
            order = np.argsort(key)
            key = key[order]
            first = order[np.flatnonzero(np.concatenate(([True], key[1:] != key[:-1])))]
            return cls(q[first], i[first], d[first])
        order = np.lexsort((i, q))
        q, i, d = q[order], i[order], d[order]
        keep = np.ones(len(q), dtype=bool)
        keep[1:] = (q[1:] != q[:-1]) | (i[1:] != i[:-1])
        return cls(q[keep], i[keep], d[keep])

    @classmethod
    def join(cls, parts: list[IndexHits]) -> IndexHits:
        """Hits of consecutive query blocks: each part canonical, and its queries all after
        those of the part before, so concatenating keeps the canonical order."""
        if not parts:
            return cls.empty()
        return cls(*(np.concatenate(column) for column in zip(*map(astuple, parts), strict=True)))

    @classmethod
    def empty(cls) -> IndexHits:
        return cls.build([], [], [])

    def __len__(self) -> int:
        return len(self.query)

    def pairs(self) -> list[tuple[int, int, int]]:
        """Hits as ``(query, id, distance)`` tuples: handy in tests and small outputs."""
        return list(
            zip(self.query.tolist(), self.ids.tolist(), self.distance.tolist(), strict=True)
        )


class MatchIndex(ABC):
    """Entries (id, PDQ words) searched by Hamming distance.

    Ids are unique among live entries: adding an id that is already present
    raises ``ValueError``; removing an unknown id is a no-op.
    """

    @abstractmethod
    def add(self, ids: npt.ArrayLike, words: Words) -> None:
        """Insert entries; ``words`` is ``(len(ids), 4)`` as :func:`pdq_words` returns."""

    @abstractmethod
    def remove(self, ids: npt.ArrayLike) -> int:
        """Delete entries by id; returns how many were live."""

    @abstractmethod
    def search(self, queries: Words, threshold: int) -> IndexHits:
        """Every live entry within ``threshold`` bits of each query."""

    @abstractmethod
    def __len__(self) -> int:
        """Live entries."""


def as_ids(ids: npt.ArrayLike) -> Ids:
    """Ids as a 1-d int64 array."""
    return np.atleast_1d(np.asarray(ids, dtype=np.int64))


def check_new(ids: Ids, words: Words) -> None:
    """Shared argument checks for ``add``: shapes agree, no id repeated within the batch."""
    if words.ndim != 2 or words.shape[1] != 4 or words.dtype != np.uint64:
        raise ValueError("words must be an (n, 4) uint64 array")
    if len(ids) != len(words):
        raise ValueError(f"{len(ids)} ids for {len(words)} hashes")
    if len(np.unique(ids)) != len(ids):
        raise ValueError("duplicate ids in one insert")
