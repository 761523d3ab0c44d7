"""``scan`` on both engines in one run: seconds per stage side by side, and a cluster estimate.

    python -m benchmarks engines                      # 1M accounts / 20M edges (netbrake synth)
    python -m benchmarks engines --accounts=100000    # quick run
    python -m benchmarks.bench_engines --accounts 100000 --master local[2]

Both scans read the same synthetic export on this machine (Spark in local
mode on 2 cores). The Spark graph stage is the one that scales with edges:
its measured throughput (kept edges per second per core, join + checks +
merge) is the input of the 1-billion-edge estimate printed at the end.

Estimate for 1 billion edges (the reasoning; the figures are recomputed from
the measured throughput on every run):

- Graph stage: two shuffle joins of the edges to account positions and one
  merge per (src, dst, kind). A row is ~50 bytes shuffled (two 16-byte ids,
  kind, weight), so each shuffle moves ~50 GB and the stage ~150 GB. Spark's
  shuffle scales near-linearly with cores as long as each task's partition
  fits in memory (~128 MB per task: ~1,200 shuffle partitions), so the time
  is ``edges / (per-core throughput x cores)`` times ~2 for network shuffle
  instead of local disk.
- Seed neighbourhood (when the merged graph exceeds ``driver_edges``): 15
  rounds of personalised PageRank, each one join of the rank frame with the
  transition frame (2x merged edges rows, ~24 bytes each: ~48 GB cached) and
  one aggregation. Pruned ranks keep the rank frame to the seeds'
  neighbourhood, so a round costs about one pass over the transition frame:
  ~15 graph-stage passes without the string joins, about as much as the
  graph stage again.
- Text signals scale with posts (not edges): ~100k texts per second per core
  measured for the matcher, so 300M posts need ~3,000 core-seconds.
- Identity linking: one shuffle of the identifiers table (a few rows per
  account); components run on the kept links only (a small share).
- Driver: per-account arrays (~100 bytes per account: 300M accounts ~30 GB)
  and the collected neighbourhood; network mapping and the plan are the
  embedded engine's code (1M accounts: a few seconds).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.measure import print_table
from netbrake.scan import STAGES

BILLION = 1_000_000_000
CLUSTER_CORES = (64, 128, 256, 512)
#: Network shuffles on a cluster instead of local-disk shuffles in local mode.
NETWORK_FACTOR = 2.0
#: PageRank neighbourhood rounds cost about one more graph stage (module doc).
PAGERANK_FACTOR = 1.0


def _child(engine: str, export: str, out: str, master: str) -> None:
    from netbrake.policy import Policy
    from netbrake.scan import ScanRequest, scan

    chosen: Any = None
    if engine == "spark":
        from netbrake.engines.spark import SparkEngine

        chosen = SparkEngine.start(master=master, conf={"spark.driver.memory": "6g"})
    start = time.perf_counter()
    summary = scan(ScanRequest(Path(export), Path(out), Policy.load(), b"bench-secret"), chosen)
    wall = time.perf_counter() - start
    edges = summary.get("mapping", "")
    print(
        json.dumps(
            {
                "wall": wall,
                "stages": summary["seconds"],
                "mapping": edges,
                "members": summary["members"],
                "decisions": summary["decisions"],
            }
        )
    )


def _run(engine: str, export: Path, out: Path, master: str) -> dict[str, Any]:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks.bench_engines",
            "--child",
            engine,
            str(export),
            str(out),
            master,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def _kept_edges(out: Path) -> int:
    import pyarrow.parquet as pq

    return int(pq.ParquetFile(out / "dataset" / "edges.parquet").metadata.num_rows)


def estimate(edges: int, graph_seconds: float, cores: int) -> list[list[Any]]:
    """Rows (cores, graph-stage minutes, with neighbourhood PageRank) for 1B edges."""
    per_core = edges / max(graph_seconds, 1e-9) / cores
    rows = []
    for n in CLUSTER_CORES:
        graph = BILLION / (per_core * n) * NETWORK_FACTOR
        rows.append([n, n // 8, round(graph / 60, 1), round(graph * (1 + PAGERANK_FACTOR) / 60, 1)])
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="bench_engines")
    parser.add_argument("--accounts", type=int, default=1_000_000)
    parser.add_argument("--edges-per-account", type=float, default=20.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--source", type=Path, default=None, help="an existing export")
    args = parser.parse_args(argv or [])
    with tempfile.TemporaryDirectory(prefix="nb-bench-engines-") as folder:
        tmp = Path(folder)
        export = args.source
        if export is None:
            from netbrake.synth import SynthConfig, generate

            export = tmp / "export"
            generate(
                SynthConfig(
                    accounts=args.accounts,
                    seed=args.seed,
                    edges_per_account=args.edges_per_account,
                ),
                export,
            )
        results = {e: _run(e, export, tmp / e, args.master) for e in ("duckdb", "spark")}
        edges = _kept_edges(tmp / "duckdb")
    rows = [
        [stage, *(float(results[e]["stages"].get(stage, 0.0)) for e in ("duckdb", "spark"))]
        for stage in STAGES
    ]
    rows.append(["total wall", *(float(results[e]["wall"]) for e in ("duckdb", "spark"))])
    print_table(
        f"scan, {args.accounts:,} accounts / {edges:,} edges, seconds per stage ({args.master})",
        ["stage", "duckdb", "spark"],
        rows,
    )
    same = all(results["duckdb"][k] == results["spark"][k] for k in ("members", "decisions"))
    print(f"same members and decisions on both engines: {same}")
    graph_seconds = float(results["spark"]["stages"]["graph"])
    cores = 2
    per_core = edges / max(graph_seconds, 1e-9) / cores
    print(f"Spark graph stage here: {per_core:,.0f} edges per second per core ({cores} cores)")
    print_table(
        "estimate for 1 billion edges (graph stage x2 for network shuffles; +PageRank cut)",
        ["cores", "executors (8 cores)", "graph stage min", "graph + neighbourhood min"],
        estimate(edges, graph_seconds, cores),
    )


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        _child(*sys.argv[2:6])
    else:
        main(sys.argv[1:])
