"""Report pipeline fixtures: a migrated store with a manual clock, reviewers, scan results."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from netbrake.reports import IncomingReport, Reviewer
from netbrake.reports.intake import store_reports
from netbrake.store import ManualClock, Store, migrate
from netbrake.store.engine import create_store_engine


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("reports-template") / "store.sqlite"
    engine = create_store_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    engine.dispose()
    return path


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def store(tmp_path: Path, migrated_template: Path, clock: ManualClock) -> Iterator[Store]:
    path = tmp_path / "store.sqlite"
    shutil.copyfile(migrated_template, path)
    with Store.open(f"sqlite:///{path}", now=clock) as opened:
        yield opened


def report(
    report_id: str,
    target_id: str = "acct1",
    reason: str = "child_safety",
    reporter_id: str = "rep1",
    target_kind: str = "account",
) -> IncomingReport:
    return IncomingReport(report_id, reporter_id, target_kind, target_id, reason, "synthetic")


Put = Callable[..., list[Any]]


@pytest.fixture
def put(store: Store) -> Put:
    """Store reports in one transaction; returns their receipts."""

    def run(*reports: IncomingReport, recent: dict[str, int] | None = None) -> list[Any]:
        with store.write() as tx:
            return store_reports(tx, list(reports), recent=recent)

    return run


ALICE = Reviewer("alice", frozenset({"reviewer"}))
BOB = Reviewer("bob", frozenset({"reviewer"}))
CARA = Reviewer("cara", frozenset({"child_safety"}))
DAN = Reviewer("dan", frozenset({"child_safety"}))
LEE = Reviewer("lee", frozenset({"lead"}))


def write_results(
    folder: Path, accounts: list[dict[str, Any]], networks: list[dict[str, Any]]
) -> Path:
    """A RESULTS folder of the scan's shape: accounts.parquet and networks.json."""
    folder.mkdir(parents=True, exist_ok=True)
    schema = pa.schema(
        [
            ("account_id", pa.string()),
            ("score", pa.float64()),
            ("role", pa.string()),
            ("network_id", pa.int64()),
            ("person_id", pa.string()),
            ("action", pa.string()),
            ("reasons", pa.list_(pa.string())),
        ]
    )
    pq.write_table(pa.Table.from_pylist(accounts, schema=schema), folder / "accounts.parquet")
    (folder / "networks.json").write_text(json.dumps(networks), encoding="utf-8")
    return folder


@pytest.fixture
def results_dir(tmp_path: Path) -> Path:
    accounts = [
        {
            "account_id": "seller1",
            "score": 0.93,
            "role": "seller",
            "network_id": 7,
            "person_id": "p1",
            "action": "remove",
            "reasons": ["lexicon: coded age", "pdq match 2 bits"],
        },
        {
            "account_id": "seller1_backup",
            "score": 0.81,
            "role": "backup",
            "network_id": 7,
            "person_id": "p1",
            "action": "remove",
            "reasons": ["backup handle in bio"],
        },
        {
            "account_id": "buyer1",
            "score": 0.66,
            "role": "buyer",
            "network_id": 7,
            "person_id": "p2",
            "action": "restrict",
            "reasons": ["follows 5 sellers"],
        },
        {
            "account_id": "plain",
            "score": 0.02,
            "role": "benign",
            "network_id": None,
            "person_id": "p3",
            "action": "none",
            "reasons": [],
        },
    ]
    networks = [
        {
            "network_id": 7,
            "size": 3,
            "roles": {"backup": 1, "buyer": 1, "seller": 1},
            "central_accounts": ["seller1"],
        }
    ]
    return write_results(tmp_path / "results", accounts, networks)


@pytest.fixture
def pg_store(clock: ManualClock) -> Iterator[Store]:
    """A store in a fresh schema of the PostgreSQL server named by NETBRAKE_TEST_PG_URL."""
    import os
    import uuid

    from sqlalchemy import create_engine, make_url

    from netbrake.store.engine import normalise_url

    base = os.environ.get("NETBRAKE_TEST_PG_URL")
    if not base:
        pytest.skip(
            "NETBRAKE_TEST_PG_URL is not set: no PostgreSQL server (scripts/postgres.sh start)"
        )
    url = normalise_url(base)
    schema = f"reports_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
        scoped = make_url(url).update_query_dict({"options": f"-csearch_path={schema}"})
        with Store.open(
            scoped.render_as_string(hide_password=False), now=clock, migrate_schema=True
        ) as opened:
            yield opened
        with admin.connect() as conn:
            conn.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
    finally:
        admin.dispose()
