"""PDQ for images, through the ``pdqhash`` bindings of Meta's C++ reference.

Images are decoded in memory only. The header's dimensions are checked
before any pixel is decoded (Pillow opens lazily), so a 20,000 x 20,000
image is refused without allocating it.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pdqhash
from PIL import Image

from netbrake.media.fingerprint import bits_to_hex
from netbrake.media.hasher import MediaError, MediaHasher, Signal, read_limited

#: The eight dihedral variants, in ``pdqhash.compute_dihedral`` order (PDQ reference's order).
DIHEDRAL = (
    "original",
    "rotate-90",
    "rotate-180",
    "rotate-270",
    "flip-x",
    "flip-y",
    "flip-plus-1",
    "flip-minus-1",
)


@dataclass(frozen=True)
class ImageLimits:
    """Refuse images larger than this before decoding them."""

    max_pixels: int = 50_000_000
    max_bytes: int = 100 * 1024 * 1024


class PdqHasher(MediaHasher):
    """PDQ hash and quality of an image; optionally the 8 rotated/flipped variants."""

    kind = "pdq"

    def __init__(self, limits: ImageLimits | None = None):
        self.limits = limits or ImageLimits()

    def hash_file(self, path: Path) -> list[Signal]:
        return [self.hash_bytes(read_limited(path, self.limits.max_bytes))]

    def hash_bytes(self, data: bytes) -> Signal:
        bits, quality = pdqhash.compute(self._pixels(data))
        return Signal("pdq", bits_to_hex(bits), int(quality))

    def dihedral_bytes(self, data: bytes) -> list[Signal]:
        """The 8 variants' hashes (see :data:`DIHEDRAL`): a rotated copy's hash is among them."""
        variants, quality = pdqhash.compute_dihedral(self._pixels(data))
        return [Signal("pdq", bits_to_hex(bits), int(quality)) for bits in variants]

    def _pixels(self, data: bytes) -> np.typing.NDArray[np.uint8]:
        if not data:
            raise MediaError("empty file (0 bytes)")
        try:
            with warnings.catch_warnings():
                # netbrake applies its own, stricter pixel limit below
                warnings.simplefilter("ignore", Image.DecompressionBombWarning)
                image = Image.open(io.BytesIO(data))
        except Image.DecompressionBombError as exc:
            raise MediaError(f"image over the {self.limits.max_pixels:,}-pixel limit") from exc
        except (OSError, ValueError, SyntaxError) as exc:
            raise MediaError(f"not a readable image: {exc}") from exc
        with image:
            width, height = image.size
            if width * height > self.limits.max_pixels:
                raise MediaError(
                    f"image is {width:,} x {height:,} pixels, over the "
                    f"{self.limits.max_pixels:,}-pixel limit"
                )
            if width < 1 or height < 1:  # pragma: no cover - Pillow refuses these itself
                raise MediaError("image has no pixels")
            try:
                rgb = image.convert("RGB")
            except (OSError, ValueError, SyntaxError) as exc:
                raise MediaError(f"corrupt or truncated image: {exc}") from exc
            return np.asarray(rgb, dtype=np.uint8)

    @classmethod
    def get_examples(cls) -> list[str]:
        # python-threatexchange PdqSignal.get_examples(): pdq/data/bridge-mods and misc-images.
        return [
            "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22",
            "f8f8f0cee0f4a84f06370a2a038f63f0b36e26d596621e1d33e6b39c4e9c9b22",
            "d8f8f0cec0f4a84f8e370a22038f67f0b36a2ed597231e1d72e6b39c4a9c9b22",
            "e64cc9d91c623882f8d1f1d9a398e78c9f199b3bd83924f2b7e11e0bf861b064",
            "6227401f601ff4ccafcc9fad4b0d95d371a2eb7265a3285234d228ca94deeb2d",
        ]
