"""How multi-index hashing cuts a 256-bit PDQ hash into chunks.

Pigeonhole (Norouzi, Punjani and Fleet, "Fast Search in Hamming Space with
Multi-Index Hashing", CVPR 2012): if a hash is split into ``m`` disjoint
chunks and two hashes differ in at most ``t`` bits, then at least one chunk
differs in at most ``t // m`` bits. Enumerating, per chunk, every value within
that sub-radius of the query's chunk therefore reaches every true match: the
search is exact, not approximate. For t = 31, 11 chunks of 23-24 bits give
sub-radius 2; 16 chunks of 16 bits give sub-radius 1.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations

import numpy as np
import numpy.typing as npt

from netbrake.media.fingerprint import PDQ_BITS, Words

Values = npt.NDArray[np.uint64]


@dataclass(frozen=True)
class ChunkLayout:
    """Chunk widths in bits, covering the 256 bits from the most significant."""

    widths: tuple[int, ...]
    starts: tuple[int, ...] = field(init=False)

    def __post_init__(self) -> None:
        if sum(self.widths) != PDQ_BITS or min(self.widths) < 1 or max(self.widths) > 32:
            raise ValueError("chunk widths must be 1..32 bits and sum to 256")
        starts = tuple(int(s) for s in np.cumsum((0, *self.widths[:-1])))
        object.__setattr__(self, "starts", starts)

    @classmethod
    def even(cls, chunks: int) -> ChunkLayout:
        """``chunks`` chunks whose widths differ by at most one bit."""
        base, extra = divmod(PDQ_BITS, chunks)
        return cls(tuple(base + 1 if i < extra else base for i in range(chunks)))

    def __len__(self) -> int:
        return len(self.widths)

    def radius(self, threshold: int) -> int:
        """The per-chunk sub-radius that keeps a search to ``threshold`` exact."""
        return threshold // len(self.widths)

    def values(self, words: Words, chunk: int) -> Values:
        """Each row's value of one chunk, as an unsigned integer of ``widths[chunk]`` bits."""
        width, start = self.widths[chunk], self.starts[chunk]
        word, offset = divmod(start, 64)
        mask = np.uint64((1 << width) - 1)
        if offset + width <= 64:
            shift = np.uint64(64 - offset - width)
            return (words[:, word] >> shift) & mask
        low_bits = offset + width - 64  # bits taken from the next word
        high = (words[:, word] << np.uint64(low_bits)) & mask
        low = words[:, word + 1] >> np.uint64(64 - low_bits)
        return high | low


@lru_cache(maxsize=256)
def flip_masks(width: int, radius: int, table_bits: int) -> Values:
    """Distinct XOR masks of up to ``radius`` bits, truncated to a table of ``table_bits`` bits.

    A segment's lookup table may be narrower than the chunk (small segments
    bucket by the chunk's low bits); masks that differ only above the table's
    bits reach the same bucket, so they are enumerated once.
    """
    low = (1 << table_bits) - 1
    masks = {0}
    for r in range(1, radius + 1):
        for bits in combinations(range(width), r):
            masks.add(sum(1 << b for b in bits) & low)
    return np.array(sorted(masks), dtype=np.uint64)
