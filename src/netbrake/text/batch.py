"""Texts joined by NUL into one bytes object, so that C-level passes read a whole batch.

The matcher (:meth:`netbrake.text.matcher.Matcher.scan_many`) and the
extractor gates (:func:`netbrake.text.extract.gate.plan_batch`) take their
cheap decisions on such batches and map positions back to texts with these
helpers. No text holds a NUL; text ``i`` lies between the ``i-1``-th and the
``i``-th NUL.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

Bools = npt.NDArray[np.bool_]
Positions = npt.NDArray[np.intp]


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


def texts_keeping(joined: bytes, delete: bytes) -> Bools:
    """Per text: whether a byte of it is left after deleting the bytes ``delete`` (not NUL)."""
    kept = joined.translate(None, delete)
    nul = nul_positions(kept)
    return np.asarray(np.append(nul, len(kept)) > np.concatenate(([0], nul + 1)))


def texts_at(nul: Positions, positions: npt.ArrayLike) -> Positions:
    """The text holding each position of the joined batch."""
    return np.searchsorted(nul, positions).astype(np.intp)
