"""Fixtures for the audit: a small synthetic platform, its ground truth and a label oracle."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from netbrake.audit import GraphRecommender, GroundTruth, reference_recommenders
from netbrake.platform import MEMBER_ROLES, Dataset
from netbrake.synth import SynthConfig, build, write


class LabelOracleGuard:
    """Drops every account whose label is a member role: ground truth, for tests only.

    It validates the measuring machinery (a perfect guard must measure zero
    exposure); a real guard never sees labels.
    """

    def __init__(self, truth: GroundTruth) -> None:
        self.members = frozenset(truth.members)

    def __call__(self, viewer_id: str, candidate_ids: list[str], surface: str) -> list[str]:
        return [c for c in candidate_ids if c not in self.members]


@pytest.fixture(scope="session")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    """A 2,000-account synthetic platform with planted networks, watchdogs and touched users."""
    out = tmp_path_factory.mktemp("audit-platform")
    write(build(SynthConfig(accounts=2_000, seed=3)), out)
    return Dataset.open(out)


@pytest.fixture(scope="session")
def truth(platform: Dataset) -> GroundTruth:
    return GroundTruth.from_dataset(platform)


@pytest.fixture(scope="session")
def oracle(truth: GroundTruth) -> LabelOracleGuard:
    return LabelOracleGuard(truth)


@pytest.fixture(scope="session")
def references(platform: Dataset) -> list[GraphRecommender]:
    return reference_recommenders(platform)


@pytest.fixture
def scan_results(tmp_path: Path, truth: GroundTruth) -> Path:
    """A scan's accounts.parquet that flagged exactly the labelled members."""
    rows = [
        {"account_id": a, "role": r, "network_id": truth.network_of.get(a), "action": "remove"}
        for a, r in truth.role_of.items()
        if r in MEMBER_ROLES
    ]
    rows += [
        {"account_id": a, "role": "watchdog", "network_id": None, "action": "none"}
        for a in truth.with_role("watchdog")
    ]
    out = tmp_path / "results"
    out.mkdir()
    pq.write_table(pa.Table.from_pylist(rows), out / "accounts.parquet")
    return out
