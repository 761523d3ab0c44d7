from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from netbrake.store import Store, Subject
from netbrake.store.tables import CaseRow

from .conftest import PASSWORD, Login, csrf_of


def _case_id(store: Store, target: str) -> int:
    with store.read() as session:
        return session.execute(select(CaseRow.id).where(CaseRow.target_id == target)).scalar_one()


def test_anonymous_visitors_are_sent_to_login(client: TestClient) -> None:
    response = client.get("/console")
    assert response.status_code == 303
    assert response.headers["location"] == "/console/login"


def test_a_wrong_password_is_refused(client: TestClient) -> None:
    token = csrf_of(client.get("/console/login").text)
    response = client.post(
        "/console/login", data={"username": "alice", "password": "nope-nope", "csrf_token": token}
    )
    assert response.status_code == 401


def test_login_without_the_csrf_token_is_forbidden(client: TestClient) -> None:
    client.get("/console/login")
    response = client.post(
        "/console/login", data={"username": "alice", "password": PASSWORD, "csrf_token": "forged"}
    )
    assert response.status_code == 403


def test_a_forged_csrf_token_on_a_decision_is_forbidden(
    client: TestClient, login: Login, store: Store
) -> None:
    login(client, "cara")
    case_id = _case_id(store, "seller1")
    response = client.post(f"/console/cases/{case_id}/claim", data={"csrf_token": "forged"})
    assert response.status_code == 403
    with store.read() as session:
        assert session.get(CaseRow, case_id).claimed_by is None


def test_the_session_cookie_is_http_only_and_same_site(client: TestClient, login: Login) -> None:
    token = csrf_of(client.get("/console/login").text)
    response = client.post(
        "/console/login", data={"username": "alice", "password": PASSWORD, "csrf_token": token}
    )
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie
    assert "samesite=strict" in cookie


def test_child_safety_reviewers_see_only_child_safety_queues(
    client: TestClient, login: Login, store: Store
) -> None:
    login(client, "cara")
    page = client.get("/console").text
    assert 'data-queue="child_safety"' in page
    assert 'data-queue="general"' not in page
    assert "spammy" not in page
    assert client.get(f"/console/cases/{_case_id(store, 'spammy')}").status_code == 403


def test_general_reviewers_cannot_open_child_safety_cases(
    client: TestClient, login: Login, store: Store
) -> None:
    token = login(client, "alice")
    case_id = _case_id(store, "seller1")
    assert client.get(f"/console/cases/{case_id}").status_code == 403
    assert (
        client.post(f"/console/cases/{case_id}/claim", data={"csrf_token": token}).status_code
        == 403
    )


def test_claim_decide_and_see_the_audit_entry(
    client: TestClient, login: Login, store: Store
) -> None:
    token = login(client, "lee")
    case_id = _case_id(store, "spammy")
    assert (
        client.post(f"/console/cases/{case_id}/claim", data={"csrf_token": token}).status_code
        == 303
    )
    page = client.get(f"/console/cases/{case_id}").text
    assert 'data-testid="decide"' in page
    response = client.post(
        f"/console/cases/{case_id}/decide",
        data={
            "csrf_token": token,
            "verdict": "violation",
            "action": "remove",
            "rule_id": "spam.bulk",
            "reason": "bulk spam links",
        },
    )
    assert response.status_code == 303
    assert client.get(response.headers["location"]).text.count("case.violation") == 1
    decision = store.effective_decision(Subject("account", "spammy")).decision
    assert decision.rule_id == "spam.bulk"
    assert decision.policy_version  # the loaded policy's version is recorded
    audit = client.get("/console/audit").text
    assert "case.violation" in audit
    assert "bulk spam links" in audit


def test_four_eyes_on_a_cleared_network_account(
    client: TestClient, login: Login, store: Store
) -> None:
    case_id = _case_id(store, "seller1")
    token = login(client, "cara")
    client.post(f"/console/cases/{case_id}/claim", data={"csrf_token": token})
    decided = client.post(
        f"/console/cases/{case_id}/decide",
        data={
            "csrf_token": token,
            "verdict": "no_violation",
            "rule_id": "cs.network_member",
            "reason": "looks fine",
        },
    )
    assert decided.headers["location"].endswith("done=second_review")
    assert (
        client.post(f"/console/cases/{case_id}/claim", data={"csrf_token": token}).status_code
        == 409
    )
    second = TestClient(client.app, follow_redirects=False)
    token2 = login(second, "dan")
    assert (
        second.post(f"/console/cases/{case_id}/claim", data={"csrf_token": token2}).status_code
        == 303
    )
    final = second.post(
        f"/console/cases/{case_id}/decide",
        data={
            "csrf_token": token2,
            "verdict": "violation",
            "rule_id": "cs.network_member",
            "reason": "network seller with backup account",
        },
    )
    assert final.headers["location"].endswith("done=closed")


def test_the_case_page_shows_evidence_and_linked_accounts_but_no_media(
    client: TestClient, login: Login, store: Store
) -> None:
    login(client, "cara")
    page = client.get(f"/console/cases/{_case_id(store, 'seller1')}").text
    assert "pdq match (2 bits)" in page
    assert "seller1_backup" in page  # same person
    assert "/console/networks/7" in page
    assert not re.search(r"<(img|video|audio|source|iframe)\b", page)


@pytest.mark.parametrize(
    "path",
    [
        "/console/networks",
        "/console/networks/7",
        "/console/metrics",
        "/console/audit",
        "/console/appeals",
    ],
)
def test_every_page_renders_with_a_strict_content_policy(
    client: TestClient, login: Login, path: str
) -> None:
    login(client, "lee")
    response = client.get(path)
    assert response.status_code == 200
    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert not re.search(r"<(img|video|audio|source|iframe)\b", response.text)


def test_the_network_page_embeds_escaped_graph_elements(client: TestClient, login: Login) -> None:
    login(client, "lee")
    page = client.get("/console/networks/7").text
    assert "/static/vendor/cytoscape.min.js" in page
    assert '"id": "seller1"' in page
    assert client.get("/console/networks/999").status_code == 404


def test_the_vendored_graph_library_is_served_locally(client: TestClient) -> None:
    response = client.get("/static/vendor/cytoscape.min.js")
    assert response.status_code == 200
    assert "cytoscape" in response.text[:5000].lower()


def test_metrics_page_draws_charts(client: TestClient, login: Login) -> None:
    login(client, "lee")
    page = client.get("/console/metrics").text
    assert page.count("<svg") >= 3
    assert 'data-testid="reports-total">3<' in page


def test_an_appeal_is_filed_by_api_and_overturned_by_a_lead(
    client: TestClient, login: Login, store: Store
) -> None:
    case_id = _case_id(store, "spammy")
    token = login(client, "alice")
    client.post(f"/console/cases/{case_id}/claim", data={"csrf_token": token})
    client.post(
        f"/console/cases/{case_id}/decide",
        data={
            "csrf_token": token,
            "verdict": "violation",
            "rule_id": "spam.bulk",
            "reason": "spam",
        },
    )
    decision_id = store.effective_decision(Subject("account", "spammy")).decision.id
    key = store.create_api_key(["guard"], created_by="test").secret
    filed = client.post(
        "/v1/appeals",
        json={"decision_id": decision_id, "appellant_id": "spammy", "text": "it was my own shop"},
        headers={"X-API-Key": key},
    )
    assert filed.status_code == 201
    appeal_id = filed.json()["appeal_id"]
    form = {"outcome": "overturned", "reason": "a real shop", "csrf_token": token}
    assert client.post(f"/console/appeals/{appeal_id}/resolve", data=form).status_code == 403
    lead = TestClient(client.app, follow_redirects=False)
    lead_token = login(lead, "lee")
    resolved = lead.post(
        f"/console/appeals/{appeal_id}/resolve", data={**form, "csrf_token": lead_token}
    )
    assert resolved.status_code == 303
    assert "overturned" in lead.get("/console/appeals").text
    assert "appeal.overturned" in lead.get("/console/audit").text
    assert store.effective_decision(Subject("account", "spammy")).decision.action == "allow"
