"""API fixtures: an app on a fresh SQLite store with keys of each scope."""

from __future__ import annotations

import shutil
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from starlette.exceptions import StarletteDeprecationWarning

with warnings.catch_warnings():
    # Starlette 1.x asks for httpx2 behind its TestClient; httpx is what the project pins.
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from fastapi.testclient import TestClient

from netbrake.api import ApiConfig, Limits, create_app
from netbrake.store import ManualClock, Store, migrate
from netbrake.store.engine import create_store_engine


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("api-template") / "store.sqlite"
    engine = create_store_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    engine.dispose()
    return path


@pytest.fixture
def store(tmp_path: Path, migrated_template: Path) -> Iterator[Store]:
    path = tmp_path / "store.sqlite"
    shutil.copyfile(migrated_template, path)
    with Store.open(f"sqlite:///{path}", now=ManualClock()) as opened:
        yield opened


@dataclass(frozen=True)
class Keys:
    guard: str
    review: str
    admin: str


@pytest.fixture
def keys(store: Store) -> Keys:
    def make(scope: str) -> str:
        return store.create_api_key([scope], created_by="test").secret

    return Keys(make("guard"), make("review"), make("admin"))


LIMITS = Limits(max_body_bytes=64_000, reporter_per_minute=60.0, reporter_burst=3, max_batch=50)


@pytest.fixture
def client(store: Store) -> Iterator[TestClient]:
    config = ApiConfig(
        store=store, clock=store.now, limits=LIMITS, session_secret=b"k" * 32, triage_interval=0
    )
    with TestClient(create_app(config)) as test_client:
        yield test_client
