"""The exchange package's public surface: sorted ``__all__`` whose names all resolve."""

from __future__ import annotations

import importlib

import pytest


@pytest.mark.parametrize(
    "module", ["netbrake.exchange", "netbrake.exchange.signals", "netbrake.exchange.metrics"]
)
def test_all_is_sorted_and_resolves(module):
    mod = importlib.import_module(module)
    # isort-style order (constants, classes, functions), as ruff RUF022 keeps it
    assert list(mod.__all__) == sorted(
        mod.__all__, key=lambda n: (not n.isupper(), not n[0].isupper(), n)
    )
    for name in mod.__all__:
        assert getattr(mod, name) is not None


def test_schema_ships_in_the_package():
    from importlib import resources

    text = resources.files("netbrake.exchange").joinpath("cybertip_report.xsd").read_text("utf-8")
    assert 'name="fileViewedByEsp"' in text
