"""The .gt reader against files written byte by byte from the format's description, and the cuts."""

from __future__ import annotations

import gzip
import struct
from pathlib import Path

import numpy as np
import pytest

from netbrake.errors import InputError
from netbrake.scenarios import BACKDROPS, BENCHMARK_BACKDROPS, backdrop_dir, missing_reason, read_gt
from netbrake.scenarios.backdrop import (
    Backdrop,
    ball,
    index_width,
    k_core,
    largest_component,
    simple_undirected,
)
from netbrake.scenarios.catalog import networkx_backdrop

MAGIC = "⛾ gt".encode()
#: A property-map section as graph-tool writes it after the adjacency: one vertex
#: string property "name". The reader must never get there.
NAMES = struct.pack("<Q", 1) + b"\x01" + struct.pack("<Q", 4) + b"name" + b"\x06"


def gt_bytes(
    adjacency: list[list[int]],
    *,
    directed: bool,
    big_endian: bool = False,
    comment: bytes = b"hand-written",
    trailer: bytes = NAMES,
) -> bytes:
    """A .gt file: header, comment, directed flag, N, out-neighbour lists, then ``trailer``."""
    e = ">" if big_endian else "<"
    n = len(adjacency)
    # graph-tool's writer: uint8 while N <= 255, uint16 while N <= 65535, ...
    code = "B" if n <= 0xFF else "H" if n <= 0xFFFF else "I"
    out = MAGIC + bytes([1, 1 if big_endian else 0])
    out += struct.pack(f"{e}Q", len(comment)) + comment
    out += bytes([1 if directed else 0]) + struct.pack(f"{e}Q", n)
    for targets in adjacency:
        out += struct.pack(f"{e}Q", len(targets))
        out += struct.pack(f"{e}{len(targets)}{code}", *targets)
    return out + trailer


def _edges(b: Backdrop) -> list[tuple[int, int]]:
    return sorted(zip(b.src.tolist(), b.dst.tolist(), strict=True))


@pytest.mark.parametrize("big_endian", [False, True])
@pytest.mark.parametrize("compressed", [False, True])
def test_reads_a_hand_written_file_in_either_byte_order(tmp_path, big_endian, compressed):
    data = gt_bytes([[1, 2], [2], [], [0]], directed=True, big_endian=big_endian)
    path = tmp_path / ("g.gt.gz" if compressed else "g.gt")
    path.write_bytes(gzip.compress(data) if compressed else data)
    b = read_gt(path)
    assert (b.n, b.directed, b.name) == (4, True, "g")
    assert _edges(b) == [(0, 1), (0, 2), (1, 2), (3, 0)]


def test_wide_indexes_and_undirected_lists(tmp_path):
    n = 300  # more than 255 nodes: 2-byte indexes
    adjacency = [[] for _ in range(n)]
    adjacency[0] = [299, 256]
    adjacency[299] = [5]
    path = tmp_path / "wide.gt"
    path.write_bytes(gt_bytes(adjacency, directed=False, big_endian=True))
    b = read_gt(path)
    assert (b.n, b.directed) == (300, False)
    assert _edges(b) == [(0, 256), (0, 299), (299, 5)]


@pytest.mark.parametrize(
    ("n", "width"),
    [(1, 1), (255, 1), (256, 2), (65_535, 2), (65_536, 4), (2**32 - 1, 4), (2**32, 8)],
)
def test_index_width_follows_graph_tools_writer(n, width):
    assert index_width(n) == width


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"GT\x00\x00" + b"\x00" * 30, "bad magic"),
        (MAGIC + b"\x02\x00" + b"\x00" * 30, "unsupported gt version 2"),
        (gt_bytes([[1], [0]], directed=True, trailer=b"")[:-1], "truncated gt file"),
        (gt_bytes([[7], []], directed=True, trailer=b""), "names node 7 of 2"),
    ],
)
def test_bad_files_are_one_line_errors_naming_the_file(tmp_path, data, message):
    path = tmp_path / "bad.gt"
    path.write_bytes(data)
    with pytest.raises(InputError, match=message) as info:
        read_gt(path)
    assert str(path) in str(info.value)


def test_karate_from_the_collection_matches_networkx():
    reason = missing_reason("nx-karate") or (
        None if (backdrop_dir() / "karate.gt.gz").is_file() else "karate.gt.gz not fetched"
    )
    if reason:
        pytest.skip(reason)
    b = read_gt(backdrop_dir() / "karate.gt.gz")
    nx_b = networkx_backdrop("nx-karate")
    assert (b.n, b.edges, b.directed) == (34, 78, False)
    assert sorted(b.degrees().tolist()) == sorted(nx_b.degrees().tolist())


def _toy() -> Backdrop:
    """A 4-clique (0-3) with a tail 3-4-5, and a separate edge 6-7 listed twice."""
    pairs = [(0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (2, 3), (3, 4), (4, 5), (6, 7), (7, 6)]
    src, dst = (np.array(x, np.int64) for x in zip(*pairs, strict=True))
    return Backdrop("toy", 8, src, dst, False)


def test_cuts_of_a_known_graph():
    toy = _toy()
    lo, _hi = simple_undirected(toy)
    assert len(lo) == 9
    lcc = largest_component(toy)
    assert (lcc.n, lcc.edges, lcc.name) == (6, 8, "toy-lcc")
    core = k_core(toy, 3)
    assert (core.n, core.edges) == (4, 6)
    sample = ball(toy, 5, seed=0)
    assert sample.n == 5
    assert largest_component(sample).n == 5  # a breadth-first ball is connected


def test_named_backdrops_have_their_published_sizes():
    missing = [n for n in BACKDROPS if missing_reason(n)]
    if missing:
        pytest.skip(f"backdrops not fetched: {', '.join(missing)}")
    from netbrake.scenarios import load_backdrop

    sizes = {n: load_backdrop(n).n for n in BACKDROPS}
    assert {n: sizes[n] for n in BENCHMARK_BACKDROPS} == {
        "polblogs-lcc": 1_222,
        "enron-10core": 4_513,
        "pgp-ball5k": 5_000,
    }
    assert sizes["enron-lcc"] > 30_000


def test_networkx_fallback_is_structure_only():
    if missing_reason("nx-lesmis"):
        pytest.skip("networkx is not installed")
    b = networkx_backdrop("nx-lesmis")
    assert (b.n, b.edges) == (77, 254)
    assert b.src.dtype == np.int64
    assert set(vars(b)) == {"name", "n", "src", "dst", "directed"}


def test_missing_backdrop_says_how_to_fetch(tmp_path):
    reason = missing_reason("polblogs-lcc", tmp_path)
    assert reason is not None
    assert "scripts/backdrops.sh" in reason
    assert Path(reason.split(" is missing")[0]).parent == tmp_path
