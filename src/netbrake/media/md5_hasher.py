"""MD5 of a file's exact bytes: the clearinghouse's oldest fingerprint."""

from __future__ import annotations

import hashlib
from pathlib import Path

from netbrake.media.hasher import MediaError, MediaHasher, Signal

_BLOCK = 1 << 20


class Md5Hasher(MediaHasher):
    """Streams the file through MD5; no more than one block is in memory at a time."""

    kind = "md5"

    def hash_file(self, path: Path) -> list[Signal]:
        digest = hashlib.md5(usedforsecurity=False)
        try:
            with path.open("rb") as fh:
                while block := fh.read(_BLOCK):
                    digest.update(block)
        except OSError as exc:
            raise MediaError(f"cannot read: {exc.strerror or exc}") from exc
        return [Signal("md5", digest.hexdigest())]

    @staticmethod
    def hash_bytes(data: bytes) -> Signal:
        return Signal("md5", hashlib.md5(data, usedforsecurity=False).hexdigest())

    @classmethod
    def get_examples(cls) -> list[str]:
        # python-threatexchange VideoMD5Signal examples; the second is MD5 of b"".
        return ["cab08b36195edb1a1231d2d09fa450e0", "d41d8cd98f00b204e9800998ecf8427e"]
