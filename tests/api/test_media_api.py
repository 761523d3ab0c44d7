"""``POST /v1/media/match`` through the HTTP client, against banks saved in a bank folder."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from starlette.exceptions import StarletteDeprecationWarning

with warnings.catch_warnings():
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from fastapi.testclient import TestClient

from netbrake.api import ApiConfig, create_app
from netbrake.media import BankLibrary, HashBank, Provenance
from netbrake.store import Store

from .conftest import LIMITS, Keys

T0 = datetime(2026, 1, 1, tzinfo=UTC)
BASE = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22"
MD5 = "d41d8cd98f00b204e9800998ecf8427e"
ROUTE = "/v1/media/match"


def flipped(value: str, bits: int) -> str:
    """``value`` with its lowest ``bits`` bits inverted: at distance ``bits``."""
    return f"{int(value, 16) ^ ((1 << bits) - 1):064x}"


@pytest.fixture
def library(tmp_path: Path) -> BankLibrary:
    library = BankLibrary(tmp_path / "banks")
    strict = HashBank("strict", threshold=10)
    strict.add("pdq", BASE, Provenance("ncmec", "list-a", T0, "n-1"))
    library.save(strict)
    return library


@pytest.fixture
def media_client(store: Store, library: BankLibrary) -> Iterator[TestClient]:
    config = ApiConfig(
        store=store,
        clock=store.now,
        limits=LIMITS,
        session_secret=b"k" * 32,
        triage_interval=0,
        banks_dir=library.root,
    )
    with TestClient(create_app(config)) as test_client:
        yield test_client


def test_matches_the_saved_banks_and_skips_low_quality(
    media_client: TestClient, keys: Keys
) -> None:
    body = {
        "hashes": [
            {"kind": "pdq", "value": flipped(BASE, 4), "quality": 90, "content_id": "up-1"},
            {"kind": "pdq", "value": BASE, "quality": 10},
            {"kind": "md5", "value": MD5},
        ]
    }
    response = media_client.post(ROUTE, json=body, headers={"X-API-Key": keys.guard})
    assert response.status_code == 200, response.text
    answer = response.json()
    assert [(m["query"], m["bank"], m["distance"]) for m in answer["matches"]] == [(0, "strict", 4)]
    assert answer["matches"][0]["provenance"]["exchange"] == "ncmec"
    assert answer["skipped"] == [
        {"query": 1, "reason": "low_quality", "detail": "PDQ quality 10 < 50"}
    ]


def test_a_bank_saved_while_serving_is_matched_by_the_next_request(
    media_client: TestClient, keys: Keys, library: BankLibrary
) -> None:
    body = {"hashes": [{"kind": "md5", "value": MD5, "content_id": "up-2"}]}
    auth = {"Authorization": f"Bearer {keys.guard}"}
    assert media_client.post(ROUTE, json=body, headers=auth).json()["matches"] == []
    loose = HashBank("loose")
    loose.add("md5", MD5, Provenance("te", "collab-b", T0))
    library.save(loose)
    matches = media_client.post(ROUTE, json=body, headers=auth).json()["matches"]
    assert [(m["bank"], m["kind"], m["distance"]) for m in matches] == [("loose", "md5", 0)]


def test_needs_a_guard_key(media_client: TestClient, keys: Keys) -> None:
    body = {"hashes": [{"kind": "pdq", "value": BASE}]}
    assert media_client.post(ROUTE, json=body).status_code == 401
    assert (
        media_client.post(ROUTE, json=body, headers={"X-API-Key": keys.review}).status_code == 403
    )


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"hashes": []}, "hashes"),
        ({"hashes": [{"kind": "sha1", "value": "x"}]}, "hashes.0.kind"),
        ({"hashes": [{"kind": "pdq", "value": BASE, "quality": 101}]}, "hashes.0.quality"),
    ],
)
def test_a_bad_body_names_the_field(
    media_client: TestClient, keys: Keys, body: dict[str, object], field: str
) -> None:
    response = media_client.post(ROUTE, json=body, headers={"X-API-Key": keys.guard})
    assert response.status_code == 422
    assert field in response.json()["detail"]


def test_without_banks_nothing_matches(store: Store, keys: Keys, tmp_path: Path) -> None:
    config = ApiConfig(
        store=store, clock=store.now, limits=LIMITS, session_secret=b"k" * 32,
        triage_interval=0, banks_dir=tmp_path / "no-banks",
    )  # fmt: skip
    with TestClient(create_app(config)) as client:
        body = {"hashes": [{"kind": "md5", "value": MD5}]}
        response = client.post(ROUTE, json=body, headers={"X-API-Key": keys.guard})
    assert response.status_code == 200
    assert response.json() == {"matches": [], "skipped": []}
