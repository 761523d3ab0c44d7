"""`GroundTruth`: who the planted network members are, for measuring only.

Audit metrics compare suggestions with the synthetic ``labels`` table
(docs/architecture.md: labels exist only in synthetic data and are never read by
detection code). Recommenders and guards under audit never see this object.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import pyarrow.compute as pc

from netbrake.errors import InputError, Location
from netbrake.platform import MEMBER_ROLES, Dataset


@dataclass(frozen=True)
class GroundTruth:
    """Role of every labelled account and network of every member."""

    role_of: Mapping[str, str]
    network_of: Mapping[str, int]

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

    def is_member(self, account_id: str) -> bool:
        return self.role_of.get(account_id) in MEMBER_ROLES

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
