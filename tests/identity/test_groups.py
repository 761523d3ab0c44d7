"""Grouping helpers: exact codes even when the fast hash collides, and all pairs inside groups."""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from netbrake.identity.groups import HASH_FROM_ROWS, Groups, hash_codes, verified


@pytest.mark.parametrize("repeat", [1, HASH_FROM_ROWS])  # the small (dense) and the DuckDB path
def test_equal_values_get_equal_codes(repeat: int) -> None:
    values = pa.array(["x", "y", "x", "z"] * repeat)
    kinds = pa.array([1, 1, 1, 2] * repeat, pa.int32())
    codes = hash_codes(values, kinds)
    assert codes.size == 4 * repeat
    assert codes[0] == codes[2] == codes[-2]
    assert len({codes[0], codes[1], codes[3]}) == 3
    assert len(set(codes.tolist())) == 3
    assert hash_codes(pa.array([], pa.string())).size == 0


def test_a_hash_collision_falls_back_to_exact_codes() -> None:
    values = pa.array(["alice", "bob", "alice"])
    colliding = np.array([7, 7, 7], dtype=np.int64)  # as if "alice" and "bob" hashed alike
    codes = verified(colliding, [values])
    assert codes[0] == codes[2] != codes[1]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 5), st.integers(0, 9)), max_size=40), st.integers(2, 6))
def test_pairs_are_every_pair_of_small_groups(rows: list[tuple[int, int]], cap: int) -> None:
    keys = np.array([r[0] for r in rows], dtype=np.int64)
    accounts = np.array([r[1] for r in rows], dtype=np.int64)
    groups = Groups.of(keys, accounts)
    a, b, _ = groups.pairs(groups.size <= cap)
    members: dict[int, set[int]] = {}
    for k, x in rows:
        members.setdefault(k, set()).add(x)
    expected = sorted(
        p for m in members.values() if len(m) <= cap for p in combinations(sorted(m), 2)
    )
    assert sorted(zip(a.tolist(), b.tolist(), strict=True)) == expected
    # Rows point back at an input row with the same key and account.
    assert all(
        keys[r] == k and accounts[r] == x
        for r, k, x in zip(groups.rows, groups.keys, groups.accounts, strict=True)
    )
