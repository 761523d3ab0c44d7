"""PDQ matching: netbrake's multi-index hash vs faiss (HMA's configuration) vs numpy brute force.

    python -m benchmarks match                      # 1M bank, 10k queries, uniform + clustered
    python -m benchmarks match --n=100000 --queries=2000
    python -m benchmarks match --scale              # 10M index: memory, insert 10k, reopen
    python -m benchmarks match --http-bank=100000 --http-queries=4000   # the HTTP lookup table
    python -m benchmarks match --http-only          # only the HTTP lookup table

The HTTP table sends one hash per request through the HMA-compatible
``GET /m/lookup`` and netbrake's ``POST /v1/media/match`` (same server, same
bank, same queries; target: the HMA route within 2x of netbrake's).
All three index engines run in one process on the same data; brute force is timed on a
subset of queries (it is linear in them) and every engine's hits on that
subset are checked identical. Prints, never asserts times.
"""

from __future__ import annotations

import gc
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from benchmarks.match_http import CONNECTIONS, http_rows
from benchmarks.measure import peak_rss_mb, print_table
from netbrake.media import BruteForceIndex, FaissMultiHashIndex, MultiIndexHashIndex
from netbrake.media.fingerprint import Words
from netbrake.media.match_index import IndexHits, MatchIndex

THRESHOLD = 31


def _flag(argv: list[str], name: str, default: int) -> int:
    for arg in argv:
        if arg.startswith(f"--{name}="):
            return int(arg.split("=", 1)[1])
    return default


def _random_words(rng: np.random.Generator, n: int) -> Words:
    return rng.integers(0, np.iinfo(np.uint64).max, size=(n, 4), dtype=np.uint64, endpoint=True)


def _flip(rng: np.random.Generator, words: Words, max_bits: int) -> Words:
    """Copies with 0..max_bits random bits flipped: near-duplicates (re-encodes, crops)."""
    out = words.copy()
    flips = rng.integers(0, max_bits + 1, size=len(words))
    for k in range(1, max_bits + 1):
        rows = np.flatnonzero(flips >= k)
        bits = rng.integers(0, 256, size=len(rows))
        out[rows, bits // 64] ^= np.left_shift(np.uint64(1), (bits % 64).astype(np.uint64))
    return out


def uniform(rng: np.random.Generator, n: int, nq: int) -> tuple[Words, Words]:
    """Uniform random bank; queries: half near-duplicates (<= 24 bits) of bank hashes, half random."""
    bank = _random_words(rng, n)
    near = _flip(rng, bank[rng.integers(0, n, nq // 2)], 24)
    return bank, np.concatenate([near, _random_words(rng, nq - nq // 2)])


def clustered(rng: np.random.Generator, n: int, nq: int, family: int = 50) -> tuple[Words, Words]:
    """Families of near-duplicates (<= 12 bits from their centre), like re-shared images;
    queries: half near family centres (<= 20 bits, several matches each), half random."""
    centres = _random_words(rng, max(1, n // family))
    bank = _flip(rng, np.repeat(centres, family, axis=0)[:n], 12)
    near = _flip(rng, centres[rng.integers(0, len(centres), nq // 2)], 20)
    return bank, np.concatenate([near, _random_words(rng, nq - nq // 2)])


def _build(factory: Callable[[], MatchIndex], bank: Words) -> tuple[MatchIndex, float]:
    start = time.perf_counter()
    index = factory()
    index.add(np.arange(len(bank)), bank)
    return index, time.perf_counter() - start


def _search(index: MatchIndex, queries: Words) -> tuple[IndexHits, float]:
    start = time.perf_counter()
    hits = index.search(queries, THRESHOLD)
    return hits, time.perf_counter() - start


def compare(name: str, bank: Words, queries: Words, brute_queries: int) -> list[list[object]]:
    rows: list[list[object]] = []
    sub = queries[:brute_queries]
    brute, brute_build = _build(BruteForceIndex, bank)
    ref, brute_s = _search(brute, sub)
    del brute
    gc.collect()
    engines: list[tuple[str, Callable[[], MatchIndex]]] = [
        ("netbrake MultiIndexHashIndex (2 threads)", MultiIndexHashIndex),
        ("netbrake MultiIndexHashIndex (1 thread)", lambda: MultiIndexHashIndex(workers=1)),
        ("faiss IndexBinaryMultiHash (HMA config)", FaissMultiHashIndex),
    ]
    full: dict[str, IndexHits] = {}
    for label, factory in engines:
        index, build_s = _build(factory, bank)
        runs = [_search(index, queries) for _ in range(2)]
        hits, best = runs[0][0], min(t for _, t in runs)
        full[label] = hits
        same = index.search(sub, THRESHOLD).pairs() == ref.pairs()
        rows.append([name, label, len(queries), len(queries) / best, len(hits), build_s, same])
        del index
        gc.collect()
    rows.append(
        [
            name,
            "numpy brute force (reference)",
            len(sub),
            len(sub) / brute_s,
            len(ref),
            brute_build,
            True,
        ]
    )
    a, b = (full[label].pairs() for label, _ in engines[::2])
    rows.append([name, "netbrake == faiss on all queries", len(queries), 0.0, len(a), 0.0, a == b])
    return rows


def scale(n: int) -> None:
    """Memory of an n-hash index, 10k inserts, save and memory-mapped reopen."""
    rng = np.random.default_rng(7)
    bank = _random_words(rng, n)
    start = time.perf_counter()
    index = MultiIndexHashIndex()
    index.add(np.arange(n), bank)
    build_s = time.perf_counter() - start
    del bank
    gc.collect()
    seg = index._segments[0]
    nbytes = sum(
        getattr(seg, f).nbytes
        for f in ("words", "ids", "id_order", "perm", "offsets", "occupied", "dead")
    )
    del seg
    new = _random_words(rng, 10_000)
    start = time.perf_counter()
    index.add(np.arange(n, n + 10_000), new)
    insert_s = time.perf_counter() - start
    start = time.perf_counter()
    removed = index.remove(np.arange(0, 20_000, 2))
    remove_s = time.perf_counter() - start
    queries = _flip(rng, new[:2000], 24)
    hits, search_s = _search(index, queries)
    with tempfile.TemporaryDirectory(dir=os.environ.get("NETBRAKE_BENCH_TMP")) as tmp:
        start = time.perf_counter()
        index.save(Path(tmp))
        save_s = time.perf_counter() - start
        peak = peak_rss_mb()
        del index
        gc.collect()
        start = time.perf_counter()
        reopened = MultiIndexHashIndex.open(Path(tmp))
        open_s = time.perf_counter() - start
        again, _ = _search(reopened, queries)
        same = again.pairs() == hits.pairs()
        anon_after, file_after = _current_rss_mb(), _current_rss_mb("RssFile")
    print_table(
        f"MultiIndexHashIndex at {n:,} hashes",
        ["what", "value"],
        [
            ["index arrays (MiB)", nbytes / 2**20],
            ["peak RSS of this run (MiB, includes generating the data)", peak],
            ["build (s)", build_s],
            ["insert 10,000 new hashes (s)", insert_s],
            ["delete 10,000 by id (s)", remove_s],
            ["2,000 queries (q/s)", len(queries) / search_s],
            ["save (s)", save_s],
            ["reopen with mmap (s)", open_s],
            ["after reopen + 2,000 queries: private RSS (MiB)", anon_after],
            ["after reopen + 2,000 queries: mapped index pages (MiB)", file_after],
            ["same hits after reopen", str(same)],
            ["segments after insert", str(reopened.segment_sizes)],
            ["deleted", str(removed)],
        ],
    )


def _current_rss_mb(field: str = "RssAnon") -> float:
    """Resident memory now: ``RssAnon`` is private memory; memory-mapped index pages are
    ``RssFile`` (page cache the kernel can drop)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main(argv: list[str] | None = None) -> None:
    argv = argv or []
    if "--scale" in argv:
        scale(_flag(argv, "n", 10_000_000))
        return
    n, nq = _flag(argv, "n", 1_000_000), _flag(argv, "queries", 10_000)
    brute_q = _flag(argv, "brute-queries", 1_000)
    load = os.getloadavg()[0]
    print(
        f"{os.cpu_count()} CPUs, load average {load:.1f}; threshold {THRESHOLD}; numpy {np.__version__}"
    )
    if "--http-only" not in argv:
        rows: list[list[object]] = []
        for name, make in (("uniform", uniform), ("clustered", clustered)):
            bank, queries = make(np.random.default_rng(1), n, nq)
            rows += compare(name, bank, queries, brute_q)
        print_table(
            f"PDQ search, {n:,} bank hashes, distance <= {THRESHOLD}",
            [
                "data",
                "engine",
                "queries",
                "queries/s",
                "hits",
                "build s",
                "identical to brute force",
            ],
            rows,
        )
    http_n, http_q = _flag(argv, "http-bank", 100_000), _flag(argv, "http-queries", 4_000)
    bank, queries = uniform(np.random.default_rng(2), http_n, http_q)
    print_table(
        f"PDQ lookups over HTTP, {http_n:,} bank hashes, {CONNECTIONS} keep-alive connections, "
        f"one netbrake serve process (load average {os.getloadavg()[0]:.1f})",
        ["route", "requests", "hashes", "requests/s", "hashes/s", "note"],
        http_rows(bank, queries),
    )
