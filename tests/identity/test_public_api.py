"""The public surfaces of netbrake.identity and netbrake.enforce are sorted and importable."""

from __future__ import annotations

import importlib

import pytest


def _isort_key(name: str) -> tuple[int, str]:
    return (0 if name.isupper() else 1 if name[0].isupper() else 2, name)


@pytest.mark.parametrize("name", ["netbrake.identity", "netbrake.enforce"])
def test_all_is_sorted_and_resolves(name: str) -> None:
    module = importlib.import_module(name)
    # ruff's RUF022 order: CONSTANTS, then Classes, then functions.
    assert module.__all__ == sorted(module.__all__, key=_isort_key)
    for attr in module.__all__:
        assert getattr(module, attr) is not None
