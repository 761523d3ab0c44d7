"""Backdrops and a shared scanner for the scenario tests.

The real backdrop (``polblogs-lcc``, 1,222 accounts) comes from the
graph-tool collection that ``scripts/backdrops.sh`` fetches; without it the
tests that need it skip and say so. The tiny networkx fallback (Les
Misérables, 77 accounts) keeps the reader, determinism and text tests
running everywhere networkx is installed (a dev dependency).
"""

from __future__ import annotations

import pytest

from netbrake.scenarios import (
    TEST_BACKDROP,
    Backdrop,
    PlantSize,
    Scanner,
    load_backdrop,
    missing_reason,
)

TINY = "nx-lesmis"


def _backdrop(name: str) -> Backdrop:
    reason = missing_reason(name)
    if reason is not None:
        pytest.skip(f"backdrop {name} unavailable: {reason}")
    return load_backdrop(name)


@pytest.fixture(scope="session")
def backdrop() -> Backdrop:
    """The real backdrop the targets are asserted on."""
    return _backdrop(TEST_BACKDROP)


@pytest.fixture(scope="session")
def tiny() -> Backdrop:
    return _backdrop(TINY)


@pytest.fixture(scope="session")
def small_size() -> PlantSize:
    return PlantSize.small()


@pytest.fixture(scope="session")
def scanner() -> Scanner:
    return Scanner.default()
