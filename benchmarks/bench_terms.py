"""Term discovery (F4): seconds to rank a scan's terms, and new tags found after a rotation.

Issue target: discovery over a 1M-account scan within 30 s. Each size is a
synthetic RESULTS folder (:mod:`netbrake.terms.synthetic`: a bio and two
posts per account, 1% members). The anchor, measured in the same run, is a
plain ``collections.Counter`` over the same texts' whitespace tokens: the
cheapest possible count, with no members, prior, flags or examples.

The rotation measurement: after the network's tags are known, members switch
to ``--new-tags`` fresh made-up tags; the share of them among the top 50
proposals of one scan is reported, with the share of proposals that are
innocent (common tags and words).

The rotation simulation (:mod:`netbrake.scenarios.term_rotation`): day by day,
the network invents new tags after its old ones are blocked; a static lexicon
against daily discovery with a reviewer (real policy file, store and guard).
Targets: >= 90% of new tags proposed within one scan cycle, <= 5% of the
queue's proposals innocent, guarded exposure >= 10x lower than static.

    .venv/bin/python -m benchmarks terms [--sizes=100000,1000000] [--new-tags=20]
        [--rotation-days=28] [--rotation-accounts=20000]
"""

from __future__ import annotations

import tempfile
from collections import Counter
from pathlib import Path

import pyarrow.parquet as pq

from benchmarks.measure import peak_rss_mb, print_table, timed
from netbrake.scenarios.term_rotation import RotationSettings, simulate
from netbrake.terms import DiscoverySettings, discover
from netbrake.terms.synthetic import COMMON_TAGS, write_synthetic_results
from netbrake.text import Matcher


def _option(argv: list[str], name: str, default: str) -> str:
    for a in argv:
        if a.startswith(f"--{name}="):
            return a.split("=", 1)[1]
    return default


def _counter_anchor(results: Path) -> int:
    counts: Counter[str] = Counter()
    for name, column in (("accounts", "bio"), ("posts", "text")):
        for text in (
            pq.read_table(results / "dataset" / f"{name}.parquet", columns=[column])
            .column(0)
            .to_pylist()
        ):
            counts.update(text.lower().split())
    return len(counts)


def _rotation_tags(n: int) -> tuple[str, ...]:
    syllables = ("vlo", "rpa", "kwi", "zum", "snib", "qer", "dru", "mlix", "tav", "orn")
    return tuple(f"#{syllables[i % 10]}{syllables[(i * 7 + 3) % 10]}{i}" for i in range(n))


def main(argv: list[str] | None = None) -> None:
    argv = argv or []
    sizes = [int(s) for s in _option(argv, "sizes", "100000").split(",")]
    n_new = int(_option(argv, "new-tags", "20"))
    matcher = Matcher.from_policy()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            out = Path(tmp) / f"r{size}"
            write_synthetic_results(out, accounts=size, member_share=0.01, seed=1)
            repeat = 3 if size <= 100_000 else 1
            run = timed("discover", lambda out=out: discover(out, matcher), repeat=repeat)
            anchor = timed("counter", lambda out=out: _counter_anchor(out), repeat=repeat)
            rows.append(
                [
                    f"{size:,}",
                    run.median,
                    anchor.median,
                    f"{run.median / anchor.median:.1f}x",
                    len(run.result),
                    f"{peak_rss_mb():,.0f}",
                ]
            )
        print_table(
            "term discovery (median seconds; anchor: Counter over whitespace tokens)",
            ["accounts", "discover s", "Counter s", "ratio", "candidates", "peak MB"],
            rows,
        )
        new = _rotation_tags(n_new)
        out = Path(tmp) / "rotation"
        size = sizes[0]
        write_synthetic_results(out, accounts=size, member_share=0.01, new_tags=new, seed=2)
        top = discover(out, matcher, DiscoverySettings(top=50))
        terms = [c.term for c in top]
        proposed = sum(t in terms for t in new)
        innocent = sum(1 for c in top if "common" in c.flags or c.term in COMMON_TAGS)
        uncommon_innocent = sum(1 for c in top if "common" not in c.flags and c.term not in new)
        print_table(
            f"rotation: members switch to {n_new} new tags ({size:,} accounts, one scan)",
            ["measure", "value"],
            [
                ["new tags proposed in the top 50", f"{proposed}/{n_new} ({proposed / n_new:.0%})"],
                ["top-50 proposals flagged common", str(innocent)],
                ["unflagged proposals that are not new tags", str(uncommon_innocent)],
            ],
        )

    _rotation_simulation(
        int(_option(argv, "rotation-days", "28")), int(_option(argv, "rotation-accounts", "20000"))
    )


def _rotation_simulation(days: int, accounts: int) -> None:
    if days <= 0:
        return
    settings = RotationSettings(
        days=days, accounts=accounts, niche_accounts=max(accounts // 3000, 2)
    )
    run = timed("rotation", lambda: simulate(settings), repeat=1)
    result = run.result
    new = result.new_tags
    to_propose = sorted(t.proposed - t.introduced for t in new if t.proposed is not None)
    to_block = sorted(t.blocked - t.introduced for t in new if t.blocked is not None)
    weeks = [
        (
            w,
            sum(result.static_exposure[w * 7 : w * 7 + 7]),
            sum(result.guarded_exposure[w * 7 : w * 7 + 7]),
        )
        for w in range((days + 6) // 7)
    ]
    print_table(
        f"rotation simulation: {days} days, {accounts:,} accounts, "
        f"{settings.new_tags_per_day} new tags a day ({run.median:.1f} s)",
        ["measure", "value", "target"],
        [
            [
                "new tags proposed within one scan cycle",
                f"{result.proposed_in_one_cycle:.0%}",
                ">= 90%",
            ],
            ["days to proposed (median / max)", _median_max(to_propose), ""],
            ["days to blocked (median / max)", _median_max(to_block), ""],
            ["innocent share of the queue's proposals", f"{result.innocent_share:.1%}", "<= 5%"],
            ["innocent tags blocked", str(len(result.innocent_blocked)), "0"],
            ["exposure static / guarded", f"{result.exposure_ratio:.1f}x", ">= 10x"],
        ],
    )
    print_table(
        "rotation: network uses shown on hashtag pages, per simulated week",
        ["week", "static lexicon", "discovery + reviewer", "ratio"],
        [[w + 1, st, gu, f"{st / gu:.1f}x" if gu else "inf"] for w, st, gu in weeks],
    )


def _median_max(values: list[int]) -> str:
    return f"{values[len(values) // 2]} / {values[-1]}" if values else "-"
