"""The public surface and the SQLite settings the store depends on."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import text

import netbrake.store
from netbrake.errors import InputError
from netbrake.store import Store
from netbrake.store.engine import normalise_url


def test_public_names_are_sorted_and_exist() -> None:
    names = netbrake.store.__all__
    assert names == sorted(names)
    assert all(hasattr(netbrake.store, name) for name in names)


def test_sqlite_store_uses_wal_foreign_keys_and_a_busy_timeout(tmp_path: Path) -> None:
    with Store.open(f"sqlite:///{tmp_path / 's.sqlite'}") as store, store.read() as session:
        pragmas = [
            session.execute(text(f"PRAGMA {name}")).scalar()
            for name in ("journal_mode", "foreign_keys", "busy_timeout")
        ]
    assert pragmas == ["wal", 1, 30_000]


def test_in_memory_sqlite_store_works(tmp_path: Path) -> None:
    with Store.open("sqlite://") as store:
        store.append_audit_log("svc", "note", "in memory")
        assert store.verify_audit_log().entries == 1


@pytest.mark.parametrize(
    ("url", "driver"),
    [
        ("postgresql://app@127.0.0.1:55432/netbrake", "postgresql+psycopg"),
        ("postgresql+psycopg://app@h/db", "postgresql+psycopg"),
        ("sqlite:///x.sqlite", "sqlite"),
    ],
)
def test_urls_select_the_installed_driver(url: str, driver: str) -> None:
    assert normalise_url(url).drivername == driver


@pytest.mark.parametrize("url", ["mysql://u@h/db", "not a url"])
def test_unsupported_urls_are_input_errors(url: str) -> None:
    with pytest.raises(InputError, match="--db"):
        normalise_url(url)


def test_naive_datetimes_are_refused(tmp_path: Path) -> None:
    with Store.open(f"sqlite:///{tmp_path / 's.sqlite'}", now=datetime.now) as store:
        with pytest.raises(ValueError, match="naive datetime"):
            store.append_audit_log("svc", "note", "naive clock")
        assert store.audit_log_entries() == []
