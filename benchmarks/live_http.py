"""Live mode over HTTP: a platform's view of event -> changed guard decision (F9, F6).

Starts ``netbrake live`` in a child process on a fresh SQLite store holding one
``guard`` key, loads ``BASE`` accounts through ``POST /v1/live/events``, then
for ``seconds`` posts batches of ``batch`` events (one removal, edges, one
sign-up on the removed account's device) and asks ``POST
/v1/guard/recommendations`` about the new account until the guard drops it.
Latency runs from the moment the batch is posted to the first answer that
drops the account; ``kept after ack`` counts the guard answers that still
showed it after its batch was acknowledged (0 is the rotation target). The
client, the server and its applier share the machine's two cores.

    python -m benchmarks live --http-seconds=60
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from netbrake.served import wait_until_healthy
from netbrake.store import Store

TS = "2026-03-01T00:00:00Z"
BASE = 20_000


def _line(event_id: str, kind: str, data: dict[str, object]) -> str:
    return json.dumps({"event_id": event_id, "kind": kind, "ts": TS, "data": data})


def _account(i: int, device: str, tag: str) -> str:
    data = {"account_id": f"a{i}", "handle": f"h{i}", "created_at": TS,
            "identifiers": [{"kind": "device", "value": device}]}  # fmt: skip
    return _line(f"{tag}-acct-{i}", "account", data)


def _edges(tag: str, k: int, count: int) -> list[str]:
    return [_line(f"{tag}-{k}-{j}", "edge", {"src": f"a{(k + j) % BASE}",
            "dst": f"a{(j * 31 + k) % BASE}", "kind": "follow", "ts": TS})
            for j in range(count)]  # fmt: skip


def _removal(k: int, victim: int) -> str:
    return _line(f"rm-{k}", "enforcement", {"subject_kind": "account",
                 "subject_id": f"a{victim}", "action": "remove", "decided_by": "bench",
                 "reason": "rotation"})  # fmt: skip


@dataclass(frozen=True)
class HttpRun:
    rate: float
    p50: float
    p99: float
    rotations: int
    kept_after_ack: int
    server_rss_mb: float


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def run_http(work: Path, seconds: float, batch: int) -> HttpRun:
    """One HTTP run of ``seconds`` (see the module docstring)."""
    work.mkdir(parents=True, exist_ok=True)
    db = f"sqlite:///{work / 'live-http.sqlite'}"
    with Store.open(db, migrate_schema=True) as store:
        key = store.create_api_key(["guard"], created_by="bench").secret
    port = _free_port()
    env = {**os.environ, "NETBRAKE_HOME": str(work), "NETBRAKE_SECRET": "bench-live-http"}
    server = subprocess.Popen(
        [sys.executable, "-m", "netbrake", "--db", db, "-q", "live", "--port", str(port)],
        env=env, start_new_session=True,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    headers = {"Authorization": f"Bearer {key}"}
    ndjson = {"Content-Type": "application/x-ndjson"}
    try:
        wait_until_healthy(url, server, timeout=120.0)
        with httpx.Client(base_url=url, headers=headers, timeout=60.0) as client:

            def post(lines: list[str]) -> None:
                answer = client.post(
                    "/v1/live/events", content="\n".join(lines).encode(), headers=ndjson
                )
                answer.raise_for_status()
                if answer.json()["quarantined"]:
                    raise RuntimeError(f"events refused: {answer.json()['quarantined'][:2]}")

            for start in range(0, BASE, batch):
                post([_account(i, f"d{i}", "base") for i in range(start, start + batch)])
            latencies: list[float] = []
            kept = sent = 0
            i, k = BASE, 0
            began = time.perf_counter()
            while time.perf_counter() - began < seconds:
                victim = (k * 13) % BASE
                lines = [_removal(k, victim), *_edges("e", k, batch - 2),
                         _account(i, f"d{victim}", "rot")]  # fmt: skip
                sent_at = time.perf_counter()
                post(lines)
                body = {"viewer_id": "a1", "candidates": [f"a{i}"]}
                while time.perf_counter() - sent_at < 5:
                    found = client.post("/v1/guard/recommendations", json=body)
                    found.raise_for_status()
                    if not found.json()["kept"]:
                        latencies.append(time.perf_counter() - sent_at)
                        break
                    kept += 1
                    time.sleep(0.001)
                sent += len(lines)
                i += 1
                k += 1
            elapsed = time.perf_counter() - began
            rss = _rss_mb(server.pid)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
    return HttpRun(sent / elapsed, _pct(latencies, 0.5), _pct(latencies, 0.99),
                   len(latencies), kept, rss)  # fmt: skip
