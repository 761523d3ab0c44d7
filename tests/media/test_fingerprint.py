"""Hex parsing, packing into words and Hamming distance agree with plain integer arithmetic."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from netbrake.media import hamming, parse_md5, parse_pdq, pdq_distance, pdq_hex, pdq_words
from netbrake.media.fingerprint import bits_to_hex

hex64 = st.integers(0, 2**256 - 1).map(lambda v: f"{v:064x}")


@given(st.lists(hex64, max_size=5))
def test_words_round_trip(hexes: list[str]) -> None:
    assert pdq_hex(pdq_words(hexes)) == hexes


@given(hex64, hex64)
def test_hamming_matches_integer_popcount(a: str, b: str) -> None:
    expected = (int(a, 16) ^ int(b, 16)).bit_count()
    assert int(hamming(pdq_words([a]), pdq_words([b]))[0]) == expected
    assert pdq_distance(a, b) == expected


def test_bits_to_hex_is_most_significant_bit_first() -> None:
    bits = np.zeros(256, dtype=np.uint8)
    bits[0] = 1
    bits[255] = 1
    assert bits_to_hex(bits) == "8" + "0" * 62 + "1"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("abc", "64 hex digits, got 3"),
        ("g" * 64, "non-hex"),
        ("0" * 65, "got 65"),
    ],
)
def test_parse_pdq_rejects(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_pdq(text)


def test_parse_canonicalises_case_and_space() -> None:
    assert parse_pdq(" " + "AB" * 32 + "\n") == "ab" * 32
    assert parse_md5("D41D8CD98F00B204E9800998ECF8427E") == "d41d8cd98f00b204e9800998ecf8427e"
    with pytest.raises(ValueError, match="32 hex digits"):
        parse_md5("d41d8cd9")


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [("0" * 64, "f" * 64, 256), ("f" * 64, "f" * 64, 0), ("f" * 16 + "0" * 48, "0" * 64, 64)],
)
def test_hamming_extremes_and_broadcasting(a: str, b: str, expected: int) -> None:
    """All 256 bits differing must not wrap: the distance sums four per-word counts."""
    left, right = pdq_words([a, a]), pdq_words([b, b, b])
    assert hamming(left[:, None, :], right[None, :, :]).tolist() == [[expected] * 3] * 2
