"""The contract every media hasher honours, and the signal it produces.

Like python-threatexchange's ``SignalType``/``BytesHasher`` pair: each hasher
names its signal kind, hashes content it is given, and publishes known-answer
examples (``get_examples``) that the shared conformance test class checks.
Bytes passed to a hasher are only read: nothing here writes them anywhere.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, Literal

SignalKind = Literal["pdq", "md5", "vpdq"]


class MediaError(ValueError):
    """Content that cannot be hashed: corrupt, truncated, empty or over a size limit."""


@dataclass(frozen=True)
class Signal:
    """One fingerprint: its kind, canonical hex value and (PDQ/vPDQ) quality 0-100.

    ``frame``/``timestamp`` place a vPDQ frame hash in its video.
    """

    kind: SignalKind
    value: str
    quality: int | None = None
    frame: int | None = None
    timestamp: float | None = None


class MediaHasher(ABC):
    """Turns media into signals of one kind."""

    kind: ClassVar[SignalKind]

    @abstractmethod
    def hash_file(self, path: Path) -> list[Signal]:
        """Signals of a file; ``MediaError`` when it cannot be hashed."""

    @classmethod
    @abstractmethod
    def get_examples(cls) -> list[str]:
        """Valid signal values of this kind (known answers for tests and demos)."""


def read_limited(path: Path, max_bytes: int) -> bytes:
    """A file's bytes, refusing empty files and files over ``max_bytes`` before reading them."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise MediaError(f"cannot read: {exc.strerror or exc}") from exc
    if size == 0:
        raise MediaError("empty file (0 bytes)")
    if size > max_bytes:
        raise MediaError(f"file is {size:,} bytes, over the {max_bytes:,}-byte limit")
    try:
        return path.read_bytes()
    except OSError as exc:  # pragma: no cover - races with deletion
        raise MediaError(f"cannot read: {exc.strerror or exc}") from exc
