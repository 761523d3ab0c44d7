"""``netbrake serve --workers``: several processes on one port, one SQLite store, clean stop."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from netbrake.media import BankLibrary, HashBank, Provenance
from netbrake.served import wait_until_healthy
from netbrake.store import Store


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _env(home: Path) -> dict[str, str]:
    return {"NETBRAKE_HOME": str(home), "PATH": "/usr/bin:/bin", "NETBRAKE_SECRET": "cli-test"}


def _group_ends(group: int, timeout: float = 10.0) -> bool:
    """Whether every process of ``group`` is gone within ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.1)
    return False


def test_serve_workers_share_a_sqlite_store_and_stop_cleanly(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'store.sqlite'}"
    with Store.open(db) as store:
        key = store.create_api_key(["guard"], created_by="test").secret
    md5 = "d41d8cd98f00b204e9800998ecf8427e"
    bank = HashBank("known")
    bank.add("md5", md5, Provenance("ncmec", "list-a", None))
    BankLibrary(tmp_path / "banks").save(bank)
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "netbrake", "--db", db, "serve", "--workers", "2",
         "--port", str(port), "--triage-interval", "0", "--banks", str(tmp_path / "banks")],
        env=_env(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(url, server)
        with httpx.Client(base_url=url, headers={"X-API-Key": key}, timeout=10.0) as client:
            answers = [
                client.post(
                    "/v1/guard/recommendations", json={"viewer_id": "v", "candidates": ["a", "b"]}
                )
                for _ in range(20)
            ]
            refused = client.post(
                "/v1/guard/recommendations",
                json={"viewer_id": "v", "candidates": []},
                headers={"X-API-Key": "nbk_wrong"},
            )
            matched = client.post(
                "/v1/media/match", json={"hashes": [{"kind": "md5", "value": md5}]}
            )
        assert [a.status_code for a in answers] == [200] * 20
        assert answers[0].json()["kept"] == ["a", "b"]
        assert refused.status_code == 401
        assert [(m["bank"], m["hash"]) for m in matched.json()["matches"]] == [("known", md5)]
    finally:
        server.send_signal(signal.SIGTERM)
        _, err = server.communicate(timeout=60)
    assert server.returncode == 0, err
    assert "with 2 workers" in err
    assert err.count("Application startup complete") == 2
    assert "Traceback" not in err
    assert _group_ends(server.pid)  # no worker outlives the parent


def test_serve_workers_refuse_an_in_memory_store(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "netbrake", "--db", "sqlite://", "serve", "--workers", "2"],
        env=_env(tmp_path), capture_output=True, text=True, check=False, timeout=60,
    )  # fmt: skip
    assert proc.returncode == 2
    assert proc.stderr.startswith("netbrake: error: --workers 2 needs a store on disk")
    assert proc.stderr.count("\n") == 1
