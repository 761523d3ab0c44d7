"""``netbrake demo --no-serve`` end to end: target <= 2 minutes on 2 cores.

Runs the installed CLI in a subprocess, as a newcomer would (interpreter
start-up and imports included), at the default size and any others given
with ``--sizes=15000,20000`` and ``--repeat=N``. Prints wall-clock seconds,
the demo's own seconds per stage (from ``demo.json``), the child's peak
memory and the 120 s target beside them; asserts nothing.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.measure import print_table
from netbrake.demo import DEFAULT_ACCOUNTS

TARGET_SECONDS = 120.0


def _option(argv: list[str], name: str, default: str) -> str:
    for arg in argv:
        if arg.startswith(f"--{name}="):
            return arg.split("=", 1)[1]
    return default


def _run(accounts: int, tmp: Path) -> tuple[float, dict[str, float], dict[str, Any]]:
    env = {**os.environ, "NETBRAKE_HOME": str(tmp / "home")}
    env.pop("NETBRAKE_SECRET", None)
    out = tmp / "demo"
    cmd = [sys.executable, "-m", "netbrake", "-q", "demo", "--no-serve",
           "--accounts", str(accounts), "--out", str(out)]  # fmt: skip
    start = time.perf_counter()
    subprocess.run(cmd, check=True, env=env, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    summary = json.loads((out / "demo.json").read_text())
    return wall, summary["seconds"], summary


def main(argv: list[str] | None = None) -> None:
    argv = argv or []
    sizes = [int(s) for s in _option(argv, "sizes", str(DEFAULT_ACCOUNTS)).split(",")]
    repeat = int(_option(argv, "repeat", "1"))
    rows: list[list[object]] = []
    stage_rows: list[list[object]] = []
    for size in sizes:
        walls: list[float] = []
        stages: dict[str, list[float]] = {}
        summary: dict[str, Any] = {}
        for _ in range(repeat):
            with tempfile.TemporaryDirectory() as tmp:
                wall, seconds, summary = _run(size, Path(tmp))
            walls.append(wall)
            for name, value in seconds.items():
                stages.setdefault(name, []).append(value)
        wall = statistics.median(walls)
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        membership = summary["membership"]
        guarded = summary["exposure_guarded"]
        rows.append([f"{size:,}", wall, TARGET_SECONDS, "yes" if wall <= TARGET_SECONDS else "NO",
                     f"{peak:,.0f}", f"{membership['f1']:.3f}",
                     f"{guarded['hits']}/{guarded['trials']}"])  # fmt: skip
        in_stages = sum(statistics.median(v) for v in stages.values())
        for name, values in stages.items():
            stage_rows.append([f"{size:,}", name, statistics.median(values)])
        stage_rows.append([f"{size:,}", "start-up, imports, summary", wall - in_stages])
    print_table(
        f"demo --no-serve, subprocess wall clock (median of {repeat}; {os.cpu_count()} CPUs)",
        [
            "accounts",
            "seconds",
            "target s",
            "within",
            "peak MiB (largest child so far)",
            "F1",
            "guarded exposure",
        ],
        rows,
    )
    print_table("demo: seconds per stage (median)", ["accounts", "stage", "seconds"], stage_rows)
