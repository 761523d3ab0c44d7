"""Synthetic platform generation and ingest of its export, at 100k and 1M accounts.

Budget: 1,000,000 accounts and about 20,000,000 edges in
under 3 minutes and 6 GB on 2 cores; 10,000 accounts in under 5 seconds.
Each run is a fresh subprocess, so the peak resident memory printed is that
run's own (``ru_maxrss`` of the child). Times are medians of the repeats,
measured inside the child around the work (interpreter start-up excluded).

    python -m benchmarks synth                        # 10k, 100k, 1M; 3 repeats
    python -m benchmarks synth --sizes=100000 --repeat=1
"""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import cast

from benchmarks.measure import peak_rss_mb, print_table

DEFAULT_SIZES = (10_000, 100_000, 1_000_000)


def _child(task: str, accounts: int, folder: str) -> None:
    """Run one measured task in this (fresh) process and print its figures as JSON."""
    from netbrake.platform import ingest
    from netbrake.synth import SynthConfig, generate

    start = time.perf_counter()
    if task == "synth":
        summary = generate(SynthConfig(accounts=accounts, seed=1), Path(folder))
        rows = summary.rows
    else:
        result = ingest(Path(folder), Path(folder) / "clean", secret=b"bench-secret")
        rows = {n: t.rows_ok for n, t in result.tables.items()}
        rows["quarantined"] = result.rows_quarantined
    seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "peak_mb": peak_rss_mb(), "rows": rows}))


def _run(task: str, accounts: int, folder: Path) -> dict[str, object]:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks.bench_synth",
            "--child",
            task,
            str(accounts),
            str(folder),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    figures: dict[str, object] = json.loads(proc.stdout.strip().splitlines()[-1])
    return figures


def _option(argv: list[str], name: str, default: str) -> str:
    for arg in argv:
        if arg.startswith(f"--{name}="):
            return arg.split("=", 1)[1]
    return default


def main(argv: list[str] | None = None) -> None:
    argv = list(argv or [])
    if argv[:1] == ["--child"]:
        _child(argv[1], int(argv[2]), argv[3])
        return
    sizes = [int(s) for s in _option(argv, "sizes", ",".join(map(str, DEFAULT_SIZES))).split(",")]
    repeat = int(_option(argv, "repeat", "3"))
    table: list[list[object]] = []
    for accounts in sizes:
        for task in ("synth", "ingest"):
            runs: list[dict[str, object]] = []
            with tempfile.TemporaryDirectory(prefix="bench-synth-") as tmp:
                folder = Path(tmp) / "export"
                if task == "ingest":
                    _run("synth", accounts, folder)
                for _ in range(repeat):
                    runs.append(_run(task, accounts, folder))
                    shutil.rmtree(folder / "clean", ignore_errors=True)
            seconds = [float(str(r["seconds"])) for r in runs]
            peak = max(float(str(r["peak_mb"])) for r in runs)
            rows = cast(dict[str, int], runs[-1]["rows"])
            table.append(
                [
                    f"{task} {accounts:,}",
                    statistics.median(seconds),
                    min(seconds),
                    max(seconds),
                    peak,
                    f"{rows.get('edges', 0):,}",
                    f"{sum(v for k, v in rows.items() if k != 'quarantined'):,}",
                    str(rows.get("quarantined", "-")),
                ]
            )
            print(f"  {task} {accounts:,}: {seconds}", flush=True)
    print_table(
        f"netbrake synth + ingest ({repeat} runs each, fresh process per run; "
        "budget: 1M accounts < 180 s and < 6,144 MiB; 10k < 5 s)",
        ["run", "median s", "best s", "worst s", "peak MiB", "edges", "rows", "quarantined"],
        table,
    )


if __name__ == "__main__":
    main(sys.argv[1:])
