"""vPDQ for video: a PDQ hash per sampled frame (Meta's ``vpdq`` bindings, optional).

``vpdq`` is the ``video`` extra; building it needs FFmpeg development
packages (Debian: libavcodec-dev libavformat-dev libavfilter-dev
libswscale-dev libswresample-dev libavutil-dev libavdevice-dev pkg-config).
FFmpeg decodes from the file in place: netbrake never copies the video.
"""

from __future__ import annotations

from pathlib import Path

from netbrake.errors import InputError
from netbrake.extras import available, require
from netbrake.media.hasher import MediaError, MediaHasher, Signal

FEATURE = "video hashing (vPDQ)"


def vpdq_available() -> bool:
    """Whether the optional ``vpdq`` bindings are installed."""
    return available("vpdq")


class VpdqHasher(MediaHasher):
    """One PDQ hash per ``seconds_per_hash`` of video."""

    kind = "vpdq"

    def __init__(self, seconds_per_hash: float = 1.0):
        self.seconds_per_hash = seconds_per_hash

    def hash_file(self, path: Path) -> list[Signal]:
        try:
            vpdq = require("vpdq", "video", FEATURE)
        except InputError as exc:  # one file's error: the other files are still hashed
            raise MediaError(exc.one_line()) from exc
        if not path.is_file() or path.stat().st_size == 0:
            raise MediaError("empty or missing video file")
        try:
            frames = vpdq.computeHash(str(path), seconds_per_hash=self.seconds_per_hash)
        except Exception as exc:  # vpdq raises a bare Exception when FFmpeg cannot decode
            if isinstance(exc, (KeyboardInterrupt, MemoryError)):  # pragma: no cover
                raise
            raise MediaError(f"not a readable video: {exc}") from exc
        if not frames:
            raise MediaError("no decodable video frames")
        return [
            Signal("vpdq", f.hex, int(f.quality), int(f.frame_number), float(f.timestamp))
            for f in frames
        ]

    @classmethod
    def get_examples(cls) -> list[str]:
        # vPDQ frame hashes are PDQ hashes; the same known answers apply.
        return ["f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22"]
