"""Hashing one file into the record ``netbrake hash`` prints: MD5 plus PDQ or vPDQ.

The file's bytes are read once into memory, hashed, and dropped when the
function returns; only the hex fingerprints leave it (docs/failures.md
data-handling rule).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from netbrake.media.hasher import MediaError, Signal, read_limited
from netbrake.media.md5_hasher import Md5Hasher
from netbrake.media.pdq_hasher import ImageLimits, PdqHasher
from netbrake.media.vpdq_hasher import VpdqHasher

#: Container formats hashed as video (FFmpeg through vPDQ); everything else is tried as an image.
VIDEO_SUFFIXES = frozenset(
    {
        ".mp4",
        ".m4v",
        ".mov",
        ".mkv",
        ".webm",
        ".avi",
        ".wmv",
        ".flv",
        ".mpg",
        ".mpeg",
        ".3gp",
        ".ts",
    }
)


@dataclass(frozen=True)
class MediaHash:
    """Fingerprints of one file, or why it could not be fingerprinted (``error``)."""

    path: str
    md5: str | None = None
    pdq: str | None = None
    quality: int | None = None
    dihedral: tuple[str, ...] = ()
    vpdq: tuple[Signal, ...] = field(default=())
    error: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The JSON line of ``netbrake hash`` (docs/architecture.md: path, md5, pdq, quality)."""
        out: dict[str, Any] = {"path": self.path, "md5": self.md5}
        if self.vpdq:
            out["vpdq"] = [
                {"frame": s.frame, "timestamp": s.timestamp, "pdq": s.value, "quality": s.quality}
                for s in self.vpdq
            ]
        else:
            out["pdq"] = self.pdq
            out["quality"] = self.quality
        if self.dihedral:
            out["dihedral"] = list(self.dihedral)
        if self.error:
            out["error"] = self.error
        return out


def hash_media(
    path: Path, *, limits: ImageLimits | None = None, dihedral: bool = False
) -> MediaHash:
    """MD5 and PDQ (image) or vPDQ (video) of a file; errors are recorded, not raised."""
    limits = limits or ImageLimits()
    name = str(path)
    if path.suffix.lower() in VIDEO_SUFFIXES:
        try:
            md5 = Md5Hasher().hash_file(path)[0].value
            frames = tuple(VpdqHasher().hash_file(path))
        except MediaError as exc:
            return MediaHash(name, error=str(exc))
        return MediaHash(name, md5=md5, vpdq=frames)
    try:
        data = read_limited(path, limits.max_bytes)
    except MediaError as exc:
        return MediaHash(name, error=str(exc))
    md5 = Md5Hasher.hash_bytes(data).value
    hasher = PdqHasher(limits)
    try:
        if dihedral:
            variants = hasher.dihedral_bytes(data)
            pdq, others = variants[0], tuple(v.value for v in variants)
        else:
            pdq, others = hasher.hash_bytes(data), ()
    except MediaError as exc:
        return MediaHash(name, md5=md5, error=str(exc))
    finally:
        del data
    return MediaHash(name, md5=md5, pdq=pdq.value, quality=pdq.quality, dihedral=others)
