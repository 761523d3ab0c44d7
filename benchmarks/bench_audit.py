"""Recommendation safety audit: build time per reference recommender and probe suite time.

On synthetic platforms of 10k and 100k accounts (``--sizes=10000,100000``):
the interaction graph and each reference recommender are built, then the
whole probe suite runs with a guard that knows every labelled member (the
perfect guard the measuring machinery is validated with). Prints times,
peak memory and the headline exposure figures; asserts nothing.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from benchmarks.measure import peak_rss_mb, print_table, timed
from netbrake.audit import (
    REFERENCE_RECOMMENDERS,
    SUGGESTED_ACCOUNTS,
    FlaggedSetGuard,
    GroundTruth,
    InteractionGraph,
    ProbeSettings,
    TextProbes,
    lexicon_probe_queries,
    run_audit,
)
from netbrake.platform import Dataset
from netbrake.synth import SynthConfig, build, write
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


def main(argv: list[str] | None = None) -> None:
    rows: list[list[object]] = []
    figures: list[list[object]] = []
    for size in _sizes(argv or []):
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
