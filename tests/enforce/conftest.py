"""Mapping results and persons built in code for enforcement tests."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pyarrow as pa
import pytest

from netbrake.identity import PersonLinker, PersonLinks

NOW = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)

MAPPING_SCHEMA = pa.schema(
    [
        ("account_id", pa.string()),
        ("role", pa.string()),
        ("network_id", pa.int64()),
        ("score", pa.float64()),
        ("reasons", pa.list_(pa.string())),
        ("claims_minor_age", pa.bool_()),
        ("age_claim", pa.int64()),
    ]
)


def mapping(rows: list[dict[str, Any]]) -> pa.Table:
    """Network-mapping output rows; omitted fields take harmless defaults."""
    full = [
        {
            "network_id": 3,
            "score": 0.95,
            "reasons": ["hashtag:mnsfw", "follows 12 sellers"],
            "claims_minor_age": False,
            "age_claim": None,
        }
        | r
        for r in rows
    ]
    return pa.Table.from_pylist(full, schema=MAPPING_SCHEMA)


def link(handles: dict[str, str], devices: dict[str, str]) -> PersonLinks:
    accounts = pa.table({"account_id": list(handles), "handle": list(handles.values())})
    ids = pa.table(
        {
            "account_id": list(devices),
            "kind": ["device"] * len(devices),
            "value": list(devices.values()),
        }
    )
    return PersonLinker().link(accounts, ids)


@pytest.fixture
def world() -> tuple[pa.Table, PersonLinks]:
    """A minor seller, an adult buyer with two backups, a watchdog, a touched user, a lone backup."""
    handles = {
        "s1": "lily14",
        "b1": "quietfox",
        "b2": "quietfox_bk1",
        "b3": "randomname77",
        "w1": "childsafety_org",
        "t1": "someparent",
        "k1": "orphan_backup",
    }
    persons = link(handles, {"b1": "dev-b", "b2": "dev-b", "b3": "dev-b"})
    table = mapping(
        [
            {"account_id": "s1", "role": "seller", "claims_minor_age": True, "age_claim": 14},
            {"account_id": "b1", "role": "buyer", "score": 0.9},
            {"account_id": "b2", "role": "benign", "score": 0.0, "network_id": None, "reasons": []},
            {"account_id": "w1", "role": "watchdog", "score": 0.4},
            {"account_id": "t1", "role": "touched", "score": 0.2},
            {"account_id": "k1", "role": "backup", "score": 0.7},
        ]
    )
    return table, persons


@pytest.fixture
def now() -> datetime:
    return NOW


@pytest.fixture
def make_mapping() -> Callable[[list[dict[str, Any]]], pa.Table]:
    return mapping


@pytest.fixture
def make_persons() -> Callable[[dict[str, str], dict[str, str]], PersonLinks]:
    return link
