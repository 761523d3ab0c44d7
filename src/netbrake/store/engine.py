"""Engines for a store URL: SQLite tuned for one writer and many readers, or PostgreSQL.

SQLite runs in WAL mode (readers never block the writer), with foreign keys
enforced and a busy timeout. Write transactions start with ``BEGIN IMMEDIATE``
so that a writer takes the database lock up front instead of failing when it
upgrades a read lock (SQLAlchemy docs, "Serializable isolation / Savepoints /
Transactional DDL" for pysqlite).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.engine import URL
from sqlalchemy.pool import StaticPool

from netbrake.errors import InputError, Location
from netbrake.extras import require

#: Execution option marking a connection whose transaction will write.
WRITE_OPTION = "netbrake_write"
BUSY_TIMEOUT_MS = 30_000


def normalise_url(url: str) -> URL:
    """Parse a store URL; ``postgresql://`` means the installed psycopg 3 driver."""
    try:
        parsed = make_url(url)
    except Exception as exc:  # SQLAlchemy raises ArgumentError with the reason
        raise InputError(f"not a database URL: {url!r} ({exc})", Location(field="--db")) from exc
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise InputError(
            f"unsupported store backend '{parsed.get_backend_name()}' (use sqlite or postgresql)",
            Location(field="--db"),
        )
    return parsed


def is_memory(url: URL) -> bool:
    return url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:")


def create_store_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite connections get WAL, foreign keys and IMMEDIATE writes."""
    parsed = normalise_url(url)
    if parsed.get_backend_name() != "sqlite":
        if parsed.drivername == "postgresql+psycopg":
            require("psycopg", "postgres", "a PostgreSQL store (--db postgresql://...)")
        return create_engine(parsed, pool_pre_ping=True)
    kwargs: dict[str, Any] = {}
    if is_memory(parsed):
        # One shared connection, or every checkout would see a different empty database.
        kwargs = {"poolclass": StaticPool, "connect_args": {"check_same_thread": False}}
    engine = create_engine(parsed, **kwargs)
    _tune_sqlite(engine)
    return engine


def _tune_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event, not the driver, decide how transactions start.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        # FULL, not WAL's usual NORMAL: an acknowledged report must survive a power cut (F7).
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        write = connection.get_execution_options().get(WRITE_OPTION, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")
