"""Live-mode fixtures: a migrated SQLite store, a guard engine on it and event builders."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from netbrake.guard import GuardEngine
from netbrake.live import LiveService
from netbrake.platform.identifiers import IdentifierHasher
from netbrake.store import Store, migrate
from netbrake.store.engine import create_store_engine

HASHER = IdentifierHasher(b"live-test-key")
Make = Callable[..., str]


@pytest.fixture(scope="session")
def live_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("live-template") / "store.sqlite"
    engine = create_store_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    engine.dispose()
    return path


@pytest.fixture
def store(tmp_path: Path, live_template: Path) -> Iterator[Store]:
    path = tmp_path / "store.sqlite"
    shutil.copyfile(live_template, path)
    with Store.open(f"sqlite:///{path}") as opened:
        yield opened


@pytest.fixture
def engine(store: Store) -> GuardEngine:
    return GuardEngine(store=store)


@pytest.fixture
def live(store: Store, engine: GuardEngine) -> LiveService:
    return LiveService(store, engine, hasher=HASHER)


def event(event_id: str, kind: str, data: dict[str, Any], ts: str = "2026-01-01T00:00:00Z") -> str:
    """One event as a JSON line."""
    return json.dumps({"event_id": event_id, "kind": kind, "ts": ts, "data": data})


def account(
    account_id: str,
    *,
    handle: str | None = None,
    bio: str | None = None,
    identifiers: list[dict[str, str]] | None = None,
    ts: str = "2026-01-01T00:00:00Z",
    event_id: str | None = None,
) -> str:
    data: dict[str, Any] = {
        "account_id": account_id,
        "handle": handle or f"h_{account_id}",
        "created_at": ts,
    }
    if bio is not None:
        data["bio"] = bio
    if identifiers is not None:
        data["identifiers"] = identifiers
    return event(event_id or f"acct-{account_id}-{ts}", "account", data, ts)


def edge(src: str, dst: str, kind: str = "follow", ts: str = "2026-01-01T00:01:00Z") -> str:
    return event(
        f"edge-{src}-{dst}-{kind}-{ts}",
        "edge",
        {"src": src, "dst": dst, "kind": kind, "ts": ts},
        ts,
    )


def removal(account_id: str, ts: str = "2026-01-01T00:02:00Z") -> str:
    return event(
        f"rm-{account_id}-{ts}",
        "enforcement",
        {
            "subject_kind": "account",
            "subject_id": account_id,
            "action": "remove",
            "decided_by": "platform-trust-team",
            "reason": "child safety",
        },
        ts,
    )
