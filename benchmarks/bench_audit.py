"""Recommendation safety audit: build time per reference recommender and probe suite time.

On synthetic platforms of 10k and 100k accounts (``--sizes=10000,100000``):
the interaction graph and each reference recommender are built, then the
whole probe suite runs with a guard that knows every labelled member (the
perfect guard the measuring machinery is validated with). Prints times,
peak memory and the headline exposure figures; asserts nothing.

The impression-log audit (``--impressions-rows=N``, default 10M; 200k when
``CI`` is set) runs over a synthetic log of N impressions written once to
Parquet and cached in the temp folder, beside its anchor in the same run: a
plain DuckDB ``SELECT surface, count(*) ... GROUP BY`` scan of the same file.
Target: 10M impressions within 60 s. ``--impressions-only`` skips the probes.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

import duckdb

from benchmarks.measure import peak_rss_mb, print_table, timed
from netbrake.audit import (
    REFERENCE_RECOMMENDERS,
    SUGGESTED_ACCOUNTS,
    FlaggedSetGuard,
    GroundTruth,
    InteractionGraph,
    ProbeSettings,
    TextProbes,
    audit_impressions,
    lexicon_probe_queries,
    run_audit,
)
from netbrake.platform import Dataset, ingest_table
from netbrake.synth import (
    SynthConfig,
    build,
    impression_batches,
    members_of,
    micros,
    write,
    write_impressions,
)
from netbrake.text import default_matcher


def _text_probes() -> TextProbes:
    """Lexicon probe queries, with the text matcher standing in for the search guard."""
    matcher = default_matcher()
    return TextProbes(
        lexicon_probe_queries(),
        search_guard=lambda q: "block" if matcher.matches(q) else "allow",
        autocomplete_guard=lambda prefix, done: [c for c in done if not matcher.matches(f"#{c}")],
    )


SIZES = (10_000, 100_000)


def _sizes(argv: list[str]) -> tuple[int, ...]:
    for arg in argv:
        if arg.startswith("--sizes="):
            return tuple(int(x) for x in arg.removeprefix("--sizes=").split(","))
    return SIZES


IMPRESSION_TARGET_SECONDS = 60.0


def _option(argv: list[str], name: str, default: str) -> str:
    for arg in argv:
        if arg.startswith(f"--{name}="):
            return arg.split("=", 1)[1]
    return default


def _impressions(rows_wanted: int, accounts: int) -> tuple[list[list[object]], list[list[object]]]:
    """Generate (once, cached) and audit ``rows_wanted`` impressions; the anchor beside it."""
    cache = Path(tempfile.gettempdir()) / f"netbrake-bench-impressions-{accounts}-{rows_wanted}"
    log = cache / "impressions.parquet"
    rows: list[list[object]] = []
    if not log.is_file():
        cache.mkdir(parents=True, exist_ok=True)
        platform = build(SynthConfig(accounts=accounts, seed=1))
        write(platform, cache)
        t = platform.tables
        batches = impression_batches(t["accounts"], t["edges"], members_of(t["labels"]),
                                     rows_wanted, seed=1, start=micros(2024), end=micros(2025),
                                     posts=t["posts"])  # fmt: skip
        start = time.perf_counter()
        write_impressions(cache / "impressions.tmp", batches)
        (cache / "impressions.tmp").rename(log)
        rows.append([f"generate {rows_wanted:,} impressions (cached)", rows_wanted,
                     time.perf_counter() - start, "", ""])  # fmt: skip
    dataset = Dataset.open(cache)
    members = members_of(dataset.labels())  # type: ignore[arg-type]
    con = duckdb.connect()
    quoted = str(log).replace("'", "''")
    anchor = timed("anchor", lambda: con.execute(
        f"SELECT surface, count(*) FROM read_parquet('{quoted}') GROUP BY surface").fetchall())  # fmt: skip
    con.close()
    audited = timed("audit", lambda: audit_impressions(log, dataset, members, "labels"), repeat=1)
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        ingest_table("impressions", log, cache, Path(tmp) / "clean.parquet",
                     quarantine_path=Path(tmp) / "q.jsonl")  # fmt: skip
        validated = time.perf_counter() - start
    ratio = audited.median / anchor.median if anchor.median else float("nan")
    rows.append(["anchor: DuckDB count(*) GROUP BY surface", rows_wanted, anchor.median, "1.0", ""])
    rows.append(["impression audit (both arms)", rows_wanted, audited.median, f"{ratio:.1f}",
                 f"{IMPRESSION_TARGET_SECONDS:.0f}" if rows_wanted == 10_000_000 else ""])  # fmt: skip
    rows.append(["validate the log (ingest_table)", rows_wanted, validated,
                 f"{validated / anchor.median:.1f}" if anchor.median else "", ""])  # fmt: skip
    report = audited.result
    figures = [[arm, f"{report.cell(arm).share:.4f}", report.cell(arm).viewers_exposed,
                report.cell(arm).newcomers, report.multi_surface[arm]["all"]]
               for arm in report.arms]  # fmt: skip
    return rows, figures


def main(argv: list[str] | None = None) -> None:
    argv = argv or []
    default_rows = "200000" if os.environ.get("CI") else "10000000"
    impression_rows = int(_option(argv, "impressions-rows", default_rows))
    impression_accounts = int(_option(argv, "impressions-accounts", "100000"))
    imp_rows, imp_figures = _impressions(impression_rows, impression_accounts)
    print_table(f"audit: impression logs ({impression_accounts:,} accounts; anchor side by side)",
                ["step", "impressions", "seconds", "x anchor", "target s"], imp_rows)  # fmt: skip
    print_table("audit: impression-log figures (simulated guard log)",
                ["arm", "member share", "viewers exposed", "newcomers", "multi-surface"],
                imp_figures)  # fmt: skip
    if "--impressions-only" in argv:
        return
    rows: list[list[object]] = []
    figures: list[list[object]] = []
    for size in _sizes(argv):
        with tempfile.TemporaryDirectory() as tmp:
            write(build(SynthConfig(accounts=size, seed=1)), Path(tmp))
            dataset = Dataset.open(tmp)
            accounts = dataset.table("accounts", ["account_id"])
            edges = dataset.table("edges", ["src", "dst", "kind", "ts", "weight"])
            graph = timed("graph", lambda a=accounts, e=edges: InteractionGraph.from_tables(a, e))
            rows.append([f"{size:,} interaction graph", edges.num_rows, graph.median, ""])
            recommenders = []
            for cls in REFERENCE_RECOMMENDERS:
                built = timed(cls.__name__, lambda cls=cls, g=graph.result: cls.build(g))
                recommenders.append(built.result)
                rows.append([f"{size:,} build {cls.__name__}", edges.num_rows, built.median, ""])
            truth = GroundTruth.from_dataset(dataset)
            guard = FlaggedSetGuard(
                frozenset(truth.members), frozenset(truth.with_role("watchdog"))
            )
            start = time.perf_counter()
            report = run_audit(dataset, recommenders, guard, probes=ProbeSettings(),
                               admits=guard.admits, text=_text_probes())  # fmt: skip
            rows.append([f"{size:,} probe suite (both)", edges.num_rows, time.perf_counter() - start,
                         f"{peak_rss_mb():,.0f}"])  # fmt: skip
            for e in report.exposures:
                if e.surface == SUGGESTED_ACCOUNTS and e.step in (1, 5):
                    figures.append([f"{size:,}", e.probe, e.recommender, e.step,
                                    e.unguarded_suggestions.value, e.guarded_suggestions.value])  # fmt: skip
            for c in report.contamination:
                figures.append([f"{size:,}", "contamination", c.recommender, "", c.unguarded.value,
                                c.guarded.value])  # fmt: skip
            for u in report.utility:
                figures.append([f"{size:,}", f"recall@{u.n}", u.recommender, "", u.unguarded.value,
                                u.guarded.value])  # fmt: skip
            for t in report.text_surfaces:
                figures.append([f"{size:,}", t.surface, f"leaked {t.leaked.value:.3f}", "",
                                t.unguarded.value, t.guarded.value])  # fmt: skip
    print_table("audit: build and probe times (median of 3 for builds, one suite run)",
                ["step", "edges", "seconds", "peak MiB"], rows)  # fmt: skip
    print_table("audit: headline figures (label-oracle guard)",
                ["accounts", "probe", "recommender", "k", "unguarded", "guarded"], figures)  # fmt: skip
