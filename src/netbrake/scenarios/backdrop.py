"""`Backdrop`: a real social graph used as anonymous structure, and graph-tool's ``.gt`` reader.

A detector is judged on networks planted into real social graphs, not into
synth's own (a detector tuned to its generator scores 1.000 there). Debian's ``python3-graph-tool`` package ships a collection of
them as ``.gt.gz`` files (``scripts/backdrops.sh`` fetches them without
installing the package). This module reads that binary format itself, from
its published description (graph-tool documentation, "The gt file format"):

- the magic string ``⛾ gt`` (6 bytes of UTF-8), a version byte (1) and an
  endianness byte (0 little, 1 big);
- a comment: a uint64 length and that many bytes;
- a directed flag byte and N, the node count, as uint64;
- for each node in order, its out-neighbours: a uint64 count and that many
  node indexes, each 1, 2, 4 or 8 bytes wide (the smallest width that holds
  N); an undirected edge is listed once;
- then the property maps (names, positions, ...). They are never read: the
  reader stops after the adjacency, so no vertex or edge attribute of a real
  graph can reach a scenario (the project's data rules).
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from netbrake.errors import InputError, Location

IntArray = npt.NDArray[np.int64]
MAGIC = "⛾ gt".encode()
VERSION = 1
_GZIP = b"\x1f\x8b"


@dataclass(frozen=True, eq=False)
class Backdrop:
    """A graph's structure only: ``n`` nodes ``0..n-1`` and edges ``src[i] -> dst[i]``.

    For an undirected graph each edge is listed once, in no meaningful
    direction. ``name`` says where it came from ("polblogs-lcc").
    """

    name: str
    n: int
    src: IntArray
    dst: IntArray
    directed: bool

    @property
    def edges(self) -> int:
        return int(self.src.shape[0])

    def degrees(self) -> IntArray:
        """Contacts per node, either direction, parallel edges counted."""
        out: IntArray = np.bincount(self.src, minlength=self.n) + np.bincount(
            self.dst, minlength=self.n
        )
        return out

    def renamed(self, name: str) -> Backdrop:
        return Backdrop(name, self.n, self.src, self.dst, self.directed)


class _Reader:
    """Sequential reads from the decompressed bytes, with one error style."""

    def __init__(self, data: bytes, path: Path):
        self.data, self.path, self.at = data, path, 0
        self.order = "<"

    def take(self, size: int, what: str) -> bytes:
        if size < 0 or self.at + size > len(self.data):
            raise InputError(
                f"truncated gt file: {what} needs {size} bytes at offset {self.at}",
                Location(self.path),
            )
        chunk = self.data[self.at : self.at + size]
        self.at += size
        return chunk

    def byte(self, what: str) -> int:
        return self.take(1, what)[0]

    def uint64(self, what: str) -> int:
        return int.from_bytes(self.take(8, what), "little" if self.order == "<" else "big")


def index_width(n: int) -> int:
    """Bytes per node index for ``n`` nodes: the smallest of 1, 2, 4, 8 that holds them.

    "Holds" compares ``n`` itself with the type's maximum, not the largest
    index ``n - 1``: graph-tool's writer (``graph_io_binary.hh``) uses uint8
    only while ``n <= 255``, so 256 nodes are written with 2-byte indexes.
    """
    for width in (1, 2, 4):
        if n <= (1 << (8 * width)) - 1:
            return width
    return 8


def read_gt(path: Path | str, name: str | None = None) -> Backdrop:
    """The structure of a graph-tool ``.gt`` (or gzipped ``.gt.gz``) file."""
    path = Path(path)
    try:
        raw = path.read_bytes()
        data = gzip.decompress(raw) if raw[:2] == _GZIP else raw
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        raise InputError(f"cannot read gt file: {exc}", Location(path)) from exc
    r = _Reader(data, path)
    if r.take(len(MAGIC), "magic") != MAGIC:
        raise InputError("not a graph-tool gt file (bad magic string)", Location(path))
    version = r.byte("version")
    if version != VERSION:
        raise InputError(f"unsupported gt version {version} (expected 1)", Location(path))
    endian = r.byte("endianness")
    if endian not in (0, 1):
        raise InputError(f"bad endianness byte {endian}", Location(path))
    r.order = "<" if endian == 0 else ">"
    r.take(r.uint64("comment length"), "comment")
    directed = r.byte("directed flag") != 0
    n = r.uint64("node count")
    width = index_width(n)
    dtype = np.dtype(f"{r.order}u{width}")
    counts = np.zeros(n, np.int64)
    targets: list[npt.NDArray[np.unsignedinteger]] = []
    for v in range(n):
        k = r.uint64(f"out-degree of node {v}")
        counts[v] = k
        targets.append(np.frombuffer(r.take(k * width, f"neighbours of node {v}"), dtype))
    dst = np.concatenate(targets).astype(np.int64) if targets else np.zeros(0, np.int64)
    if dst.size and int(dst.max()) >= n:
        raise InputError(f"gt adjacency names node {int(dst.max())} of {n}", Location(path))
    src = np.repeat(np.arange(n, dtype=np.int64), counts)
    return Backdrop(name or path.name.split(".")[0], n, src, dst, directed)


def simple_undirected(b: Backdrop) -> tuple[IntArray, IntArray]:
    """Each unordered pair once (lower index first), self-loops and repeats dropped."""
    lo, hi = np.minimum(b.src, b.dst), np.maximum(b.src, b.dst)
    keep = lo != hi
    pairs = np.unique(lo[keep] * max(b.n, 1) + hi[keep])
    return pairs // max(b.n, 1), pairs % max(b.n, 1)


def induced(b: Backdrop, nodes: IntArray, name: str) -> Backdrop:
    """The subgraph on ``nodes`` (renumbered in their sorted order), edges as listed."""
    nodes = np.unique(nodes)
    new = np.full(b.n, -1, np.int64)
    new[nodes] = np.arange(nodes.size)
    keep = (new[b.src] >= 0) & (new[b.dst] >= 0)
    return Backdrop(name, int(nodes.size), new[b.src[keep]], new[b.dst[keep]], b.directed)


def _labels(b: Backdrop) -> IntArray:
    lo, hi = simple_undirected(b)
    adj = sp.coo_array((np.ones(lo.size), (lo, hi)), shape=(b.n, b.n)).tocsr()
    _, labels = connected_components(adj, directed=False)
    out: IntArray = np.asarray(labels, np.int64)
    return out


def largest_component(b: Backdrop, name: str | None = None) -> Backdrop:
    """The largest (weakly) connected component."""
    labels = _labels(b)
    biggest = int(np.argmax(np.bincount(labels)))
    return induced(b, np.flatnonzero(labels == biggest), name or f"{b.name}-lcc")


def k_core(b: Backdrop, k: int, name: str | None = None) -> Backdrop:
    """The largest connected part of the k-core: nodes with >= k distinct neighbours inside it."""
    lo, hi = simple_undirected(b)
    alive = np.ones(b.n, bool)
    while True:
        keep = alive[lo] & alive[hi]
        degree = np.bincount(lo[keep], minlength=b.n) + np.bincount(hi[keep], minlength=b.n)
        drop = alive & (degree < k)
        if not drop.any():
            break
        alive &= ~drop
    core = induced(b, np.flatnonzero(alive), f"{b.name}-{k}core")
    return largest_component(core, name or f"{b.name}-{k}core")


def ball(b: Backdrop, size: int, seed: int, name: str | None = None) -> Backdrop:
    """About ``size`` nodes reached breadth-first from a seeded start in the largest component.

    The last layer is cut in node order so the result has exactly ``size``
    nodes (or the whole component when smaller).
    """
    lcc = largest_component(b)
    lo, hi = simple_undirected(lcc)
    adj = sp.coo_array(
        (np.ones(2 * lo.size), (np.r_[lo, hi], np.r_[hi, lo])), shape=(lcc.n, lcc.n)
    ).tocsr()
    start = int(np.random.default_rng(seed).integers(lcc.n))
    seen = np.zeros(lcc.n, bool)
    seen[start] = True
    order = [np.array([start])]
    frontier = order[0]
    total = 1
    while total < size and frontier.size:
        reached = np.unique(adj[frontier].indices)
        frontier = reached[~seen[reached]]
        frontier = frontier[: size - total]
        seen[frontier] = True
        order.append(frontier)
        total += frontier.size
    return induced(lcc, np.concatenate(order), name or f"{b.name}-ball{size}")
