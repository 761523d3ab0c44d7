"""Media fingerprints only, never media bytes: PDQ (256-bit) and MD5 hashes of posts.

A synthetic clearinghouse list (``known_hashes.csv``) holds hashes of
"known" material. Some member posts carry a listed hash exactly and some a
near duplicate (a few PDQ bits flipped, a new MD5), but most member posts
carry new, unlisted hashes: hash matching finds only known content (F8).
A few benign posts are near misses at 40-60 bits, which a correct PDQ
threshold (about 31) must not match.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from netbrake.synth import columns

PDQ_BYTES, MD5_BYTES = 32, 16
LIST_NAME = "clearinghouse-synthetic"
#: Shares of member media that are listed exactly / near duplicates of a listed item.
KNOWN_EXACT, KNOWN_NEAR = 0.15, 0.10
#: Share of benign media that is a far near-miss of a listed item.
BENIGN_NEAR_MISS = 0.0005


@dataclass(frozen=True)
class MediaHashes:
    """Hash matrices (rows, bytes) for posts with media; ``known_*`` is the list."""

    md5: npt.NDArray[np.uint8]
    pdq: npt.NDArray[np.uint8]
    known_md5: npt.NDArray[np.uint8]
    known_pdq: npt.NDArray[np.uint8]

    def known_table(self, rng: np.random.Generator, start: int, end: int) -> pa.Table:
        """The clearinghouse list: pdq, md5, list name and the date each was added."""
        added = columns.timestamps(columns.uniform_times(rng, self.known_md5.shape[0], start, end))
        return pa.table(
            {
                "pdq": columns.hex_strings(self.known_pdq),
                "md5": columns.hex_strings(self.known_md5),
                "list": pa.array([LIST_NAME] * self.known_md5.shape[0], type=pa.string()),
                "added_at": added,
            }
        )


def _bytes(rng: np.random.Generator, rows: int, width: int) -> npt.NDArray[np.uint8]:
    return rng.integers(0, 256, size=(rows, width), dtype=np.uint8)


def flip_bits(
    rng: np.random.Generator, pdq: npt.NDArray[np.uint8], low: int, high: int
) -> npt.NDArray[np.uint8]:
    """A copy of each row with between ``low`` and ``high`` (inclusive) distinct bits flipped."""
    rows = pdq.shape[0]
    count = np.asarray(rng.integers(low, high + 1, size=rows), dtype=np.int64)
    rank = np.argsort(rng.random((rows, PDQ_BYTES * 8)), axis=1)
    flip = rank < count[:, None]
    return pdq ^ np.packbits(flip, axis=1)


def media_hashes(rng: np.random.Generator, member_media: npt.NDArray[np.bool_]) -> MediaHashes:
    """Hashes for each media item; ``member_media[i]`` says item i was posted by a member."""
    n = member_media.shape[0]
    md5, pdq = _bytes(rng, n, MD5_BYTES), _bytes(rng, n, PDQ_BYTES)
    members = np.flatnonzero(member_media)
    known = max(50, int(members.shape[0] * 0.4))
    known_md5, known_pdq = _bytes(rng, known, MD5_BYTES), _bytes(rng, known, PDQ_BYTES)
    draw = rng.random(members.shape[0])
    exact = members[draw < KNOWN_EXACT]
    near = members[(draw >= KNOWN_EXACT) & (draw < KNOWN_EXACT + KNOWN_NEAR)]
    src = rng.integers(0, known, size=exact.shape[0])
    md5[exact], pdq[exact] = known_md5[src], known_pdq[src]
    src = rng.integers(0, known, size=near.shape[0])
    pdq[near] = flip_bits(rng, known_pdq[src], 1, 8)
    benign = np.flatnonzero(~member_media)
    misses = benign[rng.random(benign.shape[0]) < BENIGN_NEAR_MISS]
    pdq[misses] = flip_bits(rng, known_pdq[rng.integers(0, known, size=misses.shape[0])], 40, 60)
    return MediaHashes(md5, pdq, known_md5, known_pdq)
