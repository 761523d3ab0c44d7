"""Reports out: export build times, and prevalence interval coverage by simulation.

Builds a RESULTS folder of N synthetic decisions (``--decisions=300,3000``),
then times reading it, the CyberTipline packages (XSD-validated), the DSA
statements with batching, signal extraction and the STIX bundle. Then prints
the coverage of the exact (Clopper-Pearson) interval next to the Wilson
interval over 1,000 simulated samples per rate: the anchor for choosing the
exact interval at rare rates. Prints; asserts nothing.
"""

from __future__ import annotations

import json
import math
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from benchmarks.measure import peak_rss_mb, print_table, timed
from netbrake.exchange import batches, build_packages, build_statements, read_results
from netbrake.exchange.metrics import estimate
from netbrake.exchange.signals import bundle_for, signals_from_results

SIZES = (300, 3_000)
RATES = ((1e-4, 30_000), (1e-4, 10_000), (1e-3, 5_000), (0.02, 400))


def _sizes(argv: list[str]) -> tuple[int, ...]:
    for arg in argv:
        if arg.startswith("--decisions="):
            return tuple(int(x) for x in arg.removeprefix("--decisions=").split(","))
    return SIZES


def _write(folder: Path, n: int) -> None:
    rng = np.random.default_rng(1)
    with (folder / "enforcement.jsonl").open("w", encoding="utf-8") as fh:
        for i in range(n):
            person = f"person-{i // 3}"
            media = [{"md5": f"{rng.integers(2**62):032x}", "pdq": f"{rng.integers(2**62):064x}"}]
            fh.write(json.dumps({
                "decision_id": f"d{i}", "subject_kind": "account", "subject_id": f"acc{i}",
                "person_id": person, "actions": ["remove_content", "report_clearinghouse"],
                "role": "seller", "reason": "synthetic", "rule_id": "role.seller",
                "policy_version": "1", "needs_human_review": False, "created_at": "2024-05-01T00:00:00Z",
                "evidence": {"media": media, "linked_account_ids": [f"acc{i}"],
                             "text_hits": [{"category": "sale", "term": f"term{i % 50}"}]},
            }) + "\n")  # fmt: skip


def _wilson(hits: int, n: int, z: float = 1.959964) -> tuple[float, float]:
    p = hits / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


def main(argv: list[str] | None = None) -> None:
    rows: list[list[object]] = []
    for n in _sizes(argv or []):
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            _write(folder, n)
            results = timed("read", lambda f=folder: read_results(f)).result
            for label, fn in [
                ("read RESULTS", lambda f=folder: read_results(f)),
                ("cybertip packages (validated)", lambda r=results: build_packages(r)),
                (
                    "dsa statements + batches",
                    lambda r=results: batches(build_statements(r).statements),
                ),
                ("signals", lambda r=results: signals_from_results(r)),
                (
                    "stix bundle",
                    lambda r=results: bundle_for(signals_from_results(r), datetime.now(UTC)),
                ),
            ]:
                t = timed(label, fn, repeat=3)
                rows.append([f"{n:,} decisions: {label}", t.median, t.best])
    print_table("exchange exports", ["step", "median s", "best s"], rows)
    print(f"peak memory {peak_rss_mb():,.0f} MiB")

    coverage: list[list[object]] = []
    for rate, n in RATES:
        hits = np.random.default_rng(20240601).binomial(n, rate, size=1000)
        cp = sum(estimate(int(h), n).lower <= rate <= estimate(int(h), n).upper for h in hits)
        one = sum(rate <= estimate(int(h), n).upper_one_sided for h in hits)
        wilson = sum(_wilson(int(h), n)[0] <= rate <= _wilson(int(h), n)[1] for h in hits)
        coverage.append([f"p={rate:g} n={n:,}", cp / 1000, one / 1000, wilson / 1000])
    print_table(
        "95% interval coverage over 1,000 samples",
        ["rate, sample", "clopper-pearson", "one-sided bound", "wilson"],
        coverage,
    )
