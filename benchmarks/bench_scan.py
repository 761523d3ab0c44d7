"""The whole ``netbrake scan`` at 100k and 1M accounts: seconds per stage and peak memory.

Budget: 1,000,000 accounts / 20,000,000 edges scanned in <= 3 minutes
and <= 6 GB on 2 cores. Each scan runs in a fresh subprocess so the peak
resident memory is that scan's own; the CPU seconds (user + system) are
printed beside the wall clock because shared machines inflate wall time.
Quality (membership F1, watchdogs as members) is printed from ``netbrake eval``.

    python -m benchmarks scan                         # 100k and 1M
    python -m benchmarks scan --sizes=100000
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.measure import print_table
from netbrake.scan import STAGES

DEFAULT_SIZES = (100_000, 1_000_000)


def _child(export: str, out: str) -> None:
    import pyarrow.parquet as pq

    from netbrake.policy import Policy
    from netbrake.scan import ScanRequest, scan
    from netbrake.scan.evaluation import evaluate

    start = time.perf_counter()
    summary = scan(
        ScanRequest(
            Path(export),
            Path(out),
            Policy.load(),
            b"bench-secret",
            hash_banks=(Path(export) / "known_hashes.csv",),
        )
    )
    wall = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_SELF)
    report = evaluate(pq.read_table(Path(out) / "dataset" / "labels.parquet"), Path(out))
    print(
        json.dumps(
            {
                "wall": wall,
                "cpu": usage.ru_utime + usage.ru_stime,
                "peak_mb": usage.ru_maxrss / 1024,
                "stages": summary["seconds"],
                "f1": report["membership"]["f1"],
                "watchdogs": report["watchdogs_as_members"],
            }
        )
    )


def _measure(accounts: int, tmp: Path) -> dict[str, object]:
    export = tmp / f"export-{accounts}"
    if not export.exists():
        from netbrake.synth import SynthConfig, generate

        generate(SynthConfig(accounts=accounts, seed=1), export)
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks.bench_scan",
            "--child",
            str(export),
            str(tmp / f"r-{accounts}"),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, object] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def main(argv: list[str] | None = None) -> None:
    args = list(argv or [])
    sizes = DEFAULT_SIZES
    for arg in args:
        if arg.startswith("--sizes="):
            sizes = tuple(int(s) for s in arg.split("=", 1)[1].split(","))
    with tempfile.TemporaryDirectory(prefix="nb-bench-scan-") as folder:
        rows = []
        for accounts in sizes:
            r = _measure(accounts, Path(folder))
            stages = r["stages"]
            assert isinstance(stages, dict)
            rows.append(
                [
                    f"{accounts:,}",
                    *[float(stages.get(s, 0.0)) for s in STAGES],
                    float(r["wall"]),  # type: ignore[arg-type]
                    float(r["cpu"]),  # type: ignore[arg-type]
                    float(r["peak_mb"]),  # type: ignore[arg-type]
                    float(r["f1"]),  # type: ignore[arg-type]
                    int(r["watchdogs"]),  # type: ignore[call-overload]
                ]
            )
        print_table(
            "netbrake scan (wall seconds per stage; budget at 1M: 180 s, 6,144 MB)",
            ["accounts", *STAGES, "total wall s", "CPU s", "peak MB", "F1", "watchdogs"],
            rows,
        )


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        _child(sys.argv[2], sys.argv[3])
    else:
        main(sys.argv[1:])
