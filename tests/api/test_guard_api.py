"""The guard routes over HTTP: decisions, auth (401/403), 422 naming the field, 413."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.exceptions import StarletteDeprecationWarning

from netbrake.api import ApiConfig, Limits, create_app
from netbrake.api.direct import DirectRoute
from netbrake.api.guard_routes import RECOMMENDATIONS
from netbrake.store import Source, Store, Subject

with warnings.catch_warnings():
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from fastapi.testclient import TestClient

from tests.guard.conftest import write_results

from .conftest import Keys


def _config(store: Store, tmp_path: Path) -> ApiConfig:
    return ApiConfig(
        store=store,
        clock=store.now,
        results_dir=write_results(tmp_path / "results"),
        limits=Limits(max_body_bytes=20_000),
        session_secret=b"k" * 32,
        triage_interval=0,
    )


@pytest.fixture
def guard_client(store: Store, tmp_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(_config(store, tmp_path))) as client:
        yield client


@pytest.fixture
def route_client(store: Store, tmp_path: Path) -> Iterator[TestClient]:
    """The same app without the direct recommendations path: only the FastAPI route."""
    app = create_app(_config(store, tmp_path / "route"))
    app.user_middleware = [
        m
        for m in app.user_middleware
        if not (m.cls is DirectRoute and m.kwargs["path"] == RECOMMENDATIONS)
    ]
    with TestClient(app) as client:
        yield client


def _post(client: TestClient, path: str, body: object, key: str | None) -> object:
    headers = {"X-API-Key": key} if key else {}
    return client.post(path, json=body, headers=headers)


REC = {"viewer_id": "b1", "candidates": ["s1", "b2", "h1", "b3"]}


def test_recommendations_keep_and_drop_with_reasons(guard_client: TestClient, keys: Keys) -> None:
    response = guard_client.post(
        "/v1/guard/recommendations", json=REC, headers={"X-API-Key": keys.guard}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["kept"] == ["b2", "b3"]
    assert [(d["id"], d["action"], d["decided_by"]) for d in body["dropped"]] == [
        ("s1", "drop", "suggested.flagged"),
        ("h1", "drop", "suggested.dominated"),
    ]
    assert body["policy_version"]
    assert body["degraded"] is False


def test_search_blocks_with_help_and_autocomplete_filters(
    guard_client: TestClient, keys: Keys
) -> None:
    auth = {"Authorization": f"Bearer {keys.guard}"}
    blocked = guard_client.post(
        "/v1/guard/search", json={"query": "p e d o b a i t"}, headers=auth
    ).json()
    assert (blocked["action"], blocked["show_results"]) == ("block", False)
    assert blocked["help"][0]["url"].startswith("https://help.example/")
    done = guard_client.post("/v1/guard/autocomplete", headers=auth,
                             json={"prefix": "mega", "suggestions": ["megalinkfree", "megaphone"]}).json()  # fmt: skip
    assert done["kept"] == ["megaphone"]
    tag = guard_client.get("/v1/guard/hashtags/explore2", headers=auth).json()
    assert tag["hashtag"]["searchable"] is False
    scan = guard_client.post("/v1/text/scan", json={"text": "s3ller menu"}, headers=auth).json()
    assert {h["entry_id"] for h in scan["hits"]} >= {"kw.seller"}
    many = guard_client.post("/v1/text/scan", json={"texts": ["a", "mnsfw"]}, headers=auth).json()
    assert [bool(r["hits"]) for r in many["results"]] == [False, True]


def test_account_status_needs_review_scope(guard_client: TestClient, keys: Keys) -> None:
    found = guard_client.get("/v1/accounts/u1", headers={"X-API-Key": keys.review})
    assert found.status_code == 200
    body = found.json()
    assert (body["status"], body["role"], body["network_id"]) == ("flagged", "buyer", "0")
    assert body["reasons"]
    assert guard_client.get("/v1/accounts/u1", headers={"X-API-Key": keys.guard}).status_code == 403
    assert (
        guard_client.get("/v1/accounts/nobody", headers={"X-API-Key": keys.admin}).status_code
        == 404
    )


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/v1/guard/recommendations", REC),
        ("/v1/guard/search", {"query": "x"}),
        ("/v1/guard/autocomplete", {"prefix": "x", "suggestions": []}),
        ("/v1/text/scan", {"text": "x"}),
    ],
)
@pytest.mark.parametrize(("key", "status"), [(None, 401), ("nbk_bad_key", 401), ("review", 403)])
def test_auth(guard_client: TestClient, keys: Keys, path: str, body: object, key: str | None,
              status: int) -> None:  # fmt: skip
    secret = getattr(keys, key) if key in ("guard", "review", "admin") else key
    assert _post(guard_client, path, body, secret).status_code == status  # type: ignore[attr-defined]
    assert _post(guard_client, path, body, keys.admin).status_code == 200  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/v1/guard/recommendations", {"candidates": ["a"]}, "viewer_id"),
        ("/v1/guard/recommendations", {"viewer_id": "v", "candidates": "a"}, "candidates"),
        ("/v1/guard/recommendations", {"viewer_id": "v", "candidates": [1]}, "candidates.0"),
        ("/v1/guard/recommendations", {"viewer_id": "", "candidates": []}, "viewer_id"),
        ("/v1/guard/recommendations", {"viewer_id": "v", "candidates": [], "extra": 1}, "extra"),
        ("/v1/guard/search", {"query": None}, "query"),
        ("/v1/guard/search", {"query": "x" * 600}, "query"),
        ("/v1/guard/autocomplete", {"prefix": "x"}, "suggestions"),
    ],
)
def test_malformed_bodies_answer_422_naming_the_field(
    guard_client: TestClient, keys: Keys, path: str, body: object, field: str
) -> None:
    response = _post(guard_client, path, body, keys.guard)
    assert response.status_code == 422  # type: ignore[attr-defined]
    assert field in response.json()["detail"]  # type: ignore[attr-defined]


def test_invalid_json_and_oversized_bodies(guard_client: TestClient, keys: Keys) -> None:
    headers = {"X-API-Key": keys.guard, "Content-Type": "application/json"}
    bad = guard_client.post("/v1/guard/search", content=b'{"query": ', headers=headers)
    assert bad.status_code in (400, 422)
    big = {"viewer_id": "v", "candidates": ["c" * 50] * 1000}
    assert _post(guard_client, "/v1/guard/recommendations", big, keys.guard).status_code == 413  # type: ignore[attr-defined]


def test_takedown_reaches_the_http_guard(
    guard_client: TestClient, keys: Keys, store: Store
) -> None:
    app_engine = guard_client.app.state.guard_engine  # type: ignore[attr-defined]
    store.record_decision(Subject("account", "b2"), "remove_account", source=Source.MANUAL,
                          decided_by="reviewer:ana", reason="takedown")  # fmt: skip
    assert app_engine.wait_for_state(store.state_version(), timeout=5.0)
    body = _post(guard_client, "/v1/guard/recommendations", REC, keys.guard).json()  # type: ignore[attr-defined]
    assert "b2" not in body["kept"]


def test_openapi_documents_the_guard_routes(guard_client: TestClient) -> None:
    paths = guard_client.get("/openapi.json").json()["paths"]
    for path in ("/v1/guard/recommendations", "/v1/guard/search", "/v1/guard/autocomplete",
                 "/v1/accounts/{account_id}", "/v1/text/scan", "/healthz"):  # fmt: skip
        assert path in paths


@pytest.mark.parametrize(
    ("content", "content_type"),
    [
        (b'{"viewer_id": "b1", "candidates": ["s1", "b2", "h1", "b3"]}', "application/json"),
        (b'{"viewer_id": "b1", "candidates": ["b2"], "reached_via": {"b2": ["h1"]}}', None),
        (b'{"viewer_id": "b1", "candidates": [], "surface": "search"}', "application/json"),
        (b'{"viewer_id": "b1", "candidates": ["b2"]}', "application/vnd.x+json; charset=utf-8"),
        (b'{"viewer_id": "b1", "candidates": ["b2"]}', "text/plain"),
        (b'{"viewer_id": "b1", "candidates": ', "application/json"),
        (b"[]", "application/json"),
        (b"", "application/json"),
        (b'{"viewer_id": "v", "candidates": [1], "extra": 1}', "application/json"),
        (b'{"candidates": "a"}', "application/json"),
    ],
)
def test_direct_recommendations_answer_as_the_fastapi_route(
    guard_client: TestClient,
    route_client: TestClient,
    keys: Keys,
    content: bytes,
    content_type: str | None,
) -> None:
    direct = guard_client.app.user_middleware  # type: ignore[attr-defined]
    assert any(m.cls is DirectRoute and m.kwargs["path"] == RECOMMENDATIONS for m in direct)
    headers = {"X-API-Key": keys.guard} | ({"Content-Type": content_type} if content_type else {})
    warm = {"viewer_id": "b1", "candidates": []}
    assert (
        guard_client.post(RECOMMENDATIONS, json=warm, headers={"X-API-Key": keys.guard}).status_code
        == 200
    )
    via_direct, via_route = (
        client.post(RECOMMENDATIONS, content=content, headers=headers)
        for client in (guard_client, route_client)
    )
    assert via_direct.status_code == via_route.status_code
    assert via_direct.headers["content-type"] == via_route.headers["content-type"]
    assert via_direct.json() == via_route.json()
