"""How multi-index hashing cuts a 256-bit PDQ hash into chunks.

Pigeonhole (Norouzi, Punjani and Fleet, "Fast Search in Hamming Space with
Multi-Index Hashing", CVPR 2012): if a hash is split into ``m`` disjoint
chunks and two hashes differ in at most ``t`` bits, then at least one chunk
differs in at most ``t // m`` bits. Enumerating, per chunk, every value within
that sub-radius of the query's chunk therefore reaches every true match: the
search is exact, not approximate. For t = 31, 11 chunks of 23-24 bits give
sub-radius 2; 16 chunks of 16 bits give sub-radius 1.

The bound is not tight when ``m`` does not divide ``t + 1``. The generalised
pigeonhole principle (Qin, Wang, Xiao, Lin and Zhang, "GPH: Similarity Search
in Hamming Space", ICDE 2018) lets each chunk ``i`` have its own sub-radius
``r_i``: if every chunk differed by more than ``r_i`` bits, the hashes would
differ by at least ``sum(r_i + 1)`` bits, so ``sum(r_i + 1) > t`` keeps the
search exact. :meth:`ChunkLayout.radii` spends no more than that: at t = 31
one of 11 chunks needs only radius 1, and at t = 22 ten of them do; a radius
of -1 means the chunk is not probed at all.
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

    def radii(self, threshold: int) -> tuple[int, ...]:
        """Per-chunk sub-radii with ``sum(r + 1) == threshold + 1``, the least that keeps a
        search exact: :meth:`radius` for the first chunks, one less for the last ones
        (-1: the chunk is not probed)."""
        base = self.radius(threshold)
        spare = len(self.widths) * (base + 1) - (threshold + 1)
        return tuple(base - (i >= len(self.widths) - spare) for i in range(len(self.widths)))

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

    def word_masks(self, chunk: int, bits: int) -> tuple[tuple[int, np.uint64], ...]:
        """The low ``bits`` bits of a chunk as ``(word, mask)`` pairs: one pair, or two when
        the bits straddle a word boundary. Counting set bits under these masks measures
        a chunk of XORed words without extracting it."""
        return _word_masks(self.starts[chunk] + self.widths[chunk] - bits, bits)


@lru_cache(maxsize=1024)
def _word_masks(first: int, bits: int) -> tuple[tuple[int, np.uint64], ...]:
    pairs = []
    for word in range(first // 64, (first + bits - 1) // 64 + 1):
        lo, hi = max(first, 64 * word), min(first + bits, 64 * word + 64)
        # bit i from the top of the hash is bit 63 - i % 64 of its word
        mask = sum(1 << (63 - i % 64) for i in range(lo, hi))
        pairs.append((word, np.uint64(mask)))
    return tuple(pairs)


@dataclass(frozen=True)
class ProbeMasks:
    """:func:`flip_masks` as int64 (``value``), split for a bitmap test: the byte
    (``value >> 3``) and bit-in-byte (``value & 7``) parts."""

    value: npt.NDArray[np.int64]
    byte: npt.NDArray[np.int64]
    bit: npt.NDArray[np.uint8]


@lru_cache(maxsize=256)
def probe_masks(width: int, radius: int, table_bits: int) -> ProbeMasks:
    value = flip_masks(width, radius, table_bits).astype(np.int64)
    return ProbeMasks(value, value >> 3, (value & 7).astype(np.uint8))


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
