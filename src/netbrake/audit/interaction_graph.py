"""`InteractionGraph`: who engaged with whom, as the reference recommenders see it.

The platform's edges become one sparse affinity matrix ``base[u, v]``: the sum
over u -> v edges of a per-kind weight times the edge weight. Engagement
events (views, likes, comments, mentions) decay with age, because
recommenders favour recent contact, which is how one brief visit by an
advocate could reach her followers' suggestions (F2); a follow is
a standing relationship and does not decay.
Private messages carry no weight: recommenders do not read them. Probe
interactions are kept apart in a small ``delta`` matrix so that adding one
probe account costs a few microseconds instead of rebuilding the whole graph;
accounts created by probes get ids after the platform's own and are never
candidates.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from types import MappingProxyType

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import scipy.sparse as sp

from netbrake.audit.interaction import INTERACTION_KINDS, Interaction

#: Affinity per interaction kind; a follow is the strongest, a view the weakest signal.
KIND_WEIGHTS: Mapping[str, float] = MappingProxyType(
    {
        "follow": 1.0,
        "like": 0.5,
        "comment": 0.5,
        "mention": 0.25,
        "view": 0.25,
        "message": 0.0,
        "report": 0.0,
    }
)
#: Half-life of an interaction's weight, in days.
HALF_LIFE_DAYS = 30.0


@dataclass(frozen=True, eq=False)
class InteractionGraph:
    """Affinity of every account for every other: platform edges plus probe interactions.

    ``ids[i]`` is the platform account of dense id ``i < n_base``;
    ``probe_ids`` are the accounts probes created, numbered from ``n_base``
    (kept apart so that adding one never copies the platform's index). ``base`` (``n_base`` square) holds platform edges, ``delta``
    (``n`` square) probe interactions, ``removed`` marks taken-down accounts
    and ``followers`` counts each platform account's followers (for the
    popularity backfill every real recommender has).
    """

    ids: tuple[str, ...]
    index: Mapping[str, int]
    n_base: int
    base: sp.csr_array
    delta: sp.csr_array
    removed: np.ndarray
    followers: np.ndarray
    probe_ids: tuple[str, ...] = ()
    probe_index: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))

    @classmethod
    def from_tables(
        cls,
        accounts: pa.Table,
        edges: pa.Table,
        *,
        kind_weights: Mapping[str, float] = KIND_WEIGHTS,
        half_life_days: float = HALF_LIFE_DAYS,
    ) -> InteractionGraph:
        """Build from contract tables; edges to unknown accounts and self-loops are ignored."""
        ids = accounts.column("account_id").combine_chunks()
        n = len(ids)
        src = pc.index_in(edges.column("src"), value_set=ids)
        dst = pc.index_in(edges.column("dst"), value_set=ids)
        kinds = pc.index_in(edges.column("kind"), value_set=pa.array(INTERACTION_KINDS))
        keep = pc.and_(pc.and_(pc.is_valid(src), pc.is_valid(dst)), pc.is_valid(kinds))
        keep = pc.and_(keep, pc.not_equal(src, dst))
        s = pc.filter(src, keep).to_numpy(zero_copy_only=False).astype(np.int64)
        d = pc.filter(dst, keep).to_numpy(zero_copy_only=False).astype(np.int64)
        k = pc.filter(kinds, keep).to_numpy(zero_copy_only=False).astype(np.int64)
        per_kind = np.array([kind_weights.get(x, 0.0) for x in INTERACTION_KINDS])
        w = per_kind[k]
        if "weight" in edges.column_names:
            raw = pc.filter(edges.column("weight"), keep).to_numpy(zero_copy_only=False)
            w = w * np.where(np.isnan(raw.astype(np.float64)), 1.0, raw)
        if "ts" in edges.column_names and len(s):
            ts = pc.filter(edges.column("ts"), keep).cast(pa.int64()).to_numpy(zero_copy_only=False)
            age_days = (ts.max() - ts) / 86_400e6
            event = k != INTERACTION_KINDS.index("follow")
            w = np.where(event, w * np.power(0.5, age_days / half_life_days), w)
        base = sp.csr_array((w, (s, d)), shape=(n, n))
        base.sum_duplicates()
        base.eliminate_zeros()
        follow = k == INTERACTION_KINDS.index("follow")
        followers = np.bincount(d[follow], minlength=n).astype(np.float64)
        names = tuple(ids.to_pylist())
        return cls(
            ids=names,
            index=MappingProxyType({a: i for i, a in enumerate(names)}),
            n_base=n,
            base=base,
            delta=sp.csr_array((n, n)),
            removed=np.zeros(n, dtype=bool),
            followers=followers,
        )

    @property
    def n(self) -> int:
        return self.n_base + len(self.probe_ids)

    def position(self, account_id: str) -> int | None:
        """The dense id of an account (platform or probe), or None if unknown."""
        at = self.index.get(account_id)
        return at if at is not None else self.probe_index.get(account_id)

    def account(self, position: int) -> str:
        return (
            self.ids[position] if position < self.n_base else self.probe_ids[position - self.n_base]
        )

    @cached_property
    def delta_t(self) -> sp.csr_array:
        """Probe interactions transposed (who was touched by whom)."""
        return sp.csr_array(self.delta.T)

    @cached_property
    def delta_sym(self) -> sp.csr_array:
        """Probe interactions made undirected."""
        return sp.csr_array(self.delta + self.delta_t)

    def with_interactions(
        self, interactions: Sequence[Interaction], kind_weights: Mapping[str, float] = KIND_WEIGHTS
    ) -> InteractionGraph:
        """The graph after these interactions; unknown accounts become new probe accounts."""
        new = [a for x in interactions for a in (x.src, x.dst) if self.position(a) is None]
        probe_ids, probe_index = self.probe_ids, self.probe_index
        if new:
            probe_ids = self.probe_ids + tuple(dict.fromkeys(new))
            probe_index = MappingProxyType({a: self.n_base + i for i, a in enumerate(probe_ids)})
        n = self.n_base + len(probe_ids)

        def at(account_id: str) -> int:
            found = self.index.get(account_id)
            return found if found is not None else probe_index[account_id]

        rows = [at(x.src) for x in interactions]
        cols = [at(x.dst) for x in interactions]
        vals = [kind_weights.get(x.kind, 0.0) for x in interactions]
        old = self.delta.tocoo()
        delta = sp.csr_array(
            (
                np.concatenate([old.data, vals]),
                (np.concatenate([old.row, rows]), np.concatenate([old.col, cols])),
            ),
            shape=(n, n),
        )
        delta.sum_duplicates()
        delta.eliminate_zeros()
        removed = np.concatenate([self.removed, np.zeros(n - self.n, dtype=bool)])
        return replace(
            self, probe_ids=probe_ids, probe_index=probe_index, delta=delta, removed=removed
        )

    def without_accounts(self, account_ids: Collection[str]) -> InteractionGraph:
        """The graph after a takedown: those accounts lose every edge and are never candidates."""
        removed = self.removed.copy()
        for a in account_ids:
            at = self.position(a)
            if at is not None:
                removed[at] = True
        base = _drop(self.base, ~removed[: self.n_base])
        delta = _drop(self.delta, ~removed)
        return replace(self, base=base, delta=delta, removed=removed)

    def without_pairs(self, pairs: Collection[tuple[str, str]]) -> InteractionGraph:
        """The graph without any contact from ``src`` to ``dst`` for these pairs."""
        known = [
            (self.index[s], self.index[d]) for s, d in pairs if s in self.index and d in self.index
        ]
        if not known:
            return self
        r, c = (np.array(x, dtype=np.int64) for x in zip(*known, strict=True))
        return replace(self, base=_zero(self.base, r, c), delta=_zero(self.delta, r, c))

    def row(self, viewer: int) -> sp.csr_array:
        """The viewer's outgoing affinity as a ``1 x n`` row."""
        out = self.delta[[viewer], :]
        if viewer < self.n_base:
            out = out + self.pad(self.base[[viewer], :])
        return sp.csr_array(out)

    def pad(self, row: sp.csr_array) -> sp.csr_array:
        """A ``1 x n_base`` row widened to ``1 x n`` (probe accounts get zeros)."""
        if row.shape[1] == self.n:
            return row
        row = sp.csr_array(row)
        return sp.csr_array((row.data, row.indices, row.indptr), shape=(1, self.n))

    def candidates(self, viewer: int) -> np.ndarray:
        """Boolean mask of accounts that may be suggested to the viewer."""
        ok = ~self.removed.copy()
        ok[self.n_base :] = False
        ok[viewer] = False
        ok[self.row(viewer).indices] = False
        return ok


def _drop(m: sp.csr_array, keep: np.ndarray) -> sp.csr_array:
    scale = sp.diags_array(keep.astype(np.float64))
    out = sp.csr_array(scale @ m @ scale)
    out.eliminate_zeros()
    return out


def _zero(m: sp.csr_array, rows: np.ndarray, cols: np.ndarray) -> sp.csr_array:
    inside = (rows < m.shape[0]) & (cols < m.shape[1])
    if not inside.any():
        return m
    mask = sp.csr_array((np.ones(int(inside.sum())), (rows[inside], cols[inside])), shape=m.shape)
    mask.data[:] = 1.0
    out = sp.csr_array(m - m.multiply(mask))
    out.eliminate_zeros()
    return out
