"""HTTP load on the recommendation guard (issue 6 target: >= 1,000 req/s, p99 <= 20 ms, no errors).

Starts the service on 127.0.0.1 (uvicorn, ``--workers=2`` by default; the app
is built by :func:`app_factory` in each worker from environment variables),
creates a ``guard`` API key in a fresh SQLite store, and drives
``POST /v1/guard/recommendations`` with wrk (Debian package ``wrk``) and a Lua
script cycling through prepared bodies (a viewer and ``--candidates=100``
candidate ids each) for ``--seconds=60``. Prints throughput, latency
percentiles and errors; asserts nothing. Loopback only; every process it
starts is stopped on exit.

    python -m benchmarks.load_guard [--results=DIR] [--workers=2] [--connections=16]
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import pyarrow.parquet as pq

from benchmarks.measure import print_table

ENV_DB, ENV_RESULTS = "NETBRAKE_LOAD_DB", "NETBRAKE_LOAD_RESULTS"
LUA = """
local bodies = {}
for line in io.lines("%(bodies)s") do bodies[#bodies + 1] = line end
local i = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-API-Key"] = "%(key)s"
request = function()
  i = i %% #bodies + 1
  return wrk.format(nil, "/v1/guard/recommendations", nil, bodies[i])
end
"""


def app_factory() -> object:
    """The service for one uvicorn worker: store and results from the environment."""
    from netbrake.api import ApiConfig, Limits, create_app

    return create_app(
        ApiConfig(
            db_url=os.environ[ENV_DB],
            results_dir=Path(os.environ[ENV_RESULTS]),
            limits=Limits(reporter_per_minute=None),
            triage_interval=0,
        )
    )


def _option(argv: list[str], name: str, default: str) -> str:
    for arg in argv:
        if arg.startswith(f"--{name}="):
            return arg.split("=", 1)[1]
    return default


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _results(argv: list[str], tmp: Path) -> Path:
    given = _option(argv, "results", "")
    if given:
        return Path(given)
    from netbrake.engines import ScanRequest, scan
    from netbrake.policy import Policy
    from netbrake.synth import SynthConfig, generate

    generate(SynthConfig(accounts=10_000, seed=7), tmp / "export")
    scan(ScanRequest(tmp / "export", tmp / "results", Policy.load(), b"load"))
    return tmp / "results"


def _wait_healthy(url: str, server: subprocess.Popen[bytes], timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"server exited with {server.returncode}")
        try:
            if httpx.get(f"{url}/healthz", timeout=2.0).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise RuntimeError("server did not become healthy")


def _cpu_seconds(group: int) -> float:
    """User + system CPU seconds of every live process in process group ``group`` (Linux)."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == group:  # field 5 of stat: pgrp
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK")


def _parse(output: str) -> dict[str, float]:
    units = {"us": 0.001, "ms": 1.0, "s": 1000.0}
    found: dict[str, float] = {}
    for pct, value, unit in re.findall(r"^\s+(\d+)%\s+([\d.]+)(us|ms|s)\s*$", output, re.M):
        found[f"p{pct}"] = float(value) * units[unit]
    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    total = re.search(r"(\d+) requests in", output)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    sock = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    found["rps"] = float(rps.group(1)) if rps else 0.0
    found["requests"] = float(total.group(1)) if total else 0.0
    found["non2xx"] = float(non2xx.group(1)) if non2xx else 0.0
    found["socket_errors"] = float(sum(int(x) for x in sock.groups())) if sock else 0.0
    return found


def main(argv: list[str] | None = None) -> None:
    argv = argv if argv is not None else sys.argv[1:]
    wrk = shutil.which("wrk")
    if wrk is None:
        print("load_guard: wrk is not installed (apt-get install -y wrk)")
        return
    seconds = int(_option(argv, "seconds", "60"))
    workers = int(_option(argv, "workers", "2"))
    connections = int(_option(argv, "connections", "16"))
    candidates = int(_option(argv, "candidates", "100"))
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        results = _results(argv, tmp)
        from netbrake.store import Store

        db = f"sqlite:///{tmp / 'store.sqlite'}"
        with Store.open(db) as store:
            key = store.create_api_key(["guard"], created_by="load_guard").secret
        ids = [
            str(a)
            for a in pq.read_table(results / "accounts.parquet").column("account_id").to_pylist()
        ]
        rng = random.Random(7)
        bodies = tmp / "bodies.jsonl"
        with bodies.open("w") as out:
            for _ in range(2000):
                body = {"viewer_id": rng.choice(ids), "candidates": rng.sample(ids, candidates)}
                out.write(json.dumps(body) + "\n")
        (tmp / "post.lua").write_text(LUA % {"bodies": bodies, "key": key})
        port = _free_port()
        env = {**os.environ, ENV_DB: db, ENV_RESULTS: str(results), "NETBRAKE_HOME": str(tmp),
               "NETBRAKE_SECRET": "load-guard", "PYTHONPATH": str(Path(__file__).parent.parent)}  # fmt: skip
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "benchmarks.load_guard:app_factory",
                "--factory",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--workers",
                str(workers),
                "--log-level",
                "warning",
                "--no-access-log",
            ],
            env=env,
            start_new_session=True,
        )
        try:
            url = f"http://127.0.0.1:{port}"
            _wait_healthy(url, server)
            # Warm-up (both workers load their state on start; this primes connections).
            subprocess.run([wrk, "-t1", "-c4", "-d3s", "-s", str(tmp / "post.lua"), url],
                           capture_output=True, check=False, timeout=60)  # fmt: skip
            cpu_before = _cpu_seconds(server.pid)
            run = subprocess.run(
                [
                    wrk,
                    "-t1",
                    f"-c{connections}",
                    f"-d{seconds}s",
                    "--latency",
                    "--timeout",
                    "5s",
                    "-s",
                    str(tmp / "post.lua"),
                    url,
                ],
                capture_output=True,
                text=True,
                check=False,
                timeout=seconds + 60,
            )
            cpu = _cpu_seconds(server.pid) - cpu_before
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
    found = _parse(run.stdout)
    load = os.getloadavg()
    print_table(
        f"guard over HTTP: POST /v1/guard/recommendations, {candidates} candidates, "
        f"{workers} uvicorn workers, wrk -t1 -c{connections} -d{seconds}s "
        f"(load average {load[0]:.1f} on {os.cpu_count()} cores)",
        ["requests", "req/s", "p50 ms", "p75 ms", "p90 ms", "p99 ms", "non-2xx", "socket errors"],
        [[int(found["requests"]), found["rps"], found.get("p50", float("nan")),
          found.get("p75", float("nan")), found.get("p90", float("nan")),
          found.get("p99", float("nan")), int(found["non2xx"]), int(found["socket_errors"])]],
    )  # fmt: skip
    per_cpu = found["requests"] / cpu if cpu > 0 else float("nan")
    print(
        f"server CPU: {cpu:.1f} s for {int(found['requests'])} requests = {per_cpu:,.0f} requests "
        f"per CPU-second (2 dedicated cores would serve about {2 * per_cpu:,.0f}/s before wrk's share)"
    )
    if run.returncode != 0:
        print(run.stdout, run.stderr)


if __name__ == "__main__":
    main()
