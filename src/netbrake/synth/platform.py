"""Build a whole synthetic platform in memory: every contract table plus the ground truth.

Each stage draws from its own child of the seed (``SeedSequence.spawn``) so
that the output is a pure function of the config: same seed, same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from netbrake.platform import EDGE_KINDS, ROLES, TABLES
from netbrake.synth import columns
from netbrake.synth.accounts import Planted, build_accounts
from netbrake.synth.config import SynthConfig
from netbrake.synth.contacts import (
    camouflage,
    network_edges,
    popular_benign,
    touched_contacts,
    watchdog_contacts,
)
from netbrake.synth.edges import EdgeBuffer, benign_edges
from netbrake.synth.identifiers import build_identifiers
from netbrake.synth.impressions import ImpressionMix, impressions_table, members_of
from netbrake.synth.population import Population, build_population
from netbrake.synth.posts import build_posts, with_account_ids
from netbrake.synth.reports import build_reports

#: The platform's time window: accounts before 2024, activity during 2024.
ACCOUNTS_FROM, ACTIVITY_FROM, ACTIVITY_TO = (
    columns.micros(2016),
    columns.micros(2024),
    columns.micros(2025),
)


@dataclass(frozen=True)
class SynthPlatform:
    """A generated platform: the contract tables (``labels`` included), the known-hash
    list and every planted indicator (one row per fragment, with where it was written)."""

    tables: dict[str, pa.Table]
    known_hashes: pa.Table
    planted: pa.Table
    population: Population


def build(config: SynthConfig) -> SynthPlatform:
    """Generate the platform described by ``config`` in memory."""
    seeds = np.random.SeedSequence(config.seed).spawn(8)
    rng = [np.random.default_rng(s) for s in seeds]
    pop = build_population(config, rng[0])
    n = pop.size
    ids = columns.numbered("acct", np.arange(n), 7)
    accounts, planted = build_accounts(pop, rng[2], ids, ACCOUNTS_FROM, ACTIVITY_FROM)
    created = accounts.column("created_at").combine_chunks().cast(pa.int64()).to_numpy()
    edges, touched_target = _edges(config, pop, rng[1], ids, created)
    handle = accounts.column("handle").to_pylist()
    posts = build_posts(pop, handle, config.posts_per_account, rng[3], ACTIVITY_FROM, ACTIVITY_TO)
    post_owner = posts.table.column("account_id").to_numpy()
    posts_table = with_account_ids(posts.table, ids)
    reports = build_reports(
        pop, rng[4], ids, posts_table, post_owner, touched_target, ACTIVITY_FROM, ACTIVITY_TO
    )
    tables = {
        "accounts": accounts,
        "edges": edges,
        "posts": posts_table,
        "identifiers": build_identifiers(pop, rng[5], ids),
        "reports": reports,
        "labels": _labels(pop, ids),
    }
    if config.impressions:
        tables["impressions"] = _impressions(config, tables)
    known = posts.media.known_table(rng[6], columns.micros(2019), ACTIVITY_FROM)
    return SynthPlatform(tables, known, _planted(planted + posts.planted, ids, posts_table), pop)


def _edges(
    config: SynthConfig,
    pop: Population,
    rng: np.random.Generator,
    ids: pa.Array,
    created: npt.NDArray[np.int64],
) -> tuple[pa.Table, npt.NDArray[np.int64]]:
    """All edges; each happens after both its accounts were created, within 2024."""
    buffer = EdgeBuffer()
    benign_edges(pop, config.edges_per_account, rng, buffer)
    for net in pop.networks:
        network_edges(net, rng, buffer)
    camouflage(pop, popular_benign(pop, rng), rng, buffer)
    watchdog_contacts(pop, rng, buffer)
    touched_target = touched_contacts(pop, rng, buffer)
    src, dst, kind = buffer.merged(pop.size)
    after = np.maximum(np.maximum(created[src], created[dst]), ACTIVITY_FROM)
    after += (rng.random(src.shape[0]) * (ACTIVITY_TO - after)).astype(np.int64)
    table = pa.table(
        {
            "src": pc.take(ids, pa.array(src)),
            "dst": pc.take(ids, pa.array(dst)),
            "kind": columns.take(EDGE_KINDS, kind),
            "ts": columns.timestamps(after),
            "weight": pa.array(np.ones(src.shape[0])),
        },
        schema=TABLES["edges"].arrow_schema(),
    )
    return table, touched_target


def _labels(pop: Population, ids: pa.Array) -> pa.Table:
    return pa.table(
        {
            "account_id": ids,
            "role": columns.take(ROLES, pop.role),
            "network_id": pa.array(pop.network.astype(np.int64), mask=pop.network == 0),
            "person_id": columns.numbered("person", pop.person, 7),
        },
        schema=TABLES["labels"].arrow_schema(),
    )


def _planted(planted: list[Planted], ids: pa.Array, posts: pa.Table) -> pa.Table:
    """One row per planted fragment: where it is (account bio/link or post) and what it is."""
    account = pa.array([p.account for p in planted], type=pa.int64())
    post_rows = [p.post for p in planted]
    post_ids = posts.column("post_id").combine_chunks().take(pa.array(post_rows, type=pa.int64()))
    account_ids = ids.take(account)
    on_post = [p.post is not None for p in planted]
    return pa.table(
        {
            "account_id": account_ids,
            "target_kind": pa.array(
                ["post" if x else "account" for x in on_post], type=pa.string()
            ),
            "target_id": pc.if_else(pa.array(on_post, type=pa.bool_()), post_ids, account_ids),
            "field": pa.array([p.field for p in planted], type=pa.string()),
            "kind": pa.array([str(p.fragment.kind) for p in planted], type=pa.string()),
            "canonical": pa.array([p.fragment.canonical for p in planted], type=pa.string()),
            "disguise": pa.array([p.fragment.disguise for p in planted], type=pa.string()),
            "text": pa.array([p.fragment.text for p in planted], type=pa.string()),
        }
    )


def _impressions(config: SynthConfig, tables: dict[str, pa.Table]) -> pa.Table:
    """The impression log over the activity year, its members the labelled ones."""
    return impressions_table(
        tables["accounts"],
        tables["edges"],
        members_of(tables["labels"]),
        config.impressions,
        seed=config.seed,
        start=ACTIVITY_FROM,
        end=ACTIVITY_TO,
        posts=tables["posts"],
        mix=ImpressionMix(guard_recall=config.impression_guard_recall),
    )
