"""The direct ``POST /v1/reports`` answers exactly as the FastAPI route does (its reference)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI, HTTPException
from fastapi.testclient import TestClient

from netbrake.api import ApiConfig, create_app
from netbrake.api.direct import DirectRoute
from netbrake.store import ManualClock, Store

from .conftest import LIMITS

REPORT = {
    "report_id": "r1",
    "reporter_id": "u1",
    "target_kind": "account",
    "target_id": "a1",
    "reason": "spam",
    "text": "synthetic",
}
JSON = "application/json"

# (body, content type) sent after a warm-up report, so that the key is in the cache.
REQUESTS: dict[str, list[tuple[bytes, str]]] = {
    "new reports": [
        (json.dumps({**REPORT, "report_id": f"n{i}"}).encode(), JSON) for i in range(2)
    ],
    "a replayed id": [(json.dumps(REPORT).encode(), JSON), (json.dumps(REPORT).encode(), JSON)],
    "a conflicting replay": [
        (json.dumps(REPORT).encode(), JSON),
        (json.dumps({**REPORT, "reason": "nudity"}).encode(), JSON),
    ],
    "over the rate limit": [
        (json.dumps({**REPORT, "report_id": f"q{i}"}).encode(), JSON) for i in range(4)
    ],
    "a created_at": [
        (json.dumps({**REPORT, "created_at": "2025-12-31T23:00:00+01:00"}).encode(), JSON)
    ],
    "a naive created_at": [
        (json.dumps({**REPORT, "created_at": "2025-12-31T23:00:00"}).encode(), JSON)
    ],
    "malformed JSON": [(b'{"report_id": "r1", ', JSON)],
    "an unknown reason": [(json.dumps({**REPORT, "reason": "boredom"}).encode(), JSON)],
    "an extra field": [(json.dumps({**REPORT, "media": "bytes"}).encode(), JSON)],
    "a blank id": [(json.dumps({**REPORT, "report_id": "  "}).encode(), JSON)],
    "a charset parameter": [(json.dumps(REPORT).encode(), "application/json; charset=utf-8")],
    "another content type": [(json.dumps(REPORT).encode(), "text/plain")],
    "a body over the limit": [(json.dumps({**REPORT, "text": "x" * 70_000}).encode(), JSON)],
}


class Counting:
    """Wraps the direct path's ``answer`` to count the requests it answered itself."""

    def __init__(self, answer: Any):
        self.answer, self.calls = answer, 0

    async def __call__(self, app: Any, body: bytes) -> Any:
        try:
            answered = await self.answer(app, body)
        except HTTPException:  # answered too (a 429 over the rate limit)
            self.calls += 1
            raise
        self.calls += answered is not None
        return answered


def _app(path: Path, *, direct: bool) -> tuple[FastAPI, Store, Counting | None]:
    store = Store.open(f"sqlite:///{path}", now=ManualClock())
    config = ApiConfig(
        store=store, clock=store.now, limits=LIMITS, session_secret=b"k" * 32, triage_interval=0
    )
    app = create_app(config)
    counting = None
    intake = [
        m for m in app.user_middleware if m.cls is DirectRoute and m.kwargs["path"] == "/v1/reports"
    ]
    for middleware in intake:
        counting = Counting(middleware.kwargs["answer"])
        middleware.kwargs["answer"] = counting
    if not direct:
        app.user_middleware = [m for m in app.user_middleware if m not in intake]
    return app, store, counting


@pytest.fixture
def twins(tmp_path: Path, migrated_template: Path) -> Iterator[list[tuple[FastAPI, Store, Any]]]:
    apps = []
    for name, direct in (("direct", True), ("route", False)):
        path = tmp_path / f"{name}.sqlite"
        shutil.copyfile(migrated_template, path)
        apps.append(_app(path, direct=direct))
    yield apps
    for _, store, _ in apps:
        store.close()


def _answers(app: FastAPI, key: str, requests: list[tuple[bytes, str]]) -> list[Any]:
    answers = []
    with TestClient(app) as client:
        warm = {**REPORT, "report_id": "warm-up", "reporter_id": "w"}
        assert client.post("/v1/reports", json=warm, headers={"X-API-Key": key}).status_code == 201
        for body, content_type in requests:
            response = client.post(
                "/v1/reports",
                content=body,
                headers={"Authorization": f"Bearer {key}", "Content-Type": content_type},
            )
            headers = {
                name: response.headers.get(name)
                for name in ("content-type", "retry-after", "www-authenticate")
            }
            answers.append((response.status_code, headers, response.json()))
    return answers


@pytest.mark.parametrize("case", sorted(REQUESTS))
def test_the_direct_path_answers_as_the_route_does(
    twins: list[tuple[FastAPI, Store, Counting]], case: str
) -> None:
    (direct, direct_store, counting), (route, route_store, _) = twins
    # The same key secret in both stores is not possible (random); compare answers per store.
    answers = []
    for app, store in ((direct, direct_store), (route, route_store)):
        key = store.create_api_key(["guard"], created_by="test").secret
        answers.append(_answers(app, key, REQUESTS[case]))
    assert answers[0] == answers[1]
    fast = [a for a in answers[0] if a[0] in (200, 201, 429)]
    assert counting.calls == len(fast)  # every accepted or limited report took the direct path


def test_a_key_not_yet_verified_goes_through_the_route(
    twins: list[tuple[FastAPI, Store, Counting]],
) -> None:
    (direct, store, counting), _ = twins
    key = store.create_api_key(["guard"], created_by="test").secret
    with TestClient(direct) as client:
        response = client.post("/v1/reports", json=REPORT, headers={"X-API-Key": key})
        assert response.status_code == 201
        assert counting.calls == 0
        again = client.post("/v1/reports", json=REPORT, headers={"X-API-Key": key})
        assert again.status_code == 200
        assert counting.calls == 1
