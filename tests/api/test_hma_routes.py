"""The HMA-compatible routes: each answers with the shape HMA documents, errors included.

Documented responses are HMA's own (OpenMediaMatch route code and a running
instance, as recorded in the project's interchange specs); each test sends an
HMA client's request to netbrake and compares the shape (keys, nesting and
value types) of the answer with HMA's, and the status and message of each
refusal (malformed hashes, unknown banks, oversized bodies).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from netbrake.api import ApiConfig, Limits, create_app
from netbrake.media import BankLibrary, HashBank, Provenance
from netbrake.store import Store

from .conftest import Keys

PDQ = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22"
PDQ_NEAR = PDQ[:-2] + "25"  # 3 bits away
PDQ_FAR = "0" * 64
MD5 = "d41d8cd98f00b204e9800998ecf8427e"


def shape(value: Any) -> Any:
    """Keys, nesting and JSON types of a response, without the values."""
    if isinstance(value, dict):
        return {k: shape(v) for k, v in value.items()}
    if isinstance(value, list):
        return [shape(value[0])] if value else []
    return type(value).__name__


@pytest.fixture
def banks_dir(tmp_path: Path) -> Path:
    return tmp_path / "banks"


@pytest.fixture
def hma(store: Store, banks_dir: Path) -> Iterator[TestClient]:
    config = ApiConfig(
        store=store,
        clock=store.now,
        limits=Limits(max_body_bytes=4_000),
        session_secret=b"k" * 32,
        triage_interval=0,
        banks_dir=banks_dir,
    )
    with TestClient(create_app(config)) as client:
        yield client


@pytest.fixture
def admin(keys: Keys) -> dict[str, str]:
    return {"Authorization": f"Bearer {keys.admin}"}


@pytest.fixture
def guard(keys: Keys) -> dict[str, str]:
    return {"Authorization": f"Bearer {keys.guard}"}


@pytest.fixture
def seeded(hma: TestClient, admin: dict[str, str]) -> dict[str, int]:
    """BANK_A holds PDQ and an MD5, BANK_B the same PDQ: made through the curation routes."""
    ids: dict[str, int] = {}
    for bank in ("BANK_A", "BANK_B"):
        assert hma.post("/c/banks", json={"name": bank}, headers=admin).status_code == 201
    for key, bank, body in [
        ("a_pdq", "BANK_A", {"pdq": PDQ, "note": "hi"}),
        ("a_md5", "BANK_A", {"video_md5": MD5}),
        ("b_pdq", "BANK_B", {"pdq": PDQ}),
    ]:
        answer = hma.post(f"/c/bank/{bank}/signal", json=body, headers=admin)
        assert answer.status_code == 200, answer.text
        ids[key] = answer.json()["id"]
    return ids


# --- matching -------------------------------------------------------------------------------


def test_raw_lookup_gives_content_ids(hma, guard, seeded):
    answer = hma.get(
        "/m/raw_lookup", params={"signal": PDQ_NEAR, "signal_type": "pdq"}, headers=guard
    )
    assert answer.status_code == 200
    assert shape(answer.json()) == shape({"matches": [2, 1]})
    assert sorted(answer.json()["matches"]) == sorted([seeded["a_pdq"], seeded["b_pdq"]])


def test_raw_lookup_with_distance_and_bank_filter(hma, guard, seeded):
    params = {
        "signal": PDQ_NEAR,
        "signal_type": "pdq",
        "include_distance": "true",
        "banks": "BANK_B",
    }
    answer = hma.get("/m/raw_lookup", params=params, headers=guard)
    documented = {"matches": [{"bank_content_id": 1, "distance": "0"}]}
    assert shape(answer.json()) == shape(documented)
    assert answer.json() == {"matches": [{"bank_content_id": seeded["b_pdq"], "distance": "3"}]}


def test_raw_lookup_ignores_disabled_content(hma, guard, admin, seeded):
    hma.put(
        f"/c/bank/BANK_A/content/{seeded['a_pdq']}", json={"disable_until_ts": 0}, headers=admin
    )
    raw = hma.get("/m/raw_lookup", params={"signal": PDQ, "signal_type": "pdq"}, headers=guard)
    assert seeded["a_pdq"] in raw.json()["matches"]
    looked = hma.get("/m/lookup", params={"signal": PDQ, "signal_type": "pdq"}, headers=guard)
    assert set(looked.json()) == {"BANK_B"}


def test_lookup_is_keyed_by_bank(hma, guard, seeded):
    answer = hma.get("/m/lookup", params={"signal": PDQ_NEAR, "signal_type": "pdq"}, headers=guard)
    documented = {
        "BANK_A": [{"bank_content_id": 1, "distance": "0"}],
        "BANK_B": [{"bank_content_id": 2, "distance": "0"}],
    }
    assert answer.status_code == 200
    assert shape(answer.json()) == shape(documented)
    assert answer.json()["BANK_A"] == [{"bank_content_id": seeded["a_pdq"], "distance": "3"}]


def test_lookup_md5_distance_is_a_dash(hma, guard, seeded):
    answer = hma.get("/m/lookup", params={"signal": MD5, "signal_type": "video_md5"}, headers=guard)
    assert answer.json() == {"BANK_A": [{"bank_content_id": seeded["a_md5"], "distance": "-"}]}


def test_lookup_bank_filter_and_no_match(hma, guard, seeded):
    params = {"signal": PDQ, "signal_type": "pdq", "banks": "BANK_B"}
    assert set(hma.get("/m/lookup", params=params, headers=guard).json()) == {"BANK_B"}
    far = {"signal": PDQ_FAR, "signal_type": "pdq"}
    assert hma.get("/m/lookup", params=far, headers=guard).json() == {}


def test_lookup_respects_the_bank_rollout(hma, guard, admin, seeded):
    hma.put("/c/bank/BANK_B", json={"enabled_ratio": 0.0}, headers=admin)
    answer = hma.get("/m/lookup", params={"signal": PDQ, "signal_type": "pdq"}, headers=guard)
    assert set(answer.json()) == {"BANK_A"}


def test_unknown_banks_in_the_filter_match_nothing(hma, guard, seeded):
    # HMA splits on "," without trimming: " BANK_A" is an unknown bank, no error
    params = {"signal": PDQ, "signal_type": "pdq", "banks": "NOPE, BANK_A"}
    assert hma.get("/m/lookup", params=params, headers=guard).json() == {}
    raw = hma.get("/m/raw_lookup", params=params, headers=guard)
    assert (raw.status_code, raw.json()) == (200, {"matches": []})


@pytest.mark.parametrize("route", ["/m/raw_lookup", "/m/lookup"])
@pytest.mark.parametrize(
    ("signal", "signal_type", "message"),
    [
        ("abc", "pdq", "invalid signal: invalid PDQ hash"),
        (PDQ[:-1] + "g", "pdq", "invalid signal: invalid PDQ hash"),
        ("xyz", "video_md5", "invalid signal: 'xyz' is not a valid MD5 hash"),
        (PDQ, "nope", "No such SignalType 'nope'"),
    ],
)
def test_malformed_hashes_and_unknown_types_are_400(
    hma, guard, seeded, route, signal, signal_type, message
):
    answer = hma.get(route, params={"signal": signal, "signal_type": signal_type}, headers=guard)
    assert (answer.status_code, answer.json()) == (400, {"message": message})


def test_missing_parameters_are_422_with_pydantic_errors(hma, guard):
    answer = hma.get("/m/raw_lookup", params={"signal_type": "pdq"}, headers=guard)
    assert answer.status_code == 422
    body = answer.json()
    assert isinstance(body, list)
    assert body[0]["type"] == "missing"
    assert body[0]["loc"] == ["signal"]
    assert body[0]["msg"] == "Field required"
    bad = {"signal": PDQ, "signal_type": "pdq", "include_distance": "perhaps"}
    assert hma.get("/m/raw_lookup", params=bad, headers=guard).status_code == 422


def test_lookup_needs_a_hash_or_url(hma, guard):
    answer = hma.get("/m/lookup", params={"signal": PDQ}, headers=guard)
    expected = {"message": "Either url or both signal and signal_type are required"}
    assert (answer.status_code, answer.json()) == (400, expected)


def test_hashing_forms_answer_as_hma_without_the_hasher_role(hma, guard, admin, seeded):
    url = hma.get("/m/lookup", params={"url": "https://x.example/a.jpg"}, headers=guard)
    upload = hma.post("/m/lookup", files={"photo": ("a.jpg", b"not media")}, headers=guard)
    content = hma.post(
        "/c/bank/BANK_A/content", params={"url": "https://x.example/"}, headers=admin
    )
    for answer in (url, upload, content):
        assert (answer.status_code, answer.json()) == (
            403,
            {"message": "Hashing is disabled, missing role"},
        )


def test_index_status(hma, guard, seeded):
    answer = hma.get("/m/index/status", headers=guard)
    documented = {
        "pdq": {"built_to": 1, "present": True, "size": 3},
        "video_md5": {"built_to": 1, "present": True, "size": 1},
    }
    assert shape(answer.json()) == shape(documented)
    assert answer.json()["pdq"]["size"] == 2
    assert answer.json()["video_md5"]["size"] == 1
    one = hma.get("/m/index/status", params={"signal_type": "pdq"}, headers=guard).json()
    assert set(one) == {"pdq"}
    nope = hma.get("/m/index/status", params={"signal_type": "nope"}, headers=guard)
    assert (nope.status_code, nope.json()) == (400, {"message": "No such signal type 'nope'"})


def test_index_status_without_banks(hma, guard):
    answer = hma.get("/m/index/status", headers=guard).json()
    assert answer["pdq"] == {"built_to": -1, "present": False, "size": 0}


def test_compare(hma, guard):
    answer = hma.post("/m/compare", json={"pdq": [PDQ, PDQ_NEAR]}, headers=guard)
    assert shape(answer.json()) == shape({"pdq": [True, {"distance": 9}]})
    assert answer.json() == {"pdq": [True, {"distance": 3}]}
    assert hma.post("/m/compare", json={}, headers=guard).json() == {}


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ([1, 2], "Request input was not a dict"),
        ({"pdq": PDQ}, "Comparison hashes for pdq was not a list"),
        ({"pdq": [PDQ]}, "Comparison hash list length must be exactly 2"),
        ({"nope": [PDQ, PDQ]}, "No such SignalType 'nope'"),
        ({"pdq": [PDQ, "zz"]}, "Invalid pdq hash: invalid PDQ hash"),
    ],
)
def test_compare_errors(hma, guard, body, message):
    answer = hma.post("/m/compare", json=body, headers=guard)
    assert (answer.status_code, answer.json()) == (400, {"message": message})


def test_compare_needs_json(hma, guard):
    answer = hma.post("/m/compare", content=b"pdq", headers={**guard, "content-type": "text/plain"})
    assert answer.status_code == 415
    assert answer.json()["message"].startswith("Did not attempt to load JSON data")


def test_oversized_bodies_are_413_content_too_large(hma, guard, admin, seeded):
    pairs = {"pdq": [PDQ] * 100}
    big = hma.post("/m/compare", json=pairs, headers=guard)
    assert (big.status_code, big.json()) == (413, {"message": "Content too large"})
    note = {"pdq": PDQ_FAR, "note": "n" * 5_000}
    big = hma.post("/c/bank/BANK_A/signal", json=note, headers=admin)
    assert (big.status_code, big.json()) == (413, {"message": "Content too large"})


def test_status_probes(hma):
    for route in ("/status", "/status/live"):
        answer = hma.get(route)
        assert (answer.status_code, answer.text) == (200, "I-AM-ALIVE")
        assert answer.headers["content-type"].startswith("text/html")


def test_lookups_need_a_key(hma, seeded):
    answer = hma.get("/m/lookup", params={"signal": PDQ, "signal_type": "pdq"})
    assert answer.status_code == 401


# --- curation -------------------------------------------------------------------------------


def test_bank_list_create_get(hma, admin):
    assert hma.get("/c/banks", headers=admin).json() == []
    made = hma.post("/c/banks", json={"name": "BANK_A", "enabled_ratio": 0.5}, headers=admin)
    documented = {"matching_enabled_ratio": 1.0, "name": "BANK_A"}
    assert made.status_code == 201
    assert shape(made.json()) == shape(documented)
    assert made.json() == {"matching_enabled_ratio": 0.5, "name": "BANK_A"}
    assert shape(hma.get("/c/banks", headers=admin).json()) == shape([documented])
    assert hma.get("/c/bank/BANK_A", headers=admin).json() == made.json()


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        ({"name": "lower"}, 400, "Bank names must be UPPER_WITH_UNDERSCORE"),
        ({"name": "BANK-A"}, 400, "Bank names must be UPPER_WITH_UNDERSCORE"),
        ({"name": "BANK_A"}, 403, "Bank already exists"),
    ],
)
def test_bank_create_errors(hma, admin, body, status, message):
    hma.post("/c/banks", json={"name": "BANK_A"}, headers=admin)
    answer = hma.post("/c/banks", json=body, headers=admin)
    assert (answer.status_code, answer.json()) == (status, {"message": message})


def test_bank_create_without_name_is_422_list(hma, admin):
    answer = hma.post("/c/banks", json={}, headers=admin)
    assert answer.status_code == 422
    assert answer.json()[0]["loc"] == ["name"]


def test_unknown_banks_are_404(hma, admin):
    get = hma.get("/c/bank/NOPE", headers=admin)
    assert (get.status_code, get.json()) == (404, {"message": "bank 'NOPE' not found"})
    put = hma.put("/c/bank/NOPE", json={"enabled_ratio": 0.5}, headers=admin)
    assert (put.status_code, put.json()) == (404, {"message": "Bank not found"})
    sig = hma.post("/c/bank/NOPE/signal", json={"pdq": PDQ}, headers=admin)
    assert (sig.status_code, sig.json()) == (404, {"message": "bank 'NOPE' not found"})
    content = hma.get("/c/bank/NOPE/content/1", headers=admin)
    assert (content.status_code, content.json()) == (404, {"message": "bank 'NOPE' not found"})
    assert hma.delete("/c/bank/NOPE", headers=admin).json() == {"message": "Done"}


def test_bank_update_rename_and_delete(hma, admin, seeded):
    answer = hma.put(
        "/c/bank/BANK_B", json={"name": "BANK_Z", "enabled_ratio": 0.25}, headers=admin
    )
    assert answer.json() == {"matching_enabled_ratio": 0.25, "name": "BANK_Z"}
    taken = hma.put("/c/bank/BANK_Z", json={"name": "BANK_A"}, headers=admin)
    assert (taken.status_code, taken.json()) == (403, {"message": "Bank name already exists"})
    content = hma.get(f"/c/bank/BANK_Z/content/{seeded['b_pdq']}", headers=admin)
    assert content.json()["bank"]["name"] == "BANK_Z"
    assert hma.delete("/c/bank/BANK_Z", headers=admin).json() == {"message": "Done"}
    assert [b["name"] for b in hma.get("/c/banks", headers=admin).json()] == ["BANK_A"]


def test_add_signal_shape(hma, admin):
    hma.post("/c/banks", json={"name": "BANK_A"}, headers=admin)
    answer = hma.post("/c/bank/BANK_A/signal", json={"pdq": PDQ.upper()}, headers=admin)
    assert shape(answer.json()) == shape({"id": 1, "signals": {"pdq": "f8f8"}})
    assert answer.json()["signals"] == {"pdq": PDQ}


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({}, "No signals given"),
        ({"note": "only a note"}, "No signals given"),
        ({"foo": PDQ}, "No such signal type foo"),
        ({"pdq": "abc"}, "Invalid pdq signal: invalid PDQ hash"),
        ({"video_md5": "abc"}, "Invalid video_md5 signal: 'abc' is not a valid MD5 hash"),
    ],
)
def test_add_signal_errors(hma, admin, body, message):
    hma.post("/c/banks", json={"name": "BANK_A"}, headers=admin)
    answer = hma.post("/c/bank/BANK_A/signal", json=body, headers=admin)
    assert (answer.status_code, answer.json()) == (400, {"message": message})


def test_get_content(hma, admin, seeded):
    route = f"/c/bank/BANK_A/content/{seeded['a_pdq']}"
    answer = hma.get(route, params={"include_signals": "true"}, headers=admin)
    documented = {
        "bank": {"matching_enabled_ratio": 1.0, "name": "BANK_A"},
        "disable_until_ts": 1,
        "id": 2,
        "note": "hi",
        "original_media_uri": None,
        "signals": {"pdq": "f8f8"},
    }
    assert shape(answer.json()) == shape(documented)
    assert answer.json()["signals"] == {"pdq": PDQ}
    assert "signals" not in hma.get(route, headers=admin).json()
    missing = hma.get("/c/bank/BANK_A/content/999", headers=admin)
    assert (missing.status_code, missing.json()) == (404, {"message": "content '999' not found"})
    assert hma.get("/c/bank/BANK_A/content/abc", headers=admin).status_code == 404


def test_update_content_disables_and_enables(hma, admin, guard, seeded):
    route = f"/c/bank/BANK_A/content/{seeded['a_md5']}"
    answer = hma.put(route, json={"disable_until_ts": 0, "note": "x"}, headers=admin)
    documented = {
        "bank": {"matching_enabled_ratio": 1.0, "name": "BANK_A"},
        "collab_metadata": {},
        "disable_until_ts": 1,
        "id": 1,
        "note": "x",
        "original_media_uri": None,
        "user_metadata": None,
    }
    assert shape(answer.json()) == shape(documented)
    assert answer.json()["disable_until_ts"] == 0
    params = {"signal": MD5, "signal_type": "video_md5"}
    assert hma.get("/m/lookup", params=params, headers=guard).json() == {}
    later = int(time.time()) + 3600
    assert (
        hma.put(route, json={"disable_until_ts": later}, headers=admin).json()["disable_until_ts"]
        == later
    )
    assert (
        hma.put(route, json={"disable_until_ts": 1}, headers=admin).json()["disable_until_ts"] == 1
    )
    assert set(hma.get("/m/lookup", params=params, headers=guard).json()) == {"BANK_A"}


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (-1, "disable_until_ts must be a non-negative integer"),
        ("soon", "disable_until_ts must be a non-negative integer"),
        (
            int(time.time()) + 6 * 365 * 86400,
            "disable_until_ts must be less than 5 years in the future",
        ),
    ],
)
def test_update_content_errors(hma, admin, seeded, value, message):
    route = f"/c/bank/BANK_A/content/{seeded['a_md5']}"
    answer = hma.put(route, json={"disable_until_ts": value}, headers=admin)
    assert (answer.status_code, answer.json()) == (400, {"message": message})


def test_delete_content(hma, admin, guard, seeded):
    route = f"/c/bank/BANK_A/content/{seeded['a_pdq']}"
    assert hma.delete(route, headers=admin).json() == {"deleted": 1}
    assert hma.delete(route, headers=admin).json() == {"deleted": 0}
    raw = hma.get("/m/raw_lookup", params={"signal": PDQ, "signal_type": "pdq"}, headers=guard)
    assert raw.json() == {"matches": [seeded["b_pdq"]]}


def test_signal_and_content_types(hma, admin):
    types = hma.get("/c/signal_type", headers=admin).json()
    documented = [
        {"enabled_ratio": 1.0, "name": "pdq"},
        {"enabled_ratio": 1.0, "name": "video_md5"},
    ]
    assert types == documented
    content = hma.get("/c/content_type", headers=admin).json()
    assert shape(content) == shape([{"enabled": True, "name": "photo"}])


# --- the banks are netbrake's ---------------------------------------------------------------


def test_banks_made_through_hma_are_netbrake_banks(hma, admin, seeded, banks_dir):
    library = BankLibrary(banks_dir)
    assert library.names() == ["BANK_A", "BANK_B"]
    bank, problems = library.load("BANK_A")
    assert problems == []
    assert {e.entry_id for e in bank.entries.values()} == {seeded["a_pdq"], seeded["a_md5"]}
    report = library.matcher().match([])
    assert report.matches == []


def test_banks_written_by_netbrake_are_served(store, keys, banks_dir):
    bank = HashBank("partner_list")
    entry = bank.add("pdq", PDQ, Provenance("threatexchange", "collab-1"))
    BankLibrary(banks_dir).save(bank)
    config = ApiConfig(
        store=store, session_secret=b"k" * 32, triage_interval=0, banks_dir=banks_dir
    )
    with TestClient(create_app(config)) as client:
        answer = client.get(
            "/m/lookup",
            params={"signal": PDQ_NEAR, "signal_type": "pdq"},
            headers={"X-API-Key": keys.guard},
        )
    assert answer.json() == {"partner_list": [{"bank_content_id": entry.entry_id, "distance": "3"}]}
