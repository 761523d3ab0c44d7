"""``POST /v1/media/match``: the service's banks matched over HTTP (guard scope)."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from netbrake.api import ApiConfig, create_app
from netbrake.media import BankLibrary, HashBank, Provenance
from netbrake.store import Store

from .conftest import Keys

PDQ = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22"


def test_match_route_reads_the_bank_library(store: Store, keys: Keys, tmp_path: Path) -> None:
    bank = HashBank("known")
    entry = bank.add("pdq", PDQ, Provenance("threatexchange", "collab-1"))
    BankLibrary(tmp_path).save(bank)
    config = ApiConfig(store=store, session_secret=b"k" * 32, triage_interval=0, banks_dir=tmp_path)
    body = {"hashes": [{"kind": "pdq", "value": PDQ[:-2] + "25"}, {"kind": "md5", "value": "zz"}]}
    with TestClient(create_app(config)) as client:
        denied = client.post("/v1/media/match", json=body)
        answer = client.post("/v1/media/match", json=body, headers={"X-API-Key": keys.guard})
    assert denied.status_code == 401
    assert answer.status_code == 200
    found = answer.json()
    assert [(m["bank"], m["entry_id"], m["distance"]) for m in found["matches"]] == [
        ("known", entry.entry_id, 3)
    ]
    assert found["matches"][0]["provenance"]["list"] == "collab-1"
    assert [(s["query"], s["reason"]) for s in found["skipped"]] == [(1, "invalid")]
