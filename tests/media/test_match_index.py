"""Conformance of every MatchIndex implementation, and exactness against brute force.

Every implementation passes the same class of tests (python-threatexchange
style); hypothesis then checks the fast index returns exactly the brute-force
reference's hits, through random inserts, deletes, saves and thresholds.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netbrake.media import (
    BruteForceIndex,
    ChunkLayout,
    FaissMultiHashIndex,
    MatchIndex,
    MultiIndexHashIndex,
    pdq_words,
)
from netbrake.media.fingerprint import Words, popcount
from netbrake.media.multi_index import _QUERY_BATCH

HAS_FAISS = importlib.util.find_spec("faiss") is not None


def random_words(rng: np.random.Generator, n: int) -> Words:
    return rng.integers(0, np.iinfo(np.uint64).max, size=(n, 4), dtype=np.uint64, endpoint=True)


def flip(words: Words, bits: list[int]) -> Words:
    out = words.copy()
    for b in bits:
        out[..., b // 64] ^= np.uint64(1) << np.uint64(63 - b % 64)
    return out


IMPLEMENTATIONS: dict[str, Callable[[], MatchIndex]] = {
    "brute-force": BruteForceIndex,
    "mih-11": MultiIndexHashIndex,
    "mih-16": lambda: MultiIndexHashIndex(ChunkLayout.even(16), workers=1),
    "mih-uneven": lambda: MultiIndexHashIndex(
        ChunkLayout((20, 28, 32, 32, 32, 30, 30, 32, 20)), workers=2
    ),
    "faiss": FaissMultiHashIndex,
}


@pytest.fixture(params=list(IMPLEMENTATIONS))
def make_index(request: pytest.FixtureRequest) -> Callable[[], MatchIndex]:
    if request.param == "faiss" and not HAS_FAISS:
        pytest.skip("faiss not installed (the exchange extra brings it)")
    return IMPLEMENTATIONS[request.param]


class TestMatchIndexConformance:
    """What every index must do; parametrised over all implementations."""

    def test_finds_exactly_the_hashes_within_threshold(
        self, make_index: Callable[[], MatchIndex]
    ) -> None:
        base = random_words(np.random.default_rng(3), 1)
        bank = np.concatenate([flip(base, list(range(d))) for d in (0, 5, 31, 32, 40)])
        index = make_index()
        index.add([10, 11, 12, 13, 14], bank)
        hits = index.search(base, 31)
        assert hits.pairs() == [(0, 10, 0), (0, 11, 5), (0, 12, 31)]
        assert index.search(base, 32).pairs()[-1] == (0, 13, 32)
        assert index.search(base, 0).pairs() == [(0, 10, 0)]

    def test_remove_and_reinsert(self, make_index: Callable[[], MatchIndex]) -> None:
        bank = random_words(np.random.default_rng(4), 50)
        index = make_index()
        index.add(np.arange(50), bank)
        assert index.remove([3, 4, 999]) == 2
        assert len(index) == 48
        assert index.search(bank[3:5], 31).pairs() == []
        index.add([3], bank[3:4])
        assert index.search(bank[3:4], 0).pairs() == [(0, 3, 0)]

    def test_duplicate_id_is_refused(self, make_index: Callable[[], MatchIndex]) -> None:
        bank = random_words(np.random.default_rng(5), 2)
        index = make_index()
        index.add([1], bank[:1])
        with pytest.raises(ValueError, match="already"):
            index.add([1], bank[1:])
        with pytest.raises(ValueError, match="duplicate"):
            index.add([7, 7], bank)

    def test_empty_index_and_empty_query(self, make_index: Callable[[], MatchIndex]) -> None:
        index = make_index()
        assert len(index.search(random_words(np.random.default_rng(6), 3), 31)) == 0
        index.add([1], random_words(np.random.default_rng(6), 1))
        assert len(index.search(np.zeros((0, 4), dtype=np.uint64), 31)) == 0

    def test_one_query_matches_many_and_many_queries_match_one(
        self, make_index: Callable[[], MatchIndex]
    ) -> None:
        base = random_words(np.random.default_rng(8), 1)
        family = np.concatenate([flip(base, [i, 100 + i]) for i in range(20)])
        index = make_index()
        index.add(np.arange(20), family)
        hits = index.search(np.concatenate([base, base]), 31)
        assert len(hits) == 40
        assert set(hits.distance.tolist()) == {2}


near_duplicates = st.lists(
    st.tuples(st.integers(0, 39), st.lists(st.integers(0, 255), max_size=40)), max_size=60
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 2**32 - 1),
    derived=near_duplicates,
    threshold=st.integers(0, 70),
    deletions=st.lists(st.integers(0, 120), max_size=20),
    chunks=st.sampled_from([11, 16, 9, 32]),
)
def test_multi_index_equals_brute_force(
    seed: int,
    derived: list[tuple[int, list[int]]],
    threshold: int,
    deletions: list[int],
    chunks: int,
) -> None:
    rng = np.random.default_rng(seed)
    roots = random_words(rng, 40)
    bank = np.concatenate([roots, *[flip(roots[i : i + 1], bits) for i, bits in derived]])
    queries = np.concatenate([flip(roots, list(rng.integers(0, 256, 20))), random_words(rng, 5)])
    fast, ref = MultiIndexHashIndex(ChunkLayout.even(chunks), workers=1), BruteForceIndex()
    half = 3 * len(bank) // 4
    for index in (fast, ref):  # a large then a small insert: the fast index keeps two segments
        index.add(np.arange(half), bank[:half])
        index.add(np.arange(half, len(bank)), bank[half:])
        index.remove(deletions)
    assert fast.search(queries, threshold).pairs() == ref.search(queries, threshold).pairs()


def test_hits_survive_save_and_memory_mapped_reopen(tmp_path: Path) -> None:
    rng = np.random.default_rng(11)
    bank = random_words(rng, 3000)
    queries = flip(bank[:200], [1, 70, 140, 200, 255])
    index = MultiIndexHashIndex(workers=1)
    index.add(np.arange(3000), bank)
    index.add(np.arange(3000, 3100), random_words(rng, 100))
    index.remove([0, 1, 2])
    index.save(tmp_path)
    expected = index.search(queries, 31).pairs()
    reopened = MultiIndexHashIndex.open(tmp_path)
    assert isinstance(reopened._segments[0].words, np.memmap)
    assert reopened.search(queries, 31).pairs() == expected
    assert len(reopened) == len(index) == 3097
    # edits after reopening are saved incrementally: new segment, tombstones, same folder
    reopened.remove([5])
    reopened.add([9999], bank[:1])
    reopened.save(tmp_path)
    again = MultiIndexHashIndex.open(tmp_path, mmap=False)
    assert again.search(bank[5:6], 0).pairs() == []
    assert again.search(bank[:1], 0).pairs() == [(0, 9999, 0)]
    # saving a reopened index somewhere else writes every segment there
    again.save(tmp_path / "copy")
    copy = MultiIndexHashIndex.open(tmp_path / "copy")
    assert copy.search(queries, 31).pairs() == again.search(queries, 31).pairs()


def test_small_inserts_merge_into_few_segments_and_compact_folds_all() -> None:
    rng = np.random.default_rng(12)
    index = MultiIndexHashIndex(workers=1)
    index.add(np.arange(1000), random_words(rng, 1000))
    for k in range(8):
        index.add(np.arange(2000 + 10 * k, 2010 + 10 * k), random_words(rng, 10))
    assert len(index.segment_sizes) <= 4
    assert sum(index.segment_sizes) == 1080
    index.remove(np.arange(10))
    index.compact()
    assert index.segment_sizes == [1070]


def test_open_refuses_a_foreign_folder(tmp_path: Path) -> None:
    (tmp_path / "manifest.json").write_text('{"format": "other"}')
    with pytest.raises(ValueError, match="not a netbrake PDQ index"):
        MultiIndexHashIndex.open(tmp_path)


@pytest.mark.parametrize(
    ("chunks", "threshold", "radius"), [(11, 31, 2), (16, 31, 1), (32, 31, 0), (11, 33, 3)]
)
def test_layout_radius_is_the_pigeonhole_bound(chunks: int, threshold: int, radius: int) -> None:
    layout = ChunkLayout.even(chunks)
    assert layout.radius(threshold) == radius
    # the guarantee: a pair at distance `threshold` cannot have every chunk above `radius`
    assert chunks * (radius + 1) > threshold


def test_chunk_values_cover_every_bit_once() -> None:
    layout = ChunkLayout((23, 23, 23, 23, 23, 23, 23, 23, 24, 24, 24))
    ones = pdq_words(["f" * 64])
    values = [int(layout.values(ones, c)[0]) for c in range(len(layout))]
    assert values == [(1 << w) - 1 for w in layout.widths]
    single = pdq_words([f"{1 << 200:064x}"])  # bit 55 from the top: in the third chunk (46..68)
    assert [int(layout.values(single, c)[0]) != 0 for c in range(len(layout))].count(True) == 1
    assert int(layout.values(single, 2)[0]) == 1 << (23 - (55 - 46) - 1)


def test_layout_rejects_bad_widths() -> None:
    with pytest.raises(ValueError, match="sum to 256"):
        ChunkLayout((128, 127))


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    chunks=st.sampled_from([11, 16, 9, 32]),
    threshold=st.integers(0, 40),
)
def test_worst_case_spread_differences_are_found(seed: int, chunks: int, threshold: int) -> None:
    """Differences spread as evenly as possible over the chunks: the pigeonhole bound's edge case."""
    rng = np.random.default_rng(seed)
    layout = ChunkLayout.even(chunks)
    bits: list[int] = []
    for c in range(threshold):  # round-robin over chunks, a new bit of the chunk each round
        chunk, round_ = c % chunks, c // chunks
        # the chunk's low bits: small segments bucket by those, so they must be searched right
        bits.append(layout.starts[chunk] + layout.widths[chunk] - 1 - round_ % layout.widths[chunk])
    base = random_words(rng, 1)
    bank = np.concatenate([flip(base, bits), flip(base, [*bits, 255 - (threshold % 7)])])
    fast, ref = MultiIndexHashIndex(layout, workers=1), BruteForceIndex()
    for index in (fast, ref):
        index.add([1, 2], bank)
    found = fast.search(base, threshold).pairs()
    assert (0, 1, threshold) in found
    assert found == ref.search(base, threshold).pairs()


@pytest.mark.parametrize(("chunks", "threshold"), [(11, 31), (11, 22), (16, 31), (9, 40), (32, 5)])
def test_radii_spend_exactly_the_generalised_pigeonhole_bound(chunks: int, threshold: int) -> None:
    radii = ChunkLayout.even(chunks).radii(threshold)
    assert sum(r + 1 for r in radii) == threshold + 1
    assert max(radii) - min(radii) <= 1


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), chunks=st.sampled_from([11, 16, 9]), data=st.data())
def test_generalised_pigeonhole_edge_is_found(seed: int, chunks: int, data: st.DataObject) -> None:
    """Every chunk one bit past its radius except one chunk, which is at its radius: the
    pair is at exactly ``threshold`` bits and only that chunk's probes can find it."""
    threshold = data.draw(st.integers(0, 40))
    layout = ChunkLayout.even(chunks)
    radii = layout.radii(threshold)
    tight = data.draw(st.sampled_from([c for c, r in enumerate(radii) if r >= 0]))
    bits: list[int] = []
    for c, r in enumerate(radii):
        end = layout.starts[c] + layout.widths[c]  # low bits: what small tables bucket by
        bits += range(end - (r if c == tight else r + 1), end)
    assert len(bits) == threshold
    base = random_words(np.random.default_rng(seed), 1)
    fast = MultiIndexHashIndex(layout, workers=1)
    fast.add([1, 2], np.concatenate([flip(base, bits), flip(base, [*bits, 128])]))
    # the second row has one more bit flipped, unless bit 128 was already flipped (then one less)
    assert (0, 1, threshold) in fast.search(base, threshold).pairs()
    ref = BruteForceIndex()
    ref.add([1, 2], np.concatenate([flip(base, bits), flip(base, [*bits, 128])]))
    assert fast.search(base, threshold).pairs() == ref.search(base, threshold).pairs()


def test_threaded_search_over_several_batches_and_segments_equals_brute_force() -> None:
    """Query batches run on a thread pool and each segment dedupes on its own: the joined
    hits must still be exactly brute force's, in order."""
    rng = np.random.default_rng(13)
    centres = random_words(rng, 60)
    bank = np.concatenate([flip(centres, list(rng.integers(0, 256, 8))) for _ in range(40)])
    near = flip(bank[rng.integers(0, len(bank), 2000)], [3, 99, 200])
    queries = rng.permutation(np.concatenate([near, random_words(rng, 600)]))
    fast, serial, ref = (
        MultiIndexHashIndex(workers=2),
        MultiIndexHashIndex(workers=1),
        BruteForceIndex(),
    )
    for index in (fast, serial, ref):
        index.add(np.arange(2000), bank[:2000])
        index.add(np.arange(2000, 2400), bank[2000:])
        index.remove(np.arange(0, 2400, 7))
    expected = ref.search(queries, 31).pairs()
    batches = -(-len(queries) // _QUERY_BATCH)
    assert batches >= 3
    assert {q // _QUERY_BATCH for q, _, _ in expected} == set(range(batches))
    assert fast.search(queries, 31).pairs() == serial.search(queries, 31).pairs() == expected


def test_segments_saved_without_an_occupancy_bitmap_still_open(tmp_path: Path) -> None:
    """Indexes saved before the bitmap existed rebuild it from the offsets on open."""
    rng = np.random.default_rng(14)
    bank = random_words(rng, 500)
    index = MultiIndexHashIndex(workers=1)
    index.add(np.arange(500), bank)
    index.save(tmp_path)
    for old in tmp_path.glob("segment-*/occupied.npy"):
        old.unlink()
    queries = flip(bank[:50], [0, 77, 150])
    assert MultiIndexHashIndex.open(tmp_path).search(queries, 31).pairs() == (
        index.search(queries, 31).pairs()
    )


@pytest.mark.parametrize("chunks", [11, 16, 9, 32])
@pytest.mark.parametrize("bits", [8, 13, 23, 32])
def test_word_masks_count_a_chunks_low_bits(chunks: int, bits: int) -> None:
    layout = ChunkLayout.even(chunks)
    words = random_words(np.random.default_rng(bits), 200)
    for c, width in enumerate(layout.widths):
        low = min(bits, width)
        expected = popcount(layout.values(words, c) & np.uint64((1 << low) - 1))
        counted = sum(
            popcount(words[:, w] & m).astype(np.int64) for w, m in layout.word_masks(c, low)
        )
        assert np.array_equal(counted, expected)
