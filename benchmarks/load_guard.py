"""HTTP load on the recommendation guard (target: >= 1,000 req/s, p99 <= 20 ms, no errors).

Starts ``netbrake serve --workers=2`` on 127.0.0.1 over a fresh SQLite store
holding one ``guard`` API key, and drives ``POST /v1/guard/recommendations``
with wrk (Debian package ``wrk``; Lua scripts cycle through prepared bodies,
a viewer and ``--candidates=100`` candidate ids each). Two kinds of rows:

* ``closed``: wrk's usual closed loop, each connection sending its next
  request as soon as the last answer arrives (``--sweep=2,4,8,16``
  connections, ``--sweep-seconds=10`` each). This measures saturation: on
  2 shared cores latency there is mostly queueing.
* ``paced``: ``--rate=1050`` requests/s offered on a fixed schedule over
  ``--connections=16`` connections (one per wrk thread) for ``--seconds=60``:
  the issue's target row. wrk itself is closed-loop, so the script paces it
  (``delay()``) and times each answer from the moment its request was *due*,
  not sent, as wrk2 does: a server stall is charged to every request it held
  up (no coordinated omission).

Each row prints throughput, latency percentiles, errors (non-2xx answers and
socket errors), the CPU used (in cores) by the server, by wrk and by every
other process on the machine, and the load average. Asserts nothing.
Loopback only; every process it starts is stopped on exit.

    python -m benchmarks.load_guard [--results=DIR] [--workers=2] [--rate=1050]
        [--connections=16] [--seconds=60] [--sweep=2,4,8,16] [--sweep-seconds=10]
"""

from __future__ import annotations

import json
import math
import os
import random
import re
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pyarrow.parquet as pq

from benchmarks.measure import print_table
from netbrake.served import stop_server, wait_until_healthy

PATH = "/v1/guard/recommendations"
LUA = """
local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } nb_timespec;
int clock_gettime(int clk_id, nb_timespec *tp);
]]
local ts = ffi.new("nb_timespec")
local function now_us()
  ffi.C.clock_gettime(1, ts)  -- CLOCK_MONOTONIC
  return tonumber(ts.tv_sec) * 1000000 + tonumber(ts.tv_nsec) / 1000
end

local bodies = {}
for line in io.lines("%(bodies)s") do bodies[#bodies + 1] = line end
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-API-Key"] = "%(key)s"

local interval = %(interval_us)d  -- microseconds between requests on a connection; 0: closed loop
local threads = {}
setup = function(thread)
  thread:set("id", #threads)
  threads[#threads + 1] = thread
end

-- One connection per thread when paced, so these describe the request in flight.
local i, next_due, start = 0, nil, nil
lat, bad = {}, 0
request = function()
  local t = now_us()
  if interval == 0 then
    start = t
  elseif next_due == nil then  -- wrk's check of the script, outside any thread
    start = t
  else
    -- From the due time if sent late (queued behind a slow answer), else from the send.
    start = math.min(t, next_due)
    next_due = next_due + interval
  end
  i = (i + 7 * (id or 0)) %% #bodies + 1
  return wrk.format(nil, "%(path)s", nil, bodies[i])
end
if interval > 0 then
  delay = function()
    local t = now_us()
    if next_due == nil then  -- before the first request: stagger the connections
      next_due = t + interval * id / %(connections)d
    end
    return math.max(0, math.floor((next_due - t) / 1000))
  end
end
response = function(status, headers, body)
  lat[#lat + 1] = now_us() - start
  if status ~= 200 then bad = bad + 1 end
end
done = function(summary, latency, requests)
  local out = io.open("%(latencies)s", "w")
  for _, thread in ipairs(threads) do
    for _, us in ipairs(thread:get("lat")) do out:write(string.format("%%.0f\\n", us)) end
  end
  out:close()
end
"""


@dataclass(frozen=True)
class Row:
    """One wrk run: what was offered and what came back."""

    mode: str
    seconds: float
    requests: int
    rps: float
    p50: float
    p90: float
    p99: float
    max: float
    errors: int
    server_cores: float
    wrk_cores: float
    other_cores: float
    load: float
    wrk_p99: float

    def cells(self) -> list[str]:
        return [
            self.mode, f"{self.seconds:.0f}", f"{self.requests:,}", f"{self.rps:,.0f}",
            f"{self.p50:.2f}", f"{self.p90:.2f}", f"{self.p99:.2f}", f"{self.max:.1f}",
            str(self.errors), f"{self.server_cores:.2f}", f"{self.wrk_cores:.2f}",
            f"{self.other_cores:.2f}", f"{self.load:.2f}",
        ]  # fmt: skip


COLUMNS = ["run", "s", "requests", "req/s", "p50 ms", "p90 ms", "p99 ms", "max ms", "errors",
           "server cores", "wrk cores", "other cores", "load avg"]  # fmt: skip


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
    from netbrake.policy import Policy
    from netbrake.scan import ScanRequest, scan
    from netbrake.synth import SynthConfig, generate

    generate(SynthConfig(accounts=10_000, seed=7), tmp / "export")
    scan(ScanRequest(tmp / "export", tmp / "results", Policy.load(), b"load"))
    return tmp / "results"


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


def _machine_busy_seconds() -> float:
    """CPU seconds every core spent outside idle and iowait since boot (/proc/stat)."""
    ticks = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return (sum(ticks[:8]) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _wrk_output(output: str) -> dict[str, float]:
    units = {"us": 0.001, "ms": 1.0, "s": 1000.0}
    found: dict[str, float] = {}
    for pct, value, unit in re.findall(r"^\s+(\d+)%\s+([\d.]+)(us|ms|s)\s*$", output, re.M):
        found[f"p{pct}"] = float(value) * units[unit]
    latency = re.search(r"Latency\s+\S+\s+\S+\s+([\d.]+)(us|ms|s)", output)
    found["max"] = float(latency.group(1)) * units[latency.group(2)] if latency else math.nan
    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    total = re.search(r"(\d+) requests in", output)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    sock = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    found["rps"] = float(rps.group(1)) if rps else 0.0
    found["requests"] = float(total.group(1)) if total else 0.0
    found["errors"] = (float(non2xx.group(1)) if non2xx else 0.0) + (
        float(sum(int(x) for x in sock.groups())) if sock else 0.0
    )
    return found


def _percentile(ordered: list[float], pct: float) -> float:
    if not ordered:
        return math.nan
    return ordered[min(len(ordered) - 1, math.ceil(pct / 100 * len(ordered)) - 1)]


@dataclass(frozen=True)
class Target:
    """The running service and what wrk needs to call it."""

    wrk: str
    url: str
    group: int
    tmp: Path
    bodies: Path
    key: str


def _run(target: Target, connections: int, seconds: int, rate: float) -> Row:
    """One wrk run: closed loop when ``rate`` is 0, else paced at ``rate`` requests/s."""
    latencies = target.tmp / "latencies.txt"
    script = target.tmp / "load.lua"
    interval = round(connections / rate * 1e6) if rate else 0
    script.write_text(LUA % {"bodies": target.bodies, "key": target.key, "path": PATH,
                             "interval_us": interval, "connections": connections,
                             "latencies": latencies})  # fmt: skip
    threads = connections if rate else 1
    latencies.unlink(missing_ok=True)
    server0, wrk0, busy0 = _cpu_seconds(target.group), _children_cpu(), _machine_busy_seconds()
    started = time.monotonic()
    run = subprocess.run(
        [target.wrk, f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency",
         "--timeout", "5s", "-s", str(script), target.url],
        capture_output=True, text=True, check=False, timeout=seconds + 60,
    )  # fmt: skip
    wall = time.monotonic() - started
    server = _cpu_seconds(target.group) - server0
    wrk_cpu = _children_cpu() - wrk0
    busy = _machine_busy_seconds() - busy0
    if run.returncode != 0:
        print(run.stdout, run.stderr)
    found = _wrk_output(run.stdout)
    if rate:
        found_latencies = latencies.read_text().split() if latencies.exists() else []
        ordered = sorted(float(x) / 1000 for x in found_latencies)
        p50, p90, p99 = (_percentile(ordered, p) for p in (50, 90, 99))
        worst = ordered[-1] if ordered else math.nan
        mode = f"paced {rate:,.0f}/s c={connections}"
    else:
        p50, p90, p99, worst = found.get("p50", math.nan), found.get("p90", math.nan), \
            found.get("p99", math.nan), found["max"]  # fmt: skip
        mode = f"closed c={connections}"
    return Row(
        mode=mode, seconds=seconds, requests=int(found["requests"]), rps=found["rps"],
        p50=p50, p90=p90, p99=p99, max=worst, errors=int(found["errors"]),
        server_cores=server / wall, wrk_cores=wrk_cpu / wall,
        other_cores=max(0.0, busy - server - wrk_cpu) / wall, load=os.getloadavg()[0],
        wrk_p99=found.get("p99", math.nan),
    )  # fmt: skip


def _bodies(results: Path, path: Path, candidates: int) -> None:
    ids = [
        str(a) for a in pq.read_table(results / "accounts.parquet").column("account_id").to_pylist()
    ]
    rng = random.Random(7)
    with path.open("w") as out:
        for _ in range(2000):
            body = {"viewer_id": rng.choice(ids), "candidates": rng.sample(ids, candidates)}
            out.write(json.dumps(body) + "\n")


def main(argv: list[str] | None = None) -> None:
    argv = argv if argv is not None else sys.argv[1:]
    wrk = shutil.which("wrk")
    if wrk is None:
        print("load_guard: wrk is not installed (apt-get install -y wrk)")
        return
    seconds = int(_option(argv, "seconds", "60"))
    sweep_seconds = int(_option(argv, "sweep-seconds", "10"))
    sweep = [int(c) for c in _option(argv, "sweep", "2,4,8,16").split(",") if c]
    workers = int(_option(argv, "workers", "2"))
    connections = int(_option(argv, "connections", "16"))
    rate = float(_option(argv, "rate", "1050"))
    candidates = int(_option(argv, "candidates", "100"))
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        results = _results(argv, tmp)
        from netbrake.store import Store

        db = f"sqlite:///{tmp / 'store.sqlite'}"
        with Store.open(db) as store:
            key = store.create_api_key(["guard"], created_by="load_guard").secret
        _bodies(results, tmp / "bodies.jsonl", candidates)
        port = _free_port()
        env = {**os.environ, "NETBRAKE_HOME": str(tmp), "NETBRAKE_SECRET": "load-guard"}
        server = subprocess.Popen(
            [sys.executable, "-m", "netbrake", "--db", db, "-q", "serve", "--port", str(port),
             "--workers", str(workers), "--results", str(results), "--reporter-per-minute", "0",
             "--triage-interval", "0"],
            env=env, start_new_session=True,
        )  # fmt: skip
        try:
            url = f"http://127.0.0.1:{port}"
            wait_until_healthy(url, server, timeout=120.0)
            target = Target(wrk, url, server.pid, tmp, tmp / "bodies.jsonl", key)
            _run(target, 4, 3, 0)  # warm-up: opens connections, fills caches
            for c in sweep:
                rows.append(_run(target, c, sweep_seconds, 0))
                print(f"  {rows[-1].mode}: {rows[-1].rps:,.0f} req/s", file=sys.stderr)
            if rate:
                rows.append(_run(target, connections, seconds, rate))
        finally:
            stop_server(server)
    print_table(
        f"guard over HTTP: POST {PATH}, {candidates} candidates, netbrake serve --workers "
        f"{workers}, wrk on the same {os.cpu_count()} cores (load average at the end "
        "of each run)",
        COLUMNS,
        [row.cells() for row in rows],
    )
    print(
        "closed: wrk's closed loop at saturation (latency from send, mostly queueing); "
        f"{sweep_seconds} s each.\n"
        "paced: requests due on a fixed schedule, one connection per wrk thread; latency from "
        "the due time (includes time queued behind a slow answer)."
    )
    for row in rows:
        if row.mode.startswith("paced"):
            met = row.rps >= 1000 and row.p99 <= 20 and row.errors == 0 and row.seconds >= 60
            print(f"{row.mode}: wrk's own p99 (from send) {row.wrk_p99:.2f} ms; target "
                  f"(>= 1,000 req/s, p99 <= 20 ms, 0 errors, 60 s): {'met' if met else 'NOT met'}")  # fmt: skip


if __name__ == "__main__":
    main()
