"""Media hashes: some member posts match the known list exactly or nearly, most do not (F8)."""

from __future__ import annotations

import numpy as np
import pytest

from netbrake.synth.media import flip_bits, media_hashes


def _distance(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Reference Hamming distance, one bit at a time."""
    return np.unpackbits(a ^ b, axis=1).sum(axis=1)


@pytest.mark.parametrize(("low", "high"), [(1, 1), (1, 8), (40, 60)])
def test_flip_bits_flips_exactly_that_many_bits(low, high):
    rng = np.random.default_rng(0)
    pdq = rng.integers(0, 256, size=(200, 32), dtype=np.uint8)
    flipped = flip_bits(rng, pdq, low, high)
    d = _distance(pdq, flipped)
    assert d.min() >= low
    assert d.max() <= high


def test_members_hit_the_list_sometimes_benign_posts_only_far(platform):
    posts = platform.tables["posts"]
    known_pdq = {bytes.fromhex(h) for h in platform.known_hashes.column("pdq").to_pylist()}
    known_md5 = set(platform.known_hashes.column("md5").to_pylist())
    label = dict(
        zip(
            platform.tables["labels"].column("account_id").to_pylist(),
            platform.tables["labels"].column("network_id").to_pylist(),
            strict=True,
        )
    )
    table = np.frombuffer(b"".join(sorted(known_pdq)), dtype=np.uint8).reshape(-1, 32)
    exact = near = new = benign_near = 0
    for owner, md5, pdq in zip(
        *(posts.column(c).to_pylist() for c in ("account_id", "media_md5", "media_pdq")),
        strict=True,
    ):
        if pdq is None:
            continue
        row = np.frombuffer(bytes.fromhex(pdq), dtype=np.uint8)[None, :]
        best = int(_distance(np.repeat(row, table.shape[0], axis=0), table).min())
        if label[owner] is None:
            assert best > 30
            assert md5 not in known_md5
            benign_near += best <= 60
        elif best == 0 and md5 in known_md5:
            exact += 1
        elif 0 < best <= 8:
            near += 1
        else:
            new += 1
    assert exact
    assert near
    assert new > exact + near


def test_hashes_are_drawn_only_for_media_rows():
    rng = np.random.default_rng(1)
    media = media_hashes(rng, np.array([True] * 100 + [False] * 900))
    assert media.md5.shape == (1000, 16)
    assert media.pdq.shape == (1000, 32)
    assert media.known_pdq.shape[0] == media.known_md5.shape[0] >= 50


def test_a_few_benign_items_are_far_near_misses_of_the_list():
    rng = np.random.default_rng(2)
    member = np.zeros(20_000, dtype=bool)
    member[:100] = True
    media = media_hashes(rng, member)
    benign = media.pdq[~member]
    known_bits = np.unpackbits(media.known_pdq, axis=1).astype(np.int16)
    benign_bits = np.unpackbits(benign, axis=1).astype(np.int16)
    # Hamming distance as bits that differ: |a| + |b| - 2 a.b
    nearest = (
        benign_bits.sum(1)[:, None] + known_bits.sum(1)[None, :] - 2 * benign_bits @ known_bits.T
    ).min(axis=1)
    misses = nearest[nearest <= 60]
    assert misses.size >= 3
    assert misses.min() >= 40
