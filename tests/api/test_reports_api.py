from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from netbrake.store import Store
from netbrake.store.tables import ReportRow

from .conftest import Keys


def body(report_id: str = "r1", **changes: Any) -> dict[str, Any]:
    value = {
        "report_id": report_id,
        "reporter_id": "u1",
        "target_kind": "account",
        "target_id": "a1",
        "reason": "child_safety",
        "text": "synthetic",
    }
    value.update(changes)
    return value


def auth(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def test_a_report_is_acknowledged_with_its_case_after_commit(
    client: TestClient, keys: Keys, store: Store
) -> None:
    response = client.post("/v1/reports", json=body(), headers=auth(keys.guard))
    assert response.status_code == 201
    receipt = response.json()
    assert receipt["created"] is True
    assert receipt["case_id"] > 0
    with store.read() as session:
        assert session.execute(select(ReportRow.case_id)).scalar_one() == receipt["case_id"]


def test_a_replayed_report_id_answers_200_with_the_original_receipt(
    client: TestClient, keys: Keys, store: Store
) -> None:
    first = client.post("/v1/reports", json=body(), headers=auth(keys.guard)).json()
    again = client.post("/v1/reports", json=body(), headers={"X-API-Key": keys.guard})
    assert again.status_code == 200
    assert again.json() == {**first, "created": False}
    with store.read() as session:
        assert session.execute(select(func.count()).select_from(ReportRow)).scalar_one() == 1


@pytest.mark.parametrize(
    ("payload", "status", "field"),
    [
        (b'{"report_id": "r1", ', 400, None),  # malformed JSON
        (json.dumps(body(target_kind="planet")).encode(), 422, "target_kind"),  # unknown target
        (json.dumps(body(reason="boredom")).encode(), 422, "reason"),
        (json.dumps(body(text="x" * 10_001)).encode(), 422, "text"),  # oversized text
        (json.dumps(body(report_id="")).encode(), 422, "report_id"),
        (json.dumps({**body(), "media": "bytes"}).encode(), 422, "media"),  # no media accepted
        (json.dumps(body(text="x" * 70_000)).encode(), 413, None),  # over the body limit
    ],
)
def test_bad_input_gets_its_status_and_names_the_field(
    client: TestClient, keys: Keys, payload: bytes, status: int, field: str | None
) -> None:
    headers = {**auth(keys.guard), "Content-Type": "application/json"}
    response = client.post("/v1/reports", content=payload, headers=headers)
    assert response.status_code == status
    if field is not None:
        assert field in response.json()["detail"]


def test_a_body_over_the_limit_without_content_length_is_refused(
    client: TestClient, keys: Keys
) -> None:
    def chunks() -> Any:
        for _ in range(100):
            yield b" " * 1000

    headers = {**auth(keys.guard), "Content-Type": "application/json"}
    assert client.post("/v1/reports", content=chunks(), headers=headers).status_code == 413


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({}, 401),
        ({"Authorization": "Bearer nbk_nope_nope"}, 401),
        ({"Authorization": "Basic abc"}, 401),
    ],
)
def test_intake_needs_a_known_key(client: TestClient, headers: dict[str, str], status: int) -> None:
    assert client.post("/v1/reports", json=body(), headers=headers).status_code == status


def test_a_key_without_the_scope_is_forbidden(client: TestClient, keys: Keys) -> None:
    assert client.post("/v1/reports", json=body(), headers=auth(keys.review)).status_code == 403
    assert client.get("/v1/metrics", headers=auth(keys.guard)).status_code == 403
    assert client.post("/v1/reports", json=body(), headers=auth(keys.admin)).status_code == 201


def test_a_reporter_over_the_rate_limit_gets_429_and_others_do_not(
    client: TestClient, keys: Keys
) -> None:
    statuses = [
        client.post("/v1/reports", json=body(f"r{i}"), headers=auth(keys.guard)).status_code
        for i in range(4)
    ]
    assert statuses == [201, 201, 201, 429]
    other = client.post("/v1/reports", json=body("r9", reporter_id="u2"), headers=auth(keys.guard))
    assert other.status_code == 201


def test_a_batch_stores_each_report_once_and_lists_refusals(client: TestClient, keys: Keys) -> None:
    reports = [body(f"b{i}", reporter_id=f"u{i % 2}", target_id=f"t{i % 3}") for i in range(8)]
    first = client.post("/v1/reports/batch", json={"reports": reports}, headers=auth(keys.guard))
    assert first.status_code == 201
    result = first.json()
    assert len(result["receipts"]) == 6
    assert len(result["rejected"]) == 2
    too_many = client.post(
        "/v1/reports/batch",
        json={"reports": [body(f"x{i}", reporter_id=f"v{i}") for i in range(51)]},
        headers=auth(keys.guard),
    )
    assert too_many.status_code == 413


def test_metrics_report_backlog_and_intake(client: TestClient, keys: Keys) -> None:
    client.post("/v1/reports", json=body(), headers=auth(keys.guard))
    metrics = client.get("/v1/metrics", headers=auth(keys.review)).json()
    assert metrics["open_cases"] == 1
    assert metrics["intake"]["stored"] == 1
    assert set(metrics["by_age"]) == {"child_safety", "general"}


def test_health_and_openapi(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/v1/reports", "/v1/reports/batch", "/v1/metrics", "/healthz"} <= set(paths)
    assert not any(p.startswith("/console") for p in paths)


def test_an_appeal_needs_an_existing_decision(client: TestClient, keys: Keys) -> None:
    response = client.post(
        "/v1/appeals", json={"decision_id": 999, "appellant_id": "a1"}, headers=auth(keys.guard)
    )
    assert response.status_code == 422
    assert "decision_id" in response.json()["detail"]
