"""Conformance of every MediaHasher, and bad input: corrupt, truncated, empty, huge, flat images."""

from __future__ import annotations

import hashlib
import struct
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image

from netbrake.media import (
    ImageLimits,
    Md5Hasher,
    MediaError,
    MediaHasher,
    PdqHasher,
    VpdqHasher,
    hash_media,
    parse_md5,
    parse_pdq,
    pdq_distance,
    vpdq_available,
)

Synthetic = Callable[..., Image.Image]
Encode = Callable[..., bytes]

HASHERS: list[type[MediaHasher]] = [PdqHasher, Md5Hasher, VpdqHasher]


@pytest.mark.parametrize("hasher_cls", HASHERS)
class TestMediaHasherConformance:
    def test_examples_are_valid_signals(self, hasher_cls: type[MediaHasher]) -> None:
        parse = parse_md5 if hasher_cls.kind == "md5" else parse_pdq
        examples = hasher_cls.get_examples()
        assert examples
        assert [parse(e) for e in examples] == examples

    def test_hash_file_gives_signals_of_its_kind(
        self,
        hasher_cls: type[MediaHasher],
        image_file: Callable[..., Path],
        tmp_path: Path,
        synthetic: Synthetic,
    ) -> None:
        if hasher_cls is VpdqHasher:
            if not vpdq_available():
                pytest.skip(
                    "vpdq not installed (optional 'video' extra; needs FFmpeg dev packages)"
                )
            path = tmp_path / "clip.gif"
            frames = [synthetic(s) for s in range(1, 25)]
            frames[0].save(path, save_all=True, append_images=frames[1:], duration=100, loop=0)
        else:
            path = image_file(3)
        signals = hasher_cls().hash_file(path)
        assert signals
        assert {s.kind for s in signals} == {hasher_cls.kind}

    def test_empty_file(self, hasher_cls: type[MediaHasher], tmp_path: Path) -> None:
        if hasher_cls is VpdqHasher and not vpdq_available():
            pytest.skip("vpdq not installed")
        empty = tmp_path / "empty.mp4"
        empty.write_bytes(b"")
        if hasher_cls is Md5Hasher:  # the one signal an empty file has
            assert hasher_cls().hash_file(empty)[0].value == "d41d8cd98f00b204e9800998ecf8427e"
            return
        with pytest.raises(MediaError, match="empty"):
            hasher_cls().hash_file(empty)


def test_md5_known_answers(tmp_path: Path) -> None:
    path = tmp_path / "x.bin"
    path.write_bytes(b"")
    assert Md5Hasher().hash_file(path)[0].value == Md5Hasher.get_examples()[1]
    data = bytes(range(256)) * 5000
    path.write_bytes(data)
    assert Md5Hasher().hash_file(path)[0].value == hashlib.md5(data).hexdigest()


def test_pdq_is_stable_across_encodings_and_separates_pictures(
    synthetic: Synthetic, encoded: Encode
) -> None:
    hasher = PdqHasher()
    png = hasher.hash_bytes(encoded(synthetic(5)))
    jpeg = hasher.hash_bytes(encoded(synthetic(5), "JPEG", quality=85))
    other = hasher.hash_bytes(encoded(synthetic(6)))
    assert png.quality is not None
    assert png.quality >= 50
    assert pdq_distance(png.value, jpeg.value) <= 31
    assert pdq_distance(png.value, other.value) > 31


@pytest.mark.parametrize(
    "transpose",
    [Image.Transpose.ROTATE_90, Image.Transpose.ROTATE_180, Image.Transpose.FLIP_LEFT_RIGHT],
)
def test_dihedral_variants_find_rotated_copies(
    transpose: Image.Transpose, synthetic: Synthetic, encoded: Encode
) -> None:
    hasher = PdqHasher()
    variants = hasher.dihedral_bytes(encoded(synthetic(7)))
    rotated = hasher.hash_bytes(encoded(synthetic(7).transpose(transpose)))
    assert len(variants) == 8
    assert pdq_distance(variants[0].value, rotated.value) > 31
    # within the match threshold (PDQ's box filter is not mirror-symmetric, so not bit-exact)
    assert min(pdq_distance(v.value, rotated.value) for v in variants[1:]) <= 31


def _png_header_only(width: int, height: int) -> bytes:
    """A PNG that claims width x height but carries one compressed row: refused before decoding."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" + b"\x00" * 3 * 16)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("zero.png", b"", "empty file"),
        ("garbage.jpg", b"this is not an image at all" * 10, "not a readable image"),
        ("truncated-header.jpg", 300, "not a readable image"),
        ("truncated-data.jpg", -400, "corrupt or truncated"),
        ("huge.png", _png_header_only(20_000, 20_000), "over the 50,000,000-pixel limit"),
        ("wide.png", _png_header_only(60_000, 1_000), "60,000 x 1,000 pixels"),
    ],
)
def test_bad_images_are_recorded_not_raised(
    tmp_path: Path,
    name: str,
    content: bytes | int,
    message: str,
    synthetic: Synthetic,
    encoded: Encode,
) -> None:
    path = tmp_path / name
    if isinstance(content, int):  # a prefix of a real JPEG: cut in the header or in the scan data
        content = encoded(synthetic(8, (640, 480)), "JPEG")[:content]
    path.write_bytes(content)
    record = hash_media(path)
    assert record.pdq is None
    assert record.error is not None
    assert message in record.error
    assert record.to_json()["error"] == record.error


def test_pixel_limit_is_configurable(image_file: Callable[..., Path]) -> None:
    path = image_file(9)  # 160 x 120 = 19,200 pixels
    assert hash_media(path, limits=ImageLimits(max_pixels=19_200)).error is None
    assert "over the 19,199-pixel limit" in str(
        hash_media(path, limits=ImageLimits(max_pixels=19_199)).error
    )


def test_byte_limit_refuses_before_reading(image_file: Callable[..., Path]) -> None:
    path = image_file(9)
    record = hash_media(path, limits=ImageLimits(max_bytes=10))
    assert record.md5 is None
    assert "over the 10-byte limit" in str(record.error)


def test_flat_image_has_low_quality(tmp_path: Path, encoded: Encode) -> None:
    path = tmp_path / "flat.png"
    path.write_bytes(encoded(Image.new("RGB", (64, 64), (128, 128, 128))))
    record = hash_media(path)
    assert record.quality is not None
    assert record.quality < 50
    assert record.pdq is not None


@pytest.mark.parametrize("mode", ["L", "LA", "RGBA", "P", "I;16", "CMYK"])
def test_every_common_pixel_mode_hashes(
    tmp_path: Path, mode: str, synthetic: Synthetic, encoded: Encode
) -> None:
    source = synthetic(10)
    image = source.convert("L").convert("I;16") if mode == "I;16" else source.convert(mode)
    fmt = "JPEG" if mode == "CMYK" else "PNG"
    path = tmp_path / f"mode.{fmt.lower()}"
    path.write_bytes(encoded(image, fmt))
    record = hash_media(path)
    assert record.error is None
    reference = PdqHasher().hash_bytes(encoded(source))
    assert pdq_distance(str(record.pdq), reference.value) <= 40


def test_hash_record_json_shape(image_file: Callable[..., Path]) -> None:
    path = image_file(11)
    record = hash_media(path, dihedral=True).to_json()
    assert list(record) == ["path", "md5", "pdq", "quality", "dihedral"]
    assert record["md5"] == hashlib.md5(path.read_bytes()).hexdigest()
    assert record["dihedral"][0] == record["pdq"]
