"""``POST /v1/live/events`` in the service app: durable answers, 413, and guards that see it."""

from __future__ import annotations

import warnings
from collections.abc import Iterator

import pytest
from starlette.exceptions import StarletteDeprecationWarning

with warnings.catch_warnings():
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from fastapi.testclient import TestClient

from tests.live.conftest import HASHER, account, removal

from netbrake.api import ApiConfig, Limits, create_app
from netbrake.live import LiveService
from netbrake.store import Store


@pytest.fixture
def client(store: Store) -> Iterator[TestClient]:
    config = ApiConfig(
        store=store,
        limits=Limits(max_live_events=10),
        session_secret=b"k" * 32,
        triage_interval=0,
    )
    app = create_app(config)
    app.state.live.log._hasher = HASHER
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def key(store: Store) -> dict[str, str]:
    return {"Authorization": f"Bearer {store.create_api_key(['guard'], created_by='t').secret}"}


def _post(client: TestClient, key: dict[str, str], lines: list[str]) -> object:
    body = ("\n".join(lines) + "\n").encode()
    headers = {**key, "Content-Type": "application/x-ndjson"}
    return client.post("/v1/live/events", content=body, headers=headers)


def test_a_batch_is_acknowledged_with_its_offsets_and_refusals(
    client: TestClient, key: dict[str, str]
) -> None:
    response = _post(client, key, [account("a"), "{bad", account("b")])
    assert response.status_code == 200  # type: ignore[attr-defined]
    body = response.json()  # type: ignore[attr-defined]
    assert body["accepted"] == 2
    assert body["last_offset"] == 2
    assert [(q["line"], q["kind"]) for q in body["quarantined"]] == [(2, "malformed")]


def test_an_oversized_batch_is_refused_whole_with_413_and_quarantined(
    client: TestClient, key: dict[str, str]
) -> None:
    response = _post(client, key, [account(f"a{i}") for i in range(11)])
    assert response.status_code == 413  # type: ignore[attr-defined]
    assert "limit is 10" in response.json()["detail"]  # type: ignore[attr-defined]
    live: LiveService = client.app.state.live  # type: ignore[attr-defined]
    assert live.log.last_offset() == 0
    assert [q["kind"] for q in live.log.quarantine()] == ["oversized_batch"]


def test_events_need_a_key(client: TestClient) -> None:
    assert client.post("/v1/live/events", content=b"").status_code == 401


def test_a_removal_changes_the_guard_answer_over_http(
    client: TestClient, key: dict[str, str]
) -> None:
    device = [{"kind": "phone", "value": "+1 555 0100"}]
    _post(client, key, [account("old", identifiers=device), account("v")])
    _post(client, key, [removal("old")])
    _post(client, key, [account("new", identifiers=device, ts="2026-01-01T00:05:00Z")])
    live: LiveService = client.app.state.live  # type: ignore[attr-defined]
    assert live.wait_applied(live.log.last_offset(), 10)
    body = {"viewer_id": "v", "candidates": ["new", "v"], "surface": "suggested_accounts"}
    answer = client.post("/v1/guard/recommendations", json=body, headers=key).json()
    assert answer["kept"] == ["v"]
    assert answer["dropped"][0]["id"] == "new"
    status = client.get("/v1/live/status", headers=key).json()
    assert status["reregistrations"] == 1
    assert status["applied_offset"] == 4
