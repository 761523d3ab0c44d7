"""PDQ and MD5 fingerprints as text and as packed 256-bit words.

A PDQ hash is 256 bits written as 64 lowercase hex digits, most significant
bit first (the PDQ reference and python-threatexchange's ``pdq_hasher`` use
this order). Indexes keep each hash as four big-endian ``uint64`` words so a
Hamming distance is four XORs and four popcounts.
"""

from __future__ import annotations

import re
from typing import Final

import numpy as np
import numpy.typing as npt

PDQ_BITS: Final = 256
PDQ_HEX_LEN: Final = 64
MD5_HEX_LEN: Final = 32
#: Distance at or below which two PDQ hashes are the same picture (PDQ paper, "confident match").
PDQ_MATCH_THRESHOLD: Final = 31
#: Below this quality a PDQ hash is too unreliable to match (python-threatexchange ``PdqSignal``).
PDQ_MIN_QUALITY: Final = 50

Words = npt.NDArray[np.uint64]

_PDQ_RE = re.compile(r"[0-9a-f]{64}")
_MD5_RE = re.compile(r"[0-9a-f]{32}")


def parse_pdq(text: str) -> str:
    """The canonical (lowercase) PDQ hex; ``ValueError`` naming the problem otherwise."""
    value = text.strip().lower()
    if len(value) != PDQ_HEX_LEN:
        raise ValueError(f"PDQ hash must be {PDQ_HEX_LEN} hex digits, got {len(value)}")
    if not _PDQ_RE.fullmatch(value):
        raise ValueError("PDQ hash has non-hex characters")
    return value


def parse_md5(text: str) -> str:
    """The canonical (lowercase) MD5 hex; ``ValueError`` naming the problem otherwise."""
    value = text.strip().lower()
    if len(value) != MD5_HEX_LEN:
        raise ValueError(f"MD5 hash must be {MD5_HEX_LEN} hex digits, got {len(value)}")
    if not _MD5_RE.fullmatch(value):
        raise ValueError("MD5 hash has non-hex characters")
    return value


def pdq_words(hexes: list[str] | tuple[str, ...]) -> Words:
    """Hashes (already valid hex) as an ``(n, 4)`` array of big-endian 64-bit words."""
    if not hexes:
        return np.zeros((0, 4), dtype=np.uint64)
    raw = bytes.fromhex("".join(hexes))
    return np.frombuffer(raw, dtype=">u8").astype(np.uint64).reshape(-1, 4)


def pdq_hex(words: Words) -> list[str]:
    """The inverse of :func:`pdq_words`."""
    raw = np.ascontiguousarray(words, dtype=np.uint64).astype(">u8").tobytes()
    return [raw[i : i + 32].hex() for i in range(0, len(raw), 32)]


def bits_to_hex(bits: npt.ArrayLike) -> str:
    """A 256-element 0/1 vector (as ``pdqhash`` returns it) as PDQ hex."""
    return np.packbits(np.asarray(bits, dtype=np.uint8)).tobytes().hex()


_POPCOUNT8 = np.array([bin(i).count("1") for i in range(256)], dtype=np.uint8)


def popcount(words: Words) -> npt.NDArray[np.uint8]:
    """Set bits per ``uint64`` element (``np.bitwise_count`` on numpy >= 2)."""
    if hasattr(np, "bitwise_count"):
        counts: npt.NDArray[np.uint8] = np.bitwise_count(words)
        return counts
    as_bytes = words.view(np.uint8).reshape((*words.shape, 8))  # pragma: no cover - numpy < 2
    table: npt.NDArray[np.uint8] = _POPCOUNT8[as_bytes].sum(axis=-1, dtype=np.uint8)
    return table  # pragma: no cover


def hamming(a: Words, b: Words) -> npt.NDArray[np.int64]:
    """Row-wise Hamming distance of broadcastable ``(..., 4)`` word arrays."""
    return row_bit_count(np.bitwise_xor(a, b)).astype(np.int64)


def row_bit_count(words: Words) -> npt.NDArray[np.uint32]:
    """Set bits per row of a ``(..., 4)`` word array (the distance, given XORed words)."""
    counts = np.ascontiguousarray(popcount(words))
    # the four per-word counts (each <= 64) are the bytes of one uint32: adding them as
    # byte lanes is three times faster than numpy's reduction over a length-4 axis
    lanes = counts.view(np.uint32)[..., 0]
    pairs = (lanes & 0x00FF00FF) + ((lanes >> 8) & 0x00FF00FF)
    total: npt.NDArray[np.uint32] = (pairs & 0xFFFF) + (pairs >> 16)
    return total


def pdq_distance(a: str, b: str) -> int:
    """Hamming distance of two PDQ hex strings."""
    return (int(a, 16) ^ int(b, 16)).bit_count()
