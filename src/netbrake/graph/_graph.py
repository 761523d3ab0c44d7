"""`Graph`: the platform's contact graph as CSR arrays, built once from edge arrays.

Every edge kind contributes, weighted per kind by the policy;
account ids are mapped to dense integers once (a hash join in Arrow, not a
Python dict); self-loops, edges to unknown accounts and edges with an unknown
kind or a bad weight are dropped and counted; parallel edges are merged by
summing their weights. Three views are kept because direction matters for
roles (buyers follow sellers; watchdogs contact members without reciprocity)
while diffusion needs a symmetric matrix.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import scipy.sparse as sp

from netbrake.errors import InputError
from netbrake.platform import EDGE_KINDS

#: Fraudar's log offset in hub damping: ``1 / log(deg + 5)`` (Hooi et al., KDD 2016).
HUB_LOG_OFFSET = 5.0
_WORKERS = max(1, min(8, os.cpu_count() or 1))
_PARALLEL_MIN = 1_000_000

#: Edge kinds in the order of `Graph.kind_out` / `Graph.kind_in` rows and `Graph.edge_kind` codes.
KINDS: tuple[str, ...] = EDGE_KINDS


@dataclass(frozen=True)
class BuildReport:
    """What the build dropped or merged, so a result can explain itself."""

    edges_in: int
    self_loops: int
    unknown_accounts: int
    unknown_kinds: int
    bad_weights: int
    merged_duplicates: int

    def describe(self) -> str:
        kept = self.edges_in - self.self_loops - self.unknown_accounts
        kept -= self.unknown_kinds + self.bad_weights
        return (
            f"{self.edges_in} edges read, {kept} kept; dropped {self.self_loops} self-loops, "
            f"{self.unknown_accounts} to unknown accounts, {self.unknown_kinds} of unknown kind, "
            f"{self.bad_weights} with a bad weight; merged {self.merged_duplicates} parallel edges"
        )


@dataclass(frozen=True, eq=False)
class Graph:
    """A directed, weighted contact graph over dense node ids ``0..n-1``.

    ``out_adj[u, v]`` is the summed policy weight of all edges u -> v (any kind)
    and ``sym`` is ``out_adj + out_adj.T``, the undirected view used for
    diffusion. ``contact_out[u, v]`` counts the edges u -> v of every kind,
    whatever their weight, and ``contact_in`` is its transpose: who contacted
    whom, for membership and roles. ``edge_src``, ``edge_dst`` and
    ``edge_kind`` are the kept edges before merging (one row per input edge),
    for passes that need the kind of each contact. ``kind_out[k, u]`` and
    ``kind_in[k, u]`` count edges of kind ``KINDS[k]`` leaving / entering u.
    """

    ids: pa.Array
    out_adj: sp.csr_array
    sym: sp.csr_array
    contact_out: sp.csr_array
    contact_in: sp.csr_array
    edge_src: np.ndarray
    edge_dst: np.ndarray
    edge_kind: np.ndarray
    kind_out: np.ndarray
    kind_in: np.ndarray
    report: BuildReport
    #: Nodes whose every contact is in this graph (None: all). A neighbourhood cut of a
    #: larger graph keeps only some edges of its boundary nodes, whose shares would look
    #: larger than they are: membership never admits an incomplete node.
    complete: np.ndarray | None = None

    @property
    def n(self) -> int:
        """Number of accounts (nodes)."""
        return len(self.ids)

    @property
    def m(self) -> int:
        """Number of distinct directed pairs (merged edges)."""
        return int(self.out_adj.nnz)

    def index_of(self, account_ids: Sequence[str] | pa.Array | np.ndarray) -> np.ndarray:
        """Dense node ids of ``account_ids``; -1 where the account is unknown."""
        return _codes(account_ids, self.ids)

    @cached_property
    def contact_scale(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Hub damping per node, ``1 / log(5 + neighbours)`` (Fraudar), and each node's
        damped contact totals ``(scale, outgoing, incoming)``; computed once per graph."""
        scale = hub_scale(self.neighbour_counts())
        return scale, _row_sums(self.contact_out, scale), _row_sums(self.contact_in, scale)

    def neighbour_counts(self) -> np.ndarray:
        """Distinct neighbours of each node, either direction, over edges of positive weight."""
        counts: np.ndarray = np.diff(self.sym.indptr).astype(np.int64)
        return counts


def hub_scale(neighbours: Any) -> Any:
    """Hub damping ``1 / log(5 + neighbours)`` of a node with that many distinct neighbours
    (an int, or an array of counts): the weight of one contact with it in every share."""
    if isinstance(neighbours, np.ndarray):
        return 1.0 / np.log(HUB_LOG_OFFSET + neighbours)
    return 1.0 / math.log(HUB_LOG_OFFSET + neighbours)


def _row_sums(matrix: sp.csr_array, values: np.ndarray) -> np.ndarray:
    """``sum(values[j])`` over the stored columns j of each row (one pass, no copy of the matrix)."""
    running = np.concatenate(([0.0], np.cumsum(values[matrix.indices])))
    sums: np.ndarray = running[matrix.indptr[1:]] - running[matrix.indptr[:-1]]
    return sums


def _strings(values: Any) -> pa.Array:
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    if not isinstance(values, pa.Array):
        values = pa.array(np.asarray(values, dtype=object) if len(values) else [], type=pa.string())
    if values.type != pa.string():
        values = values.cast(pa.string())
    return values


def _codes(values: Any, value_set: pa.Array) -> np.ndarray:
    """Position of each value in ``value_set`` (-1 when absent), by Arrow's hash lookup.

    A lookup of 20M short strings in a 1M-entry table is bound by cache
    misses (~6 s on one core); Arrow releases the GIL, so large inputs are
    looked up in slices on all cores.
    """
    values = _strings(values)
    lookup = pc.SetLookupOptions(value_set=value_set)

    def one(part: pa.Array) -> np.ndarray:
        idx = pc.index_in(part, options=lookup).fill_null(-1)
        return np.asarray(idx.to_numpy(zero_copy_only=False), dtype=np.int64)

    if len(values) < _PARALLEL_MIN:
        return one(values)
    step = -(-len(values) // _WORKERS)
    parts = [values.slice(i, step) for i in range(0, len(values), step)]
    with ThreadPoolExecutor(_WORKERS) as pool:
        return np.concatenate(list(pool.map(one, parts)))


def build_graph(
    account_ids: Sequence[str] | pa.Array | np.ndarray,
    src: Sequence[str] | pa.Array | np.ndarray,
    dst: Sequence[str] | pa.Array | np.ndarray,
    kind: Sequence[str] | pa.Array | np.ndarray,
    kind_weights: Mapping[str, float],
    weight: Sequence[float] | pa.Array | np.ndarray | None = None,
) -> Graph:
    """Build a `Graph` from parallel edge columns and the list of known accounts.

    ``kind_weights`` maps each edge kind to its policy weight (a missing kind
    weighs 0: its edges are kept for role features but do not diffuse);
    ``weight`` is the optional per-edge weight column (null means 1).
    """
    ids = _strings(account_ids)
    if ids.null_count:
        raise InputError("account ids must not be null")
    bad_kinds = sorted(set(kind_weights) - set(KINDS))
    if bad_kinds:
        raise InputError(f"kind weights name unknown edge kinds: {', '.join(bad_kinds)}")
    per_kind = np.array([float(kind_weights.get(k, 0.0)) for k in KINDS])
    if not np.all(np.isfinite(per_kind)) or np.any(per_kind < 0):
        raise InputError("kind weights must be finite and >= 0")
    n, edges_in = len(ids), len(src)
    if not len(dst) == len(kind) == edges_in or (weight is not None and len(weight) != edges_in):
        raise InputError("edge columns src, dst, kind and weight must have the same length")
    s = _codes(src, ids)
    d = _codes(dst, ids)
    k = _codes(kind, pa.array(KINDS, type=pa.string()))
    if weight is None:
        w = np.ones(edges_in)
    else:
        warr = weight if isinstance(weight, pa.Array | pa.ChunkedArray) else pa.array(weight)
        w = np.asarray(pc.fill_null(warr, 1.0).to_numpy(zero_copy_only=False), dtype=np.float64)
    unknown = (s < 0) | (d < 0)
    loops = ~unknown & (s == d)
    bad_kind = ~unknown & ~loops & (k < 0)
    bad_weight = ~unknown & ~loops & ~bad_kind & ~(np.isfinite(w) & (w >= 0))
    keep = ~(unknown | loops | bad_kind | bad_weight)
    s32, d32, k8 = s[keep].astype(np.int32), d[keep].astype(np.int32), k[keep].astype(np.int8)
    w = w[keep] * per_kind[k8]
    del s, d, k, keep
    # kind weight 0 keeps the edge for role features but must not diffuse: drop it from CSR only.
    out = sp.csr_array((w, (s32, d32)), shape=(n, n))
    out.sum_duplicates()
    out.eliminate_zeros()
    contact = sp.csr_array((np.ones(len(s32), np.float32), (s32, d32)), shape=(n, n))
    contact.sum_duplicates()
    merged = len(s32) - int(contact.nnz)
    kind_out = np.zeros((len(KINDS), n), dtype=np.int32)
    kind_in = np.zeros((len(KINDS), n), dtype=np.int32)
    for code in range(len(KINDS)):
        sel = k8 == code
        kind_out[code] = np.bincount(s32[sel], minlength=n)
        kind_in[code] = np.bincount(d32[sel], minlength=n)
    report = BuildReport(
        edges_in=edges_in,
        self_loops=int(loops.sum()),
        unknown_accounts=int(unknown.sum()),
        unknown_kinds=int(bad_kind.sum()),
        bad_weights=int(bad_weight.sum()),
        merged_duplicates=int(merged),
    )
    sym = (out + out.T).tocsr()
    contact_in = contact.T.tocsr()
    return Graph(ids, out, sym, contact, contact_in, s32, d32, k8, kind_out, kind_in, report)
