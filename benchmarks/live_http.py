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

import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from benchmarks.live_events import BASE, account, edges, pct, removal
from netbrake.served import stop_server, wait_until_healthy
from netbrake.store import Store


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
                post([account(i, f"d{i}", "base") for i in range(start, start + batch)])
            latencies: list[float] = []
            kept = sent = 0
            i, k = BASE, 0
            began = time.perf_counter()
            while time.perf_counter() - began < seconds:
                victim = (k * 13) % BASE
                lines = [removal(k, victim), *edges("e", k, batch - 2),
                         account(i, f"d{victim}", "rot")]  # fmt: skip
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
        stop_server(server)
    return HttpRun(sent / elapsed, pct(latencies, 0.5), pct(latencies, 0.99),
                   len(latencies), kept, rss)  # fmt: skip
