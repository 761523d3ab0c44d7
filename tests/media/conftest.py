"""Fixtures for the media tests: synthetic images (noise, gradients, shapes) and reference vectors.

Every image here is generated; none is a photo of a person. The PDQ
reference vectors live outside the repository (../shared/vectors/pdq) and
tests that need them skip with a clear message when they are absent.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

REPO = Path(__file__).resolve().parents[2]
VECTORS = REPO / ".." / "shared" / "vectors" / "pdq"


@pytest.fixture
def vectors() -> Path:
    if not (VECTORS / "expected-dih.csv").is_file():
        pytest.skip(
            f"PDQ reference vectors not found at {VECTORS.resolve()} (../shared/vectors/pdq)"
        )
    return VECTORS


def synthetic_image(seed: int, size: tuple[int, int] = (160, 120)) -> Image.Image:
    """A textured test picture: gradient + shapes + noise, different for every seed."""
    rng = np.random.default_rng(seed)
    w, h = size
    yy, xx = np.mgrid[0:h, 0:w]
    base = np.stack(
        [(xx * rng.uniform(0.5, 2)) % 256, (yy * rng.uniform(0.5, 2)) % 256, (xx + yy) % 256],
        axis=-1,
    )
    image = Image.fromarray(base.astype(np.uint8), "RGB")
    draw = ImageDraw.Draw(image)
    for _ in range(6):
        x0, y0 = int(rng.integers(0, w - 20)), int(rng.integers(0, h - 20))
        box = (x0, y0, x0 + int(rng.integers(10, w // 2)), y0 + int(rng.integers(10, h // 2)))
        draw.ellipse(box, fill=tuple(int(c) for c in rng.integers(0, 256, 3)))
    noise = rng.integers(-20, 21, size=(h, w, 3))
    return Image.fromarray(np.clip(np.asarray(image) + noise, 0, 255).astype(np.uint8), "RGB")


def encode(image: Image.Image, fmt: str = "PNG", **kw: object) -> bytes:
    buf = io.BytesIO()
    image.save(buf, format=fmt, **kw)
    return buf.getvalue()


@pytest.fixture
def image_file(tmp_path: Path) -> Callable[..., Path]:
    """Write a synthetic image to a temporary file and return its path."""

    def make(seed: int = 1, name: str | None = None, fmt: str = "PNG") -> Path:
        path = tmp_path / (name or f"synthetic-{seed}.{fmt.lower()}")
        path.write_bytes(encode(synthetic_image(seed), fmt))
        return path

    return make


@pytest.fixture
def synthetic() -> Callable[..., Image.Image]:
    """:func:`synthetic_image`, for tests (importlib mode cannot import conftest)."""
    return synthetic_image


@pytest.fixture
def encoded() -> Callable[..., bytes]:
    """:func:`encode`, for tests."""
    return encode
