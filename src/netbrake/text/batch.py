"""Texts joined by NUL into one bytes object, so that C-level passes read a whole batch.

The matcher (:meth:`netbrake.text.matcher.Matcher.scan_many`) and the
extractor gates (:func:`netbrake.text.extract.gate.plan_batch`) take their
cheap decisions on such batches and map positions back to texts with these
helpers. No text holds a NUL; text ``i`` lies between the ``i-1``-th and the
``i``-th NUL.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

Bools = npt.NDArray[np.bool_]
Positions = npt.NDArray[np.intp]
Held = npt.NDArray[np.int64]


def nul_positions(joined: bytes) -> Positions:
    """Where the NULs between the texts are."""
    return np.flatnonzero(np.frombuffer(joined, dtype=np.uint8) == 0)


def segment(joined: bytes, nul: Positions, i: int) -> bytes:
    """Text ``i``."""
    start = int(nul[i - 1]) + 1 if i else 0
    end = int(nul[i]) if i < len(nul) else len(joined)
    return joined[start:end]


def select(joined: bytes, nul: Positions, texts: Positions) -> bytes:
    """Texts ``texts`` (ascending), joined by NUL again."""
    if len(texts) * 4 < len(nul):  # few: slice them out one by one
        return b"\x00".join(segment(joined, nul, i) for i in texts.tolist())
    data = np.frombuffer(joined, dtype=np.uint8)
    owner = np.zeros(len(data), dtype=np.int32)
    owner[nul] = 1
    np.cumsum(owner, out=owner)  # text of each byte; a NUL opens the next text
    chosen = np.zeros(len(nul) + 1, dtype=bool)
    chosen[texts] = True
    kept = data[chosen[owner]].tobytes()
    return kept if chosen[0] else kept[1:]  # the NUL opening the first chosen text


def texts_holding(joined: bytes, count: int, chars: bytes) -> Held:
    """Per text of ``count``: a bit set of the bytes of ``chars`` it holds (bit k: ``chars[k]``).

    One translate keeps only those bytes and the NULs; numpy reads the rest.
    """
    kept = np.frombuffer(joined.translate(None, _deleting_all_but(chars)), dtype=np.uint8)
    bounds = kept == 0
    owner = np.cumsum(bounds)  # text of each kept byte; a NUL opens the next text
    bits = np.zeros(256, dtype=np.int64)
    bits[list(chars)] = 1 << np.arange(len(chars), dtype=np.int64)
    held: Held = np.zeros(count, dtype=np.int64)
    inside = ~bounds
    np.bitwise_or.at(held, owner[inside], bits[kept[inside]])
    return held


def holding(held: Held, chars: bytes, which: bytes) -> Bools:
    """Per text: whether it holds one of the bytes ``which`` (read from ``texts_holding(...,
    chars)``)."""
    mask = sum(1 << chars.index(c) for c in which)
    return np.asarray((held & mask) != 0)


@functools.lru_cache(maxsize=16)
def _deleting_all_but(chars: bytes) -> bytes:
    return bytes(b for b in range(256) if b not in chars and b != 0)


def texts_at(nul: Positions, positions: npt.ArrayLike) -> Positions:
    """The text holding each position of the joined batch."""
    return np.searchsorted(nul, positions).astype(np.intp)


def owners(texts: Sequence[str], positions: npt.ArrayLike) -> tuple[Positions, Positions]:
    """For positions in ``texts`` joined by NUL: each one's text and where that text starts."""
    starts = np.zeros(len(texts), dtype=np.intp)
    if len(texts) > 1:
        np.cumsum([len(t) + 1 for t in texts[:-1]], out=starts[1:])
    owner = np.searchsorted(starts, np.asarray(positions, dtype=np.intp), side="right") - 1
    return owner, starts[owner]
