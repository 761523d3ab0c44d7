"""The scan's part of live state: RESULTS read once into compact arrays.

:class:`ResultsSnapshot` holds what does not change between takedowns: the
scanned accounts (dense ids, score, network, person, role, scan action),
their handles, the contact edges as index arrays and the hashtags of posts.
It is re-read only when ``accounts.parquet`` changes (a new scan); store
decisions are layered on top by :mod:`netbrake.guard.state` on every reload.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from scipy import sparse

from netbrake.errors import InputError, Location
from netbrake.platform import EDGE_KINDS, Dataset
from netbrake.results import ACCOUNTS_FILE, DATASET_DIR, ScanResults


def normalise_tag(text: str) -> str:
    """A hashtag or query as hashtags are keyed: casefolded, no '#', no spaces."""
    return "".join(text.casefold().split()).lstrip("#")


def normalise_handle(text: str) -> str:
    """A handle as handles are keyed: casefolded, no '@', no spaces."""
    return "".join(text.casefold().split()).lstrip("@")


@dataclass(frozen=True, eq=False)
class ResultsSnapshot:
    """One scan's accounts, contacts and hashtags, by dense account index."""

    path: Path | None
    mtime_ns: int
    ids: list[str]
    index: dict[str, int]
    score: np.ndarray  # float32, 0 when unscored
    network: np.ndarray  # int64, -1 when none
    person: list[str | None]
    role: list[str]
    action: list[str]
    member: np.ndarray  # bool
    reasons: list[list[str]]
    handles: dict[str, int]
    #: Contact edges (src, dst, kind index into EDGE_KINDS), self-loops removed.
    src: np.ndarray
    dst: np.ndarray
    kind: np.ndarray
    #: Per post: the poster's index and its normalised hashtags (posts with hashtags only).
    post_owner: np.ndarray
    post_tags: list[tuple[str, ...]]
    #: Derived structures computed once per snapshot (not per reload): see the methods below.
    _derived: dict[Any, Any] = field(default_factory=dict, repr=False)

    @property
    def size(self) -> int:
        return len(self.ids)

    def adjacency(self, kinds: tuple[int, ...], n: int) -> sparse.csr_matrix:
        """Distinct contacts in either direction over edges of ``kinds``, as an n x n 0/1 matrix
        (accounts past the scan's have no edges)."""
        key = ("adjacency", kinds, n)
        found = self._derived.get(key)
        if found is None:
            keep = np.isin(self.kind, kinds)
            src, dst = self.src[keep], self.dst[keep]
            rows, cols = np.concatenate([src, dst]), np.concatenate([dst, src])
            ones = np.ones(len(rows), dtype=np.float32)
            found = sparse.csr_matrix((ones, (rows, cols)), shape=(n, n))
            found.data[:] = 1.0  # duplicates were summed: distinct contacts only
            if len(self._derived) > 8:
                self._derived.clear()
            self._derived[key] = found
        return found

    def tag_index(self) -> tuple[dict[str, np.ndarray], dict[str, list[int]]]:
        """Per hashtag: the distinct accounts that posted it, and the posts that carry it."""
        found = self._derived.get("tags")
        if found is None:
            posters: dict[str, set[int]] = {}
            posts: dict[str, list[int]] = {}
            for k, (owner, tags) in enumerate(
                zip(self.post_owner.tolist(), self.post_tags, strict=True)
            ):
                for tag in tags:
                    posters.setdefault(tag, set()).add(owner)
                    posts.setdefault(tag, []).append(k)
            found = ({t: np.fromiter(a, np.int64, len(a)) for t, a in posters.items()}, posts)
            self._derived["tags"] = found
        return found

    def memo(self, key: Any) -> dict[Any, Any]:
        """A dictionary kept with the snapshot for ``key`` (e.g. lexicon verdicts per policy)."""
        return self._derived.setdefault(("memo", key), {})  # type: ignore[no-any-return]

    @classmethod
    def empty(cls) -> ResultsSnapshot:
        none = np.zeros(0, dtype=np.int64)
        return cls(None, 0, [], {}, np.zeros(0, np.float32), none, [], [], [],
                   np.zeros(0, bool), [], {}, none, none, np.zeros(0, np.int8), none, [])  # fmt: skip

    @classmethod
    def load(cls, results: Path) -> ResultsSnapshot:
        """Read RESULTS (``accounts.parquet`` and, when present, ``dataset/``)."""
        scan = ScanResults.open(results)
        table = scan.accounts()
        path = scan.file(ACCOUNTS_FILE)
        mtime = path.stat().st_mtime_ns
        missing = {"account_id", "role", "action"} - set(table.column_names)
        if missing:
            raise InputError(f"missing column {sorted(missing)[0]!r}", Location(file=path))
        ids = [str(a) for a in table.column("account_id").to_pylist()]
        index = {a: i for i, a in enumerate(ids)}
        n = len(ids)

        def column(name: str, fill: object) -> list[object]:
            if name not in table.column_names:
                return [fill] * n
            return pc.fill_null(table.column(name), fill).to_pylist()  # type: ignore[no-any-return]

        score = np.asarray(column("score", 0.0), dtype=np.float32)
        network = np.asarray(column("network_id", -1), dtype=np.int64)
        member = np.asarray(column("member", False), dtype=bool)
        reasons = [
            [str(x) for x in r] if isinstance(r, list) else [] for r in column("reasons", None)
        ]
        person = [None if p is None else str(p) for p in column("person_id", None)]
        dataset = scan.file(DATASET_DIR)
        handles: dict[str, int] = {}
        src = dst = owner = np.zeros(0, dtype=np.int64)
        kind = np.zeros(0, dtype=np.int8)
        tags: list[tuple[str, ...]] = []
        if (dataset / "accounts.parquet").is_file() and (dataset / "edges.parquet").is_file():
            data = Dataset.open(dataset)
            handles = _handles(data, index)
            src, dst, kind = _edges(data, index)
            owner, tags = _posts(data, index)
        return cls(
            results, mtime, ids, index, score, network,
            person, [str(r) for r in column("role", "")], [str(a) for a in column("action", "none")],
            member, reasons, handles, src, dst, kind, owner, tags,
        )  # fmt: skip


def _indices(values: pa.ChunkedArray, ids: pa.Array) -> np.ndarray:
    """Positions of ``values`` in ``ids`` (-1 when absent), vectorised by Arrow."""
    found = pc.fill_null(pc.index_in(values, value_set=ids), -1)
    return np.asarray(found.to_numpy(zero_copy_only=False), dtype=np.int64)


def _handles(data: Dataset, index: dict[str, int]) -> dict[str, int]:
    table = data.table("accounts", ["account_id", "handle"])
    out: dict[str, int] = {}
    for account, handle in zip(
        table.column("account_id").to_pylist(), table.column("handle").to_pylist(), strict=True
    ):
        if handle and account in index:
            out[normalise_handle(handle)] = index[account]
    return out


def _edges(data: Dataset, index: dict[str, int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    table = data.table("edges", ["src", "dst", "kind"])
    ids = pa.array(list(index), type=pa.string())  # dict order = dense index order
    src = _indices(table.column("src").cast(pa.string()), ids)
    dst = _indices(table.column("dst").cast(pa.string()), ids)
    kind = _indices(table.column("kind").cast(pa.string()), pa.array(EDGE_KINDS)).astype(np.int8)
    keep = (src >= 0) & (dst >= 0) & (src != dst) & (kind >= 0)
    return src[keep], dst[keep], kind[keep]


def _posts(data: Dataset, index: dict[str, int]) -> tuple[np.ndarray, list[tuple[str, ...]]]:
    if not data.has("posts"):
        return np.zeros(0, dtype=np.int64), []
    table = data.table("posts", ["account_id", "hashtags"])
    owners: list[int] = []
    tags: list[tuple[str, ...]] = []
    for account, found in zip(
        table.column("account_id").to_pylist(), table.column("hashtags").to_pylist(), strict=True
    ):
        normal = tuple(sorted({normalise_tag(t) for t in found or () if t and t.strip("# ")}))
        if normal and account in index:
            owners.append(index[account])
            tags.append(normal)
    return np.asarray(owners, dtype=np.int64), tags
