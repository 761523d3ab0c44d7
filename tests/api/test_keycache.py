"""Verified API keys are cached briefly; a revocation is honoured ('s intake rate)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient

from netbrake.api import ApiConfig, create_app
from netbrake.api.keycache import KeyCache
from netbrake.store import ApiKey, Scope, Store

from .conftest import LIMITS


class FakeMonotonic:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


REPORT = {
    "target_kind": "account",
    "target_id": "a1",
    "reason": "spam",
}


def _post(client: TestClient, key: str, n: int) -> int:
    body = {"report_id": f"r{n}", "reporter_id": f"u{n}", **REPORT}
    return client.post("/v1/reports", json=body, headers={"X-API-Key": key}).status_code


@pytest.fixture
def monotonic() -> FakeMonotonic:
    return FakeMonotonic()


@pytest.fixture
def app_client(store: Store, monotonic: FakeMonotonic) -> TestClient:
    config = ApiConfig(store=store, limits=LIMITS, session_secret=b"k" * 32, triage_interval=0)
    app = create_app(config)
    app.state.context.keys = KeyCache(seconds=5.0, clock=monotonic)
    return TestClient(app)


def test_a_key_revoked_through_the_app_s_store_is_refused_at_once(
    app_client: TestClient, store: Store
) -> None:
    issued = store.create_api_key(["guard"], created_by="test")
    with app_client as client:
        assert _post(client, issued.secret, 1) == 201  # verified and cached
        store.revoke_api_key(issued.key.key_id, actor="test", reason="leaked")
        assert _post(client, issued.secret, 2) == 401


def test_a_key_revoked_by_another_process_is_refused_once_the_cache_lapses(
    app_client: TestClient, store: Store, monotonic: FakeMonotonic
) -> None:
    issued = store.create_api_key(["guard"], created_by="test")
    url = store.engine.url.render_as_string(hide_password=False)
    with app_client as client:
        assert _post(client, issued.secret, 1) == 201
        with Store.open(url) as elsewhere:  # e.g. an operator's CLI
            elsewhere.revoke_api_key(issued.key.key_id, actor="test", reason="leaked")
        monotonic.now += 4.9
        assert _post(client, issued.secret, 2) == 201  # still within the cache's 5 s
        monotonic.now += 0.2
        assert _post(client, issued.secret, 3) == 401


def test_a_verified_key_is_not_read_again_while_cached(
    app_client: TestClient, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    issued = store.create_api_key(["guard"], created_by="test")
    reads: list[str] = []
    verify = store.verify_api_key

    def counting(secret: str, scope: Scope) -> ApiKey:
        reads.append(secret)
        return verify(secret, scope)

    monkeypatch.setattr(store, "verify_api_key", counting)
    with app_client as client:
        assert [_post(client, issued.secret, n) for n in range(5)] == [201] * 5
    assert len(reads) == 1


def test_refusals_are_not_cached(app_client: TestClient, store: Store) -> None:
    issued = store.create_api_key(["review"], created_by="test")
    with app_client as client:
        assert _post(client, issued.secret, 1) == 403
        assert _post(client, "nbk_0000_unknown", 2) == 401
        assert _post(client, issued.secret, 3) == 403


@pytest.mark.parametrize("revocations_at_put", [0, 1])
def test_an_entry_verified_before_a_revocation_is_not_kept(revocations_at_put: int) -> None:
    cache, key = KeyCache(clock=FakeMonotonic()), _key()
    cache.get("d", Scope.GUARD, 1)  # the cache learns of one revocation
    cache.put("d", Scope.GUARD, key, revocations_at_put)
    found = cache.get("d", Scope.GUARD, 1)
    assert found == (key if revocations_at_put == 1 else None)


def _key() -> ApiKey:
    return ApiKey(
        key_id="k1",
        scopes=frozenset({Scope.GUARD}),
        label="",
        created_by="test",
        created_at=datetime(2026, 1, 1, tzinfo=UTC),
        revoked_at=None,
    )
