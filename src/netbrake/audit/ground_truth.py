"""`GroundTruth`: who the network members are, for measuring only.

Audit metrics compare suggestions with the synthetic ``labels`` table
(docs/architecture.md: labels exist only in synthetic data and are never read by
detection code) or, on a platform, with an :class:`AuditTruth` member set
(:meth:`GroundTruth.of`). Recommenders and guards under audit never see this object.

Roles and networks place every member the truth knows of (the design
frame); ``counted``, for a sampled truth, is the sample. The probe design
reads the frame (:meth:`GroundTruth.is_member`, :meth:`GroundTruth.networks`),
the counting reads the sample (:meth:`GroundTruth.counts`), so the probes
are the same whichever members were sampled (F1, F9; docs/audit.md
"Sampled truth").
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from netbrake.audit.truth import AuditTruth
from netbrake.errors import InputError, Location
from netbrake.platform import MEMBER_ROLES, Dataset

#: The role an unlabelled member gets: no seller-first follow paths, no backup exemption.
UNLABELLED_MEMBER = "buyer"


@dataclass(frozen=True)
class GroundTruth:
    """Role of every labelled account and network of every member; ``counted`` is the
    members a sampled truth counts (``None``: all of them)."""

    role_of: Mapping[str, str]
    network_of: Mapping[str, int]
    counted: frozenset[str] | None = None

    @classmethod
    def from_dataset(cls, dataset: Dataset) -> GroundTruth:
        labels = dataset.labels()
        if labels is None:
            raise InputError(
                "the audit needs ground truth: labels.parquet is missing (synthetic data only)",
                Location(dataset.path),
            )
        ids = labels.column("account_id").to_pylist()
        roles = labels.column("role").to_pylist()
        networks = (
            pc.fill_null(labels.column("network_id"), -1).to_pylist()
            if "network_id" in labels.column_names
            else [-1] * len(ids)
        )
        return cls(
            role_of=MappingProxyType(dict(zip(ids, roles, strict=True))),
            network_of=MappingProxyType(
                {
                    a: int(n)
                    for a, r, n in zip(ids, roles, networks, strict=True)
                    if r in MEMBER_ROLES and n is not None
                }
            ),
        )

    @classmethod
    def of(cls, truth: AuditTruth, dataset: Dataset) -> GroundTruth:
        """The ground truth for ``truth``: its frame placed by the labels' roles when the
        truth is (a sample of) the export's labels, else by :meth:`for_members`; counting
        the truth's members."""
        frame = truth.frame
        if truth.source == "labels" and dataset.labels() is not None:
            full = cls.from_dataset(dataset)
            if frame <= frozenset(full.members):
                return full.restricted(frame).counting(truth.members)
        placed = cls.for_members(frame, dataset, truth.roles, truth.networks)
        return placed.counting(truth.members)

    @classmethod
    def for_members(
        cls,
        members: Collection[str],
        dataset: Dataset,
        roles: Mapping[str, str] | None = None,
        networks: Mapping[str, int] | None = None,
    ) -> GroundTruth:
        """Members placed by ``roles``/``networks`` where given (the scan's placement);
        every other account is benign. An unplaced member is a :data:`UNLABELLED_MEMBER`
        in its connected component among the unplaced members (any edge kind).

        No account is a watchdog, so the contamination probe has nobody to
        start from and says so in the report's notes.
        """
        roles, networks = roles or {}, networks or {}
        ids = dataset.table("accounts", ["account_id"]).column(0).to_pylist()
        inside = sorted(set(members) & set(ids))
        role_of = dict.fromkeys(ids, "benign")
        for a in inside:
            role = roles.get(a, UNLABELLED_MEMBER)
            role_of[a] = role if role in MEMBER_ROLES else UNLABELLED_MEMBER
        unplaced = [a for a in inside if a not in networks]
        network_of = {a: networks[a] for a in inside if a in networks}
        top = max(network_of.values(), default=-1) + 1
        for a, c in _components(unplaced, dataset.table("edges", ["src", "dst"])).items():
            network_of[a] = top + c
        return cls(role_of=MappingProxyType(role_of), network_of=MappingProxyType(network_of))

    def restricted(self, members: Collection[str]) -> GroundTruth:
        """This truth with only ``members`` placed as members (the others become benign):
        a frame narrower than the labels."""
        keep = frozenset(members)
        if keep >= frozenset(self.members):
            return self
        return GroundTruth(
            role_of=MappingProxyType(
                {
                    a: r if r not in MEMBER_ROLES or a in keep else "benign"
                    for a, r in self.role_of.items()
                }
            ),
            network_of=MappingProxyType({a: n for a, n in self.network_of.items() if a in keep}),
        )

    def counting(self, members: Collection[str]) -> GroundTruth:
        """This truth, placed as it is, counting only ``members`` (a sample of its own)."""
        keep = frozenset(members) & frozenset(self.members)
        if len(keep) == len(self.members):
            return dataclasses.replace(self, counted=None)
        return dataclasses.replace(self, counted=keep)

    def is_member(self, account_id: str) -> bool:
        """A member of the frame: what the probe design reads."""
        return self.role_of.get(account_id) in MEMBER_ROLES

    def counts(self, account_id: str) -> bool:
        """A member the truth counts: in the sample, when the truth is one."""
        if self.counted is None:
            return self.is_member(account_id)
        return account_id in self.counted

    def with_role(self, *roles: str) -> list[str]:
        """Accounts with any of these roles, in a stable (sorted) order."""
        return sorted(a for a, r in self.role_of.items() if r in roles)

    @property
    def members(self) -> list[str]:
        return self.with_role(*MEMBER_ROLES)

    def networks(self) -> dict[int, list[str]]:
        """Members of each network, sorted."""
        out: dict[int, list[str]] = {}
        for a in self.members:
            out.setdefault(self.network_of.get(a, -1), []).append(a)
        return out


def _components(members: list[str], edges: pa.Table) -> dict[str, int]:
    """Network id of each member: its connected component among members, numbered by
    the component's first member in sorted order."""
    if not members:
        return {}
    value_set = pa.array(members, type=pa.string())
    src = pc.index_in(edges.column("src"), value_set=value_set)
    dst = pc.index_in(edges.column("dst"), value_set=value_set)
    both = pc.and_(pc.is_valid(src), pc.is_valid(dst))
    rows = np.asarray(pc.filter(src, both).to_numpy(zero_copy_only=False), dtype=np.int64)
    cols = np.asarray(pc.filter(dst, both).to_numpy(zero_copy_only=False), dtype=np.int64)
    n = len(members)
    graph = sp.coo_array((np.ones(len(rows)), (rows, cols)), shape=(n, n))
    _, label = connected_components(graph, directed=False)
    first: dict[int, int] = {}
    for i, c in enumerate(label.tolist()):
        first.setdefault(c, i)
    return {m: first[c] for m, c in zip(members, label.tolist(), strict=True)}
