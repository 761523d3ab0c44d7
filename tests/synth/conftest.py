"""A small synthetic platform built once per test session (in memory) for the synth tests."""

from __future__ import annotations

import pytest

from netbrake.synth import SynthConfig, SynthPlatform, build

SMALL = SynthConfig(accounts=3_000, seed=7)


@pytest.fixture(scope="session")
def platform() -> SynthPlatform:
    return build(SMALL)


@pytest.fixture(scope="session")
def rows(platform: SynthPlatform) -> dict[str, list[dict[str, object]]]:
    """Every table as a list of row dicts."""
    return {name: table.to_pylist() for name, table in platform.tables.items()}
