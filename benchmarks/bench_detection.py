"""Detection quality on networks planted into real social graphs.

One row per scenario x backdrop: membership precision, recall and F1, each
the mean over the seeds with a 95% confidence interval (Student's t), the
share of touched users flagged as members, watchdogs flagged (the most in
any seed), the share of ordinary accounts given any action, networks
without strong evidence (mean), seeds in which the circuit breaker fired,
report candidates (mean, in the scenarios where reports are reviewed) and
the seeds that meet every target. synth's own platform is scored the same
way as the anchor row: a detector tuned to synth scores high there and
should score as high on the rows above it.

    python -m benchmarks detection                       # 10 seeds, every backdrop present
    python -m benchmarks detection --quick               # 3 seeds
    python -m benchmarks detection --seeds=20 --backdrops=polblogs-lcc --scenarios=baseline,flood

Backdrops come from ``scripts/backdrops.sh`` (graph-tool's collection);
missing ones are listed and skipped.
"""

from __future__ import annotations

import argparse
import math
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from benchmarks.measure import print_table
from netbrake.scenarios import (
    BENCHMARK_BACKDROPS,
    SCENARIOS,
    Scanner,
    Score,
    evaluate,
    evaluate_synth,
    load_backdrop,
    missing_reason,
    plant,
)
from netbrake.scenarios.score import MAX_ACTIONED_SHARE, MAX_TOUCHED_SHARE, MIN_F1

DEFAULT_SEEDS, QUICK_SEEDS = 10, 3
SYNTH_ACCOUNTS = 5_000
COLUMNS = [
    "scenario",
    "backdrop",
    "accounts",
    "P",
    "R",
    "F1",
    "touched",
    "watchdogs",
    "actioned",
    "weak nets",
    "breaker",
    "cands",
    "met",
]


def interval(values: Sequence[float]) -> str:
    """``mean ± half-width`` of the 95% Student-t confidence interval of the mean."""
    mean = statistics.fmean(values)
    if len(values) < 2:
        return f"{mean:.3f}"
    from scipy.stats import t

    half = float(t.ppf(0.975, len(values) - 1)) * statistics.stdev(values) / math.sqrt(len(values))
    return f"{mean:.3f}±{half:.3f}"


def row(scores: list[Score]) -> list[object]:
    first = scores[0]
    fired = [s.breaker_fired for s in scores]
    candidates = [s.report_candidates for s in scores if s.report_candidates is not None]
    return [
        first.scenario,
        first.backdrop,
        f"{first.accounts:,}",
        interval([s.precision for s in scores]),
        interval([s.recall for s in scores]),
        interval([s.f1 for s in scores]),
        f"{statistics.fmean(s.touched_share for s in scores):.1%}",
        max(s.watchdogs_flagged for s in scores),
        f"{statistics.fmean(s.actioned_share for s in scores):.2%}",
        f"{statistics.fmean(s.networks_without_strong_evidence for s in scores):.1f}",
        "n/a" if all(f is None for f in fired) else f"{sum(f is True for f in fired)}/{len(fired)}",
        f"{statistics.fmean(candidates):.0f}" if candidates else "n/a",
        f"{sum(not s.misses() for s in scores)}/{len(scores)}",
    ]


def _scores(run: Callable[[int, Path], Score], seeds: int, folder: Path) -> list[Score]:
    out = []
    for seed in range(1, seeds + 1):
        work = folder / f"seed-{seed}"
        work.mkdir(parents=True)
        out.append(run(seed, work))
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks detection")
    parser.add_argument("--seeds", type=int, default=None, help=f"seeds per row ({DEFAULT_SEEDS})")
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_SEEDS} seeds per row")
    parser.add_argument("--backdrops", default=",".join(BENCHMARK_BACKDROPS))
    parser.add_argument("--scenarios", default=",".join(SCENARIOS))
    args = parser.parse_args(argv or [])
    seeds = args.seeds or (QUICK_SEEDS if args.quick else DEFAULT_SEEDS)
    backdrops = []
    for name in args.backdrops.split(","):
        reason = missing_reason(name)
        if reason is None:
            backdrops.append(name)
        else:
            print(f"skipping backdrop {name}: {reason}")
    scanner = Scanner.default()
    rows: list[list[object]] = []
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="nb-bench-detection-") as tmp:
        folder = Path(tmp)
        for backdrop_name in backdrops:
            backdrop = load_backdrop(backdrop_name)
            for name in args.scenarios.split(","):
                scores = _scores(
                    lambda seed, work: evaluate(plant(backdrop, name, seed), work, scanner),  # noqa: B023
                    seeds,
                    folder / backdrop_name / name,
                )
                rows.append(row(scores))
        synth = _scores(
            lambda seed, work: evaluate_synth(SYNTH_ACCOUNTS, seed, work, scanner),
            seeds,
            folder / "synth",
        )
        rows.append(row(synth))
    print_table(
        f"detection on planted networks ({seeds} seeds per row, {time.perf_counter() - start:.0f} s)",
        COLUMNS,
        rows,
    )
    print(
        "P/R/F1: membership, mean ± 95% CI; touched: share of touched users flagged; "
        "watchdogs: most flagged in a seed; actioned: share of ordinary accounts given any "
        "action; weak nets: networks without strong evidence; breaker: seeds in which it "
        "fired; cands: report candidates; met: seeds meeting every target.\n"
        f"Targets: F1 >= {MIN_F1}, touched <= {MAX_TOUCHED_SHARE:.0%}, "
        f"0 watchdogs, actioned <= {MAX_ACTIONED_SHARE:.1%}, 0 weak nets, breaker on flood "
        "only (bad_seeds: fires, and no ordinary account removed or reported). n/a: not a "
        "reviewed-reports scenario."
    )


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
