"""vPDQ video hashing (optional: needs the vpdq bindings, built against FFmpeg)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image

from netbrake.media import PdqHasher, hash_media, pdq_distance, vpdq_available

pytestmark = pytest.mark.skipif(
    not vpdq_available(),
    reason="vpdq not installed: optional 'video' extra; needs FFmpeg development packages to build",
)


def _clip(path: Path, seeds: list[int], synthetic: Callable[..., Image.Image]) -> Path:
    # 10 frames per second of each picture; a one-pixel mark per frame stops Pillow merging them
    frames = []
    for seed in seeds:
        for i in range(10):
            frame = synthetic(seed)
            frame.putpixel((i, 0), (255, 0, 255))
            frames.append(frame)
    frames[0].save(
        path, format="GIF", save_all=True, append_images=frames[1:], duration=100, loop=0
    )
    return path


def test_video_gives_one_frame_hash_per_second(
    tmp_path: Path, synthetic: Callable[..., Image.Image]
) -> None:
    record = hash_media(_clip(tmp_path / "clip.mp4", [1, 2, 3], synthetic))
    assert record.error is None
    assert [s.frame for s in record.vpdq] == [0, 10, 20]
    frame_json = record.to_json()["vpdq"][0]
    assert set(frame_json) == {"frame", "timestamp", "pdq", "quality"}


def test_frames_match_the_still_images(
    tmp_path: Path, synthetic: Callable[..., Image.Image], encoded: Callable[..., bytes]
) -> None:
    record = hash_media(_clip(tmp_path / "clip.mp4", [4, 5], synthetic))
    still = PdqHasher().hash_bytes(encoded(synthetic(5))).value
    assert min(pdq_distance(s.value, still) for s in record.vpdq) <= 31


def test_corrupt_video_is_recorded(tmp_path: Path) -> None:
    path = tmp_path / "broken.mp4"
    path.write_bytes(b"\x00\x00\x00\x18ftypmp42" + b"\xff" * 200)
    record = hash_media(path)
    assert record.error is not None
    assert record.vpdq == ()
