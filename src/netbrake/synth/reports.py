"""The ``reports`` table: true reports about members, false reports, and mass reporters.

Watchdogs file true child-safety reports about members (accounts, posts and
an explicit hashtag), and some touched users report the member they met.
Ordinary users file false or unrelated reports (spam, harassment, and some
child-safety reports about benign accounts), and one or two abusive mass
reporters file hundreds each (F7: a report pipeline must triage, not trust).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from netbrake.platform import REPORT_REASONS, TABLES
from netbrake.synth import columns
from netbrake.synth.population import ROLE_CODE, Population

IntArray = npt.NDArray[np.int64]
REASON = {name: i for i, name in enumerate(REPORT_REASONS)}
#: Reasons of false reports: spam, harassment, child_safety, nudity, other.
FALSE_MIX = {"spam": 0.4, "harassment": 0.3, "child_safety": 0.15, "nudity": 0.1, "other": 0.05}
TEXTS = ("child safety concern", "spam account", "harassing me", "fake account", "please review")


def build_reports(
    pop: Population,
    rng: np.random.Generator,
    account_ids: pa.Array,
    posts: pa.Table,
    post_owner: IntArray,
    touched_target: IntArray,
    start: int,
    end: int,
) -> pa.Table:
    """All reports, ordered by time, with ids rep0000001...."""
    reporter: list[IntArray] = []
    target: list[pa.Array] = []
    target_kind: list[str] = []
    reason: list[IntArray] = []

    def add(who: IntArray, kind: str, what: pa.Array, why: IntArray) -> None:
        reporter.append(who.astype(np.int64))
        target.append(what)
        target_kind.extend([kind] * who.shape[0])
        reason.append(why.astype(np.int64))

    members = np.flatnonzero(pop.is_member)
    per_watchdog = rng.integers(5, 21, size=pop.watchdogs.shape[0])
    who = np.repeat(pop.watchdogs, per_watchdog)
    about = members[rng.integers(0, members.shape[0], size=who.shape[0])]
    add(
        who,
        "account",
        account_ids.take(pa.array(about)),
        np.full(who.shape[0], REASON["child_safety"]),
    )
    member_posts = np.flatnonzero(pop.is_member[post_owner])
    if member_posts.size:
        who = pop.watchdogs[
            rng.integers(0, pop.watchdogs.shape[0], size=2 * pop.watchdogs.shape[0])
        ]
        rows = member_posts[rng.integers(0, member_posts.shape[0], size=who.shape[0])]
        add(
            who,
            "post",
            posts.column("post_id").combine_chunks().take(pa.array(rows)),
            np.full(who.shape[0], REASON["child_safety"]),
        )
    who = pop.watchdogs[:2]
    add(
        who,
        "hashtag",
        pa.array(["mnsfw"] * who.shape[0]),
        np.full(who.shape[0], REASON["child_safety"]),
    )
    reports_back = np.less(rng.random(pop.touched.shape[0]), 0.3)
    add(
        pop.touched[reports_back],
        "account",
        account_ids.take(pa.array(touched_target[reports_back])),
        np.full(int(reports_back.sum()), REASON["child_safety"]),
    )
    benign = np.flatnonzero(pop.role == ROLE_CODE["benign"])
    mix = np.array([FALSE_MIX[r] for r in REPORT_REASONS])
    count = max(20, pop.size // 1_000)
    who = benign[rng.integers(0, benign.shape[0], size=count)]
    about = benign[rng.integers(0, benign.shape[0], size=count)]
    add(
        who,
        "account",
        account_ids.take(pa.array(about)),
        rng.choice(len(REPORT_REASONS), size=count, p=mix),
    )
    for abuser in pop.mass_reporters.tolist():
        many = int(rng.integers(200, 401))
        about = benign[rng.integers(0, benign.shape[0], size=many)]
        why = np.where(rng.random(many) < 0.7, REASON["child_safety"], REASON["spam"])
        add(np.full(many, abuser), "account", account_ids.take(pa.array(about)), why)
    who_all = np.concatenate(reporter)
    n = who_all.shape[0]
    created = columns.uniform_times(rng, n, start, end)
    order = np.argsort(created, kind="stable")
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n)
    text_pick = rng.integers(0, len(TEXTS) + 1, size=n)
    texts = columns.take((*TEXTS, ""), text_pick)
    table = pa.table(
        {
            "report_id": columns.numbered("rep", rank + 1, 7),
            "reporter_id": account_ids.take(pa.array(who_all)),
            "target_kind": pa.array(target_kind, type=pa.string()),
            "target_id": pa.concat_arrays([t.cast(pa.string()) for t in target]),
            "reason": columns.take(REPORT_REASONS, np.concatenate(reason)),
            "text": pa.array([t or None for t in texts.to_pylist()], type=pa.string()),
            "created_at": columns.timestamps(created),
        }
    )
    return table.take(pa.array(order)).cast(TABLES["reports"].arrow_schema())
