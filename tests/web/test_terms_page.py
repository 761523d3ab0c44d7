"""The term review queue in the console (F4): the discover CLI writes the queue, reviewers
decide on it, the team policy file and the audit log change, and the guard acts once a lead
promotes the entry."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.cli_process import run_netbrake

from netbrake.api import ApiConfig, create_app
from netbrake.guard import GuardAction, GuardEngine
from netbrake.policy import Policy
from netbrake.store import Store
from netbrake.terms.synthetic import NEW_TAGS, write_synthetic_results

from .conftest import Login, TestClient


@pytest.fixture(scope="module")
def discovered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """RESULTS with the queue written by a real `netbrake terms discover` run."""
    root = tmp_path_factory.mktemp("terms-page")
    write_synthetic_results(root / "results", accounts=2000, seed=4)
    proc = run_netbrake("-q", "terms", "discover", str(root / "results"), home=root)
    assert proc.returncode == 0, proc.stderr
    assert (root / "results" / "term_candidates.jsonl").is_file()
    return root / "results"


@pytest.fixture
def policy_file(tmp_path: Path) -> Path:
    path = tmp_path / "team.toml"
    path.write_text("# the team's own entries\n", encoding="utf-8")
    return path


@pytest.fixture
def terms_client(discovered: Path, policy_file: Path, store: Store) -> Iterator[TestClient]:
    config = ApiConfig(
        store=store,
        results_dir=discovered,
        policy_path=policy_file,
        session_secret=b"s" * 32,
        triage_interval=0,
        quality_share=0.0,
    )
    with TestClient(create_app(config), follow_redirects=False) as client:
        yield client


def _queue(client: TestClient) -> str:
    page = client.get("/console/terms")
    assert page.status_code == 200
    return page.text


def test_the_queue_shows_the_networks_new_tags_and_not_camouflage(
    terms_client: TestClient, login: Login
) -> None:
    login(terms_client, "alice")
    page = _queue(terms_client)
    for tag in NEW_TAGS:
        assert f'data-key="hashtag:{tag}"' in page
    assert 'data-key="hashtag:#nba"' not in page
    assert 'href="/console/terms"' in page  # in the navigation of every page


def test_approve_then_promote_by_a_lead_makes_the_guard_block_the_tag(
    terms_client: TestClient, login: Login, policy_file: Path, store: Store
) -> None:
    tag = NEW_TAGS[0]
    token = login(terms_client, "alice")
    before = Policy.load(policy_file).version
    approved = terms_client.post(
        "/console/terms/approve",
        data={"key": f"hashtag:{tag}", "reason": "the network's tag", "csrf_token": token},
    )
    assert approved.status_code == 303
    entry = next(e for e in Policy.load(policy_file).lexicon if e.term == tag.lstrip("#"))
    assert entry.state == "shadow"
    assert f'data-key="hashtag:{tag}"' not in _queue(terms_client)
    assert GuardEngine(policy_path=policy_file).check_hashtag(tag).action is not GuardAction.BLOCK
    # a reviewer may approve, only a lead promotes to live
    refused = terms_client.post(
        "/console/terms/promote",
        data={"entry_id": entry.id, "reason": "seen enough", "csrf_token": token},
    )
    assert refused.status_code == 403
    lead = login(terms_client, "lee")
    promoted = terms_client.post(
        "/console/terms/promote",
        data={"entry_id": entry.id, "reason": "shadow hits confirmed", "csrf_token": lead},
    )
    assert promoted.status_code == 303
    assert Policy.load(policy_file).entry(entry.id).state == "live"
    assert GuardEngine(policy_path=policy_file).check_hashtag(tag).action is GuardAction.BLOCK
    log = [e for e in store.audit_log_entries(limit=1000) if e.action.startswith("term.")]
    assert [(e.actor, e.action) for e in log] == [
        ("alice", "term.approve"),
        ("lee", "term.promote"),
    ]
    assert log[0].payload["previous_policy_version"] == before
    assert log[1].payload["policy_version"] == Policy.load(policy_file).version


def test_an_edited_approval_writes_the_reviewers_term(
    terms_client: TestClient, login: Login, policy_file: Path
) -> None:
    token = login(terms_client, "alice")
    response = terms_client.post(
        "/console/terms/approve",
        data={
            "key": f"hashtag:{NEW_TAGS[1]}",
            "term": "kwazi",
            "kind": "token",
            "severity": "medium",
            "match": "prefix",
            "reason": "the stem, whatever follows",
            "csrf_token": token,
        },
    )
    assert response.status_code == 303
    entry = next(e for e in Policy.load(policy_file).lexicon if e.term == "kwazi")
    assert (entry.kind.value, entry.severity.value, entry.match.value) == (
        "keyword",
        "medium",
        "prefix",
    )


def test_a_rejected_candidate_leaves_the_queue_for_good(
    terms_client: TestClient, login: Login, policy_file: Path
) -> None:
    token = login(terms_client, "alice")
    key = f"hashtag:{NEW_TAGS[2]}"
    response = terms_client.post(
        "/console/terms/reject", data={"key": key, "reason": "a game's tag", "csrf_token": token}
    )
    assert response.status_code == 303
    assert f'data-key="{key}"' not in _queue(terms_client)
    assert key in Policy.load(policy_file).section("terms")["rejected"]


def test_bad_requests_are_refused_and_change_nothing(
    terms_client: TestClient, login: Login, policy_file: Path
) -> None:
    token = login(terms_client, "alice")
    before = policy_file.read_text()
    key = f"hashtag:{NEW_TAGS[3]}"
    forged = {"key": key, "reason": "x", "csrf_token": "forged"}
    assert terms_client.post("/console/terms/approve", data=forged).status_code == 403
    no_reason = {"key": key, "csrf_token": token}
    assert terms_client.post("/console/terms/approve", data=no_reason).status_code == 422
    unknown = {"key": "hashtag:#neverseen", "reason": "x", "csrf_token": token}
    answer = terms_client.post("/console/terms/approve", data=unknown)
    assert answer.status_code == 409
    assert "no candidate 'hashtag:#neverseen'" in answer.text
    bad_kind = {"key": key, "kind": "image", "reason": "x", "csrf_token": token}
    assert terms_client.post("/console/terms/approve", data=bad_kind).status_code == 422
    assert policy_file.read_text() == before


def test_without_a_policy_file_the_page_says_how_to_start_and_posts_are_refused(
    client: TestClient, login: Login
) -> None:
    token = login(client, "alice")
    page = client.get("/console/terms")
    assert page.status_code == 200
    assert "start the service with --policy FILE" in page.text
    answer = client.post(
        "/console/terms/reject", data={"key": "hashtag:#x", "reason": "x", "csrf_token": token}
    )
    assert answer.status_code == 409
