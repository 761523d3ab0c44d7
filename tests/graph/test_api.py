"""The public surface of `netbrake.graph` is small, sorted and importable."""

from __future__ import annotations

import netbrake.graph as graph


def test_all_is_sorted_and_every_name_exists():
    # ruff RUF022 order: CONSTANTS, then Classes, then functions, each alphabetical.
    key = [(not n.isupper(), not n[0].isupper(), n) for n in graph.__all__]
    assert key == sorted(key)
    for name in graph.__all__:
        assert getattr(graph, name) is not None
