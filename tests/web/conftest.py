"""Console fixtures: a store with users, a case queue, scan results, and a logged-in client."""

from __future__ import annotations

import json
import re
import shutil
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from starlette.exceptions import StarletteDeprecationWarning
from tests.cli_process import run_netbrake

from netbrake.api import ApiConfig, create_app
from netbrake.reports import IncomingReport, add_reviewer
from netbrake.reports.intake import store_reports
from netbrake.results import ScanResults
from netbrake.store import Store, migrate
from netbrake.store.engine import create_store_engine
from netbrake.synth import SynthConfig, generate

with warnings.catch_warnings():
    # Starlette 1.x asks for httpx2 behind its TestClient; httpx is what the project pins.
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from fastapi.testclient import TestClient

PASSWORD = "correct horse battery"
USERS = {"alice": ["reviewer"], "cara": ["child_safety"], "dan": ["child_safety"], "lee": ["lead"]}


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated store with the console users (scrypt is slow: hash once per session)."""
    path = tmp_path_factory.mktemp("web-template") / "store.sqlite"
    engine = create_store_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    engine.dispose()
    with Store.open(f"sqlite:///{path}") as store:
        for name, roles in USERS.items():
            add_reviewer(store, name, PASSWORD, roles, actor="test")
    return path


def write_results(folder: Path) -> Path:
    """Scan results of the pipeline's shape: one network of three accounts, one benign account."""
    folder.mkdir(parents=True, exist_ok=True)
    accounts: list[dict[str, Any]] = [
        {
            "account_id": "seller1",
            "score": 0.93,
            "role": "seller",
            "network_id": 7,
            "person_id": "p1",
            "action": "remove",
            "reasons": ["lexicon: coded age", "pdq match (2 bits)"],
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
            "reasons": ["follows sellers"],
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
    networks = [
        {
            "network_id": 7,
            "size": 3,
            "roles": {"backup": 1, "buyer": 1, "seller": 1},
            "central_accounts": ["seller1"],
            "seeds": ["seller1"],
        }
    ]
    (folder / "networks.json").write_text(json.dumps(networks), encoding="utf-8")
    (folder / "enforcement.jsonl").write_text("", encoding="utf-8")
    return folder


@pytest.fixture
def store(tmp_path: Path, seeded_template: Path) -> Iterator[Store]:
    path = tmp_path / "store.sqlite"
    shutil.copyfile(seeded_template, path)
    with Store.open(f"sqlite:///{path}") as opened:
        with opened.write() as tx:
            store_reports(
                tx,
                [
                    IncomingReport("r1", "u1", "account", "seller1", "child_safety", "synthetic"),
                    IncomingReport("r2", "u2", "account", "seller1", "child_safety", None),
                    IncomingReport("r3", "u3", "account", "spammy", "spam", "synthetic"),
                ],
            )
        yield opened


@pytest.fixture
def app_config(store: Store, tmp_path: Path) -> ApiConfig:
    return ApiConfig(
        store=store,
        results_dir=write_results(tmp_path / "results"),
        session_secret=b"s" * 32,
        triage_interval=0,
        quality_share=0.0,
    )


@pytest.fixture
def client(app_config: ApiConfig) -> Iterator[TestClient]:
    with TestClient(create_app(app_config), follow_redirects=False) as test_client:
        yield test_client


CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_of(html: str) -> str:
    found = CSRF.search(html)
    assert found is not None, "page has no CSRF field"
    return found.group(1)


Login = Callable[[TestClient, str], str]


@pytest.fixture
def login() -> Login:
    """Sign ``name`` in on ``client``; returns the session's CSRF token."""

    def run(client: TestClient, name: str) -> str:
        token = csrf_of(client.get("/console/login").text)
        response = client.post(
            "/console/login", data={"username": name, "password": PASSWORD, "csrf_token": token}
        )
        assert response.status_code == 303
        return csrf_of(client.get("/console").text)

    return run


@pytest.fixture(scope="session")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real scan's RESULTS: `netbrake synth` (2,000 accounts) then `netbrake scan`."""
    root = tmp_path_factory.mktemp("console-scan")
    generate(SynthConfig(accounts=2_000, seed=3), root / "export")
    proc = run_netbrake("-q", "scan", str(root / "export"), "--out", str(root / "r"), home=root)
    assert proc.returncode == 0, proc.stderr
    return root / "r"


@pytest.fixture
def scan_config(scanned: Path, store: Store) -> ApiConfig:
    """The console over the real scan, with a child-safety report on every central account."""
    central = [str(a) for n in ScanResults.open(scanned).networks() for a in n["central_accounts"]]
    with store.write() as tx:
        store_reports(
            tx,
            [
                IncomingReport(f"s{i}", f"u{i}", "account", account, "child_safety", "synthetic")
                for i, account in enumerate(central)
            ],
        )
    return ApiConfig(
        store=store,
        results_dir=scanned,
        session_secret=b"s" * 32,
        triage_interval=0,
        quality_share=0.0,
    )
