"""Store fixtures: every store test runs on SQLite, and on PostgreSQL when one is given.

PostgreSQL tests need ``NETBRAKE_TEST_PG_URL`` (scripts/test.sh starts a
server with scripts/postgres.sh and exports it). The session gets its own
database, and each test its own schema, all dropped afterwards.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url

from netbrake.store import ManualClock, Store, migrate
from netbrake.store.engine import create_store_engine, normalise_url

PG_ENV = "NETBRAKE_TEST_PG_URL"
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    """A fresh PostgreSQL database for this test session, dropped at the end."""
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(f"{PG_ENV} is not set: no PostgreSQL server (scripts/postgres.sh start)")
    admin_url = normalise_url(base)
    name = f"netbrake_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        yield admin_url.set(database=name).render_as_string(hide_password=False)
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE "{name}" WITH (FORCE)')
    finally:
        admin.dispose()


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database: an SQLite file, or a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.sqlite'}"
        return
    database: str = request.getfixturevalue("pg_database")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    engine = create_engine(database, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
        url = make_url(database).update_query_dict({"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False)
        with engine.connect() as conn:
            conn.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
    finally:
        engine.dispose()


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture(scope="session")
def sqlite_at_head(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An SQLite store migrated once per session; tests get copies (migrating is the slow part)."""
    path = tmp_path_factory.mktemp("template") / "store.sqlite"
    engine = create_store_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    engine.dispose()
    return path


@pytest.fixture
def store(request: pytest.FixtureRequest, store_url: str, clock: ManualClock) -> Iterator[Store]:
    """A store at the head revision on the test's backend, with a manual clock."""
    sqlite_file = make_url(store_url).database if store_url.startswith("sqlite") else None
    if sqlite_file:
        shutil.copyfile(request.getfixturevalue("sqlite_at_head"), sqlite_file)
    with Store.open(store_url, now=clock, migrate_schema=True) as opened:
        yield opened


RawSQL = Callable[[str], None]


@pytest.fixture
def raw_sql(store: Store) -> RawSQL:
    """Run SQL behind the store's back, as someone with database access could."""

    def run(statement: str) -> None:
        with store.engine.begin() as conn:
            conn.exec_driver_sql(statement)

    return run


@pytest.fixture
def tamper(store: Store, raw_sql: RawSQL) -> RawSQL:
    """Like ``raw_sql``, after removing the audit log's append-only triggers first."""
    if store.engine.dialect.name == "sqlite":
        raw_sql("DROP TRIGGER audit_log_no_update")
        raw_sql("DROP TRIGGER audit_log_no_delete")
    else:
        raw_sql("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only")
    return raw_sql
