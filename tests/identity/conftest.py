"""Small hand-built account and identifier tables for identity tests."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

import pyarrow as pa
import pytest

# Test helper only (the product's extractor lives in netbrake.text): "backup @handle".
_BACKUP = re.compile(r"(?i)\b(backup|alt|new)\b\W{0,3}(?:account\W{0,3})?@([a-z0-9_.]+)")

Rows = list[dict[str, Any]]


def backup_mentions(accounts: pa.Table) -> pa.Table:
    """Mentions table (account_id, mentioned_handle, relation, source) from bios."""
    rows = [
        {
            "account_id": r["account_id"],
            "mentioned_handle": m.group(2),
            "relation": m.group(1).lower(),
            "source": "bio",
        }
        for r in accounts.to_pylist()
        for m in _BACKUP.finditer(r.get("bio") or "")
    ]
    schema = pa.schema(
        [
            ("account_id", pa.string()),
            ("mentioned_handle", pa.string()),
            ("relation", pa.string()),
            ("source", pa.string()),
        ]
    )
    return pa.Table.from_pylist(rows, schema=schema)


@pytest.fixture
def mentions_from_bios() -> Callable[[pa.Table], pa.Table]:
    return backup_mentions


def accounts_table(handles: dict[str, str], bios: dict[str, str] | None = None) -> pa.Table:
    bios = bios or {}
    return pa.table(
        {
            "account_id": list(handles),
            "handle": list(handles.values()),
            "bio": [bios.get(a) for a in handles],
        }
    )


def identifiers_table(rows: Sequence[tuple[str, str, str | None]]) -> pa.Table:
    return pa.table(
        {
            "account_id": pa.array([r[0] for r in rows], pa.string()),
            "kind": pa.array([r[1] for r in rows], pa.string()),
            "value": pa.array([r[2] for r in rows], pa.string()),
        }
    )


@pytest.fixture
def make_accounts() -> Callable[..., pa.Table]:
    return accounts_table


@pytest.fixture
def make_identifiers() -> Callable[[Sequence[tuple[str, str, str | None]]], pa.Table]:
    return identifiers_table
