from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from netbrake.store import Store, StoreNotMigrated, migrate
from netbrake.store.engine import create_store_engine
from netbrake.store.tables import Base


def test_upgrade_from_empty_reaches_head_with_every_table(store_url: str) -> None:
    engine = create_store_engine(store_url)
    try:
        assert migrate.current_revision(engine) is None
        migrate.upgrade(engine)
        assert migrate.current_revision(engine) == migrate.head_revision()
        tables = set(inspect(engine).get_table_names())
        assert set(Base.metadata.tables) <= tables
    finally:
        engine.dispose()


def test_models_and_migrations_agree(store_url: str) -> None:
    """A column added to a model without a revision (or the reverse) fails here."""
    engine = create_store_engine(store_url)
    try:
        migrate.upgrade(engine)
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        assert diff == []
    finally:
        engine.dispose()


def test_downgrade_to_base_then_upgrade_again(store_url: str) -> None:
    engine = create_store_engine(store_url)
    try:
        migrate.upgrade(engine)
        migrate.downgrade(engine, "base")
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        migrate.upgrade(engine)
        assert migrate.current_revision(engine) == migrate.head_revision()
    finally:
        engine.dispose()


def test_open_without_migrating_an_empty_database_says_what_to_run(store_url: str) -> None:
    with pytest.raises(StoreNotMigrated, match="netbrake db upgrade"):
        Store.open(store_url, migrate_schema=False)


def test_fresh_store_starts_at_state_zero_with_an_empty_intact_log(store: Store) -> None:
    result = store.verify_audit_log()
    assert store.state_version() == 0
    assert (result.ok, result.entries, result.head_hash) == (True, 0, "0" * 64)
