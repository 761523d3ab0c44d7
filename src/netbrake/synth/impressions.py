"""Synthetic impression logs consistent with an export: what the discovery surfaces showed.

Members are shown to each other, to accounts that already had contact with
the network and, now and then, to accounts with none (the newcomers a
recommender leads in, F1); everything else is ordinary traffic to popular
accounts, posts, hashtags and queries. With ``guard_recall`` set, a
``guard_action`` column logs a simulated guard beside each impression: it
suppresses (``drop``) that share of member impressions and downranks a few
ordinary ones, so figures can be given before and after guards.

The rows are a pure function of the inputs and the seed, drawn in batches so
that ten million rows never sit in memory at once (``write_impressions``).
Works on any export's tables: synth's own or a real graph with planted
networks (``netbrake.scenarios``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from netbrake.platform import IMPRESSIONS, MEMBER_ROLES
from netbrake.synth.columns import timestamps

IntArray = npt.NDArray[np.int64]
BATCH = 1_000_000
#: Distinct seed stream: adding impressions leaves every other table's bytes unchanged.
STREAM = 0x1A7E55

#: Share of impressions per surface (the guard's surface names).
SURFACE_SHARES = {
    "suggested_accounts": 0.20,
    "explore": 0.20,
    "feed_recommendations": 0.30,
    "search": 0.08,
    "search_people": 0.05,
    "hashtag_page": 0.07,
    "autocomplete": 0.05,
    "notifications": 0.05,
}
#: What each surface shows: (item_kind, share) pairs.
SURFACE_ITEMS: dict[str, tuple[tuple[str, float], ...]] = {
    "suggested_accounts": (("account", 1.0),),
    "explore": (("post", 0.8), ("account", 0.2)),
    "feed_recommendations": (("post", 1.0),),
    "search": (("account", 0.5), ("post", 0.25), ("hashtag", 0.25)),
    "search_people": (("account", 1.0),),
    "hashtag_page": (("post", 1.0),),
    "autocomplete": (("query", 0.5), ("hashtag", 0.25), ("account", 0.25)),
    "notifications": (("account", 1.0),),
}
FALLBACK_TAGS = ("photo", "travel", "food", "music", "sunset", "fitness", "art", "pets")


@dataclass(frozen=True)
class ImpressionMix:
    """Who sees what: viewer shares by class and the chance an item shown is a member.

    Classes: ``member`` viewers, ``contact`` viewers (an edge with a member at
    some time) and ``other`` viewers (no contact ever: every member shown to
    them leads a newcomer in).
    """

    viewer_shares: tuple[float, float, float] = (0.05, 0.10, 0.85)
    member_item: tuple[float, float, float] = (0.40, 0.05, 0.003)
    guard_recall: float | None = 0.9
    #: Share of ordinary impressions a simulated guard downranks.
    false_positive: float = 0.01


def members_of(labels: pa.Table) -> frozenset[str]:
    """The labelled network members (member roles) of a synthetic or planted export."""
    roles = pc.is_in(labels.column("role"), value_set=pa.array(MEMBER_ROLES))
    return frozenset(labels.filter(roles).column("account_id").to_pylist())


def _index(values: pa.ChunkedArray | pa.Array, ids: pa.Array) -> IntArray:
    out: IntArray = pc.fill_null(pc.index_in(values, value_set=ids), -1).to_numpy().astype(np.int64)
    return out


class _Universe:
    """The export's accounts, posts and hashtags as index arrays, split by membership."""

    def __init__(
        self,
        accounts: pa.Table,
        edges: pa.Table,
        posts: pa.Table | None,
        members: frozenset[str],
    ) -> None:
        self.ids = accounts.column("account_id").combine_chunks()
        n = len(self.ids)
        member = np.zeros(n, dtype=bool)
        hit = _index(pa.array(sorted(members), type=pa.string()), self.ids)
        member[hit[hit >= 0]] = True
        src, dst = _index(edges.column("src"), self.ids), _index(edges.column("dst"), self.ids)
        ok = (src >= 0) & (dst >= 0)
        src, dst = src[ok], dst[ok]
        touches = np.zeros(n, dtype=bool)
        touches[src[member[dst]]] = True
        touches[dst[member[src]]] = True
        self.classes = (
            np.flatnonzero(member),
            np.flatnonzero(touches & ~member),
            np.flatnonzero(~touches & ~member),
        )
        benign = np.flatnonzero(~member)
        degree = np.bincount(dst, minlength=n).astype(np.float64)[benign] + 1.0
        self.benign, self.benign_weight = benign, np.cumsum(degree / degree.sum())
        self.post_ids = pa.array([], type=pa.string())
        self.member_posts = self.benign_posts = np.zeros(0, dtype=np.int64)
        tags: list[str] = []
        if posts is not None and posts.num_rows:
            self.post_ids = posts.column("post_id").combine_chunks()
            owner = _index(posts.column("account_id"), self.ids)
            by_member = (owner >= 0) & member[np.maximum(owner, 0)]
            self.member_posts = np.flatnonzero(by_member)
            self.benign_posts = np.flatnonzero(~by_member)
            if "hashtags" in posts.column_names:
                flat = pc.list_flatten(posts.column("hashtags"))
                tags = sorted(set(pc.unique(flat).to_pylist()) - {None, ""})[:1_000]
        self.tags = pa.array(tags or list(FALLBACK_TAGS), type=pa.string())
        self.queries = pc.utf8_slice_codeunits(self.tags, 0, 4)


def _draw_viewers(
    u: _Universe, mix: ImpressionMix, rng: np.random.Generator, n: int
) -> tuple[IntArray, IntArray]:
    shares = np.array(
        [s if len(c) else 0.0 for s, c in zip(mix.viewer_shares, u.classes, strict=True)]
    )
    klass = rng.choice(3, size=n, p=shares / shares.sum()).astype(np.int64)
    viewers = np.empty(n, dtype=np.int64)
    for k, pool in enumerate(u.classes):
        where = np.flatnonzero(klass == k)
        if len(where):
            viewers[where] = pool[rng.integers(0, len(pool), size=len(where))]
    return klass, viewers


def _batch(
    u: _Universe, mix: ImpressionMix, rng: np.random.Generator, n: int, start: int, end: int
) -> pa.RecordBatch:
    names = list(SURFACE_SHARES)
    surface = rng.choice(len(names), size=n, p=np.array(list(SURFACE_SHARES.values())))
    kinds = ("account", "post", "hashtag", "query")
    kind = np.zeros(n, dtype=np.int64)
    pick = rng.random(n)
    for s, name in enumerate(names):
        at = surface == s
        edge = 0.0
        for item_kind, share in SURFACE_ITEMS[name]:
            chosen = at & (pick >= edge) & (pick < edge + share)
            kind[chosen] = kinds.index(item_kind)
            edge += share
    if not len(u.post_ids):
        kind[kind == 1] = 0
    klass, viewers = _draw_viewers(u, mix, rng, n)
    chance = np.array(mix.member_item)[klass]
    member = (rng.random(n) < chance) & (kind <= 1) & (len(u.classes[0]) > 0)
    member &= ~((kind == 1) & (len(u.member_posts) == 0))
    item = np.zeros(n, dtype=np.int64)
    acc_m, acc_b = member & (kind == 0), ~member & (kind == 0)
    item[acc_m] = u.classes[0][rng.integers(0, len(u.classes[0]) or 1, size=int(acc_m.sum()))]
    item[acc_b] = u.benign[
        np.searchsorted(u.benign_weight, rng.random(int(acc_b.sum())), side="right").clip(
            max=len(u.benign) - 1
        )
    ]
    post_m, post_b = member & (kind == 1), ~member & (kind == 1)
    if len(u.member_posts):
        item[post_m] = u.member_posts[rng.integers(0, len(u.member_posts), size=int(post_m.sum()))]
    if len(u.benign_posts):
        item[post_b] = u.benign_posts[rng.integers(0, len(u.benign_posts), size=int(post_b.sum()))]
    else:
        item[post_b] = u.member_posts[rng.integers(0, len(u.member_posts), size=int(post_b.sum()))]
    text = kind >= 2
    item[text] = rng.integers(0, len(u.tags), size=int(text.sum()))
    item_id = pc.take(u.ids, pa.array(np.where(kind == 0, item, 0)))
    for k, values in ((1, u.post_ids), (2, u.tags), (3, u.queries)):
        if len(values):
            chosen = pc.take(values, pa.array(np.where(kind == k, item, 0)))
            item_id = pc.if_else(pa.array(kind == k), chosen, item_id)
    rank = np.minimum(rng.geometric(0.3, size=n), 50).astype(np.int64)
    ts = np.sort(rng.integers(start, end, size=n, dtype=np.int64))
    columns: dict[str, pa.Array] = {
        "viewer_id": pc.take(u.ids, pa.array(viewers)),
        "surface": pc.take(pa.array(names), pa.array(surface)),
        "item_kind": pc.take(pa.array(list(kinds)), pa.array(kind)),
        "item_id": item_id,
        "rank": pa.array(rank),
        "ts": timestamps(ts),
    }
    if mix.guard_recall is not None:
        roll = rng.random(n)
        action = np.where(
            member & (roll < mix.guard_recall),
            2,
            np.where(~member & (roll < mix.false_positive), 1, 0),
        )
        columns["guard_action"] = pc.take(pa.array(["allow", "downrank", "drop"]), pa.array(action))
    schema = IMPRESSIONS.arrow_schema()
    if mix.guard_recall is None:
        schema = schema.remove(schema.get_field_index("guard_action"))
    return pa.RecordBatch.from_arrays([columns[f.name].cast(f.type) for f in schema], schema=schema)


def impression_batches(
    accounts: pa.Table,
    edges: pa.Table,
    members: frozenset[str],
    rows: int,
    *,
    seed: int,
    start: int,
    end: int,
    posts: pa.Table | None = None,
    mix: ImpressionMix = ImpressionMix(),
    batch: int = BATCH,
) -> Iterator[pa.RecordBatch]:
    """``rows`` impressions over ``[start, end)`` (microseconds), in time order, by batches.

    ``members`` are the accounts whose exposure the audit measures (the
    export's labelled members); ``posts`` (post_id, account_id, hashtags)
    gives post items and the hashtags shown, when the export has them.
    """
    if rows < 0:
        raise ValueError("rows must be >= 0")
    if end <= start:
        raise ValueError("the impression window is empty")
    u = _Universe(accounts, edges, posts, members)
    rng = np.random.default_rng(np.random.SeedSequence([seed, STREAM]))
    pieces = max(1, -(-rows // batch))
    bounds = np.linspace(start, end, pieces + 1).astype(np.int64)
    for i in range(pieces):
        n = min(batch, rows - i * batch)
        if n > 0:
            yield _batch(
                u, mix, rng, n, int(bounds[i]), max(int(bounds[i + 1]), int(bounds[i]) + 1)
            )


def impressions_table(
    accounts: pa.Table,
    edges: pa.Table,
    members: frozenset[str],
    rows: int,
    **kw: object,
) -> pa.Table:
    """The impressions of :func:`impression_batches` as one table (small sizes)."""
    batches = list(impression_batches(accounts, edges, members, rows, **kw))  # type: ignore[arg-type]
    schema = batches[0].schema if batches else IMPRESSIONS.arrow_schema()
    return pa.Table.from_batches(batches, schema=schema)


def write_impressions(path: Path, batches: Iterator[pa.RecordBatch]) -> int:
    """Stream ``batches`` into one Parquet file; returns the rows written."""
    written = 0
    writer: pq.ParquetWriter | None = None
    try:
        for b in batches:
            if writer is None:
                writer = pq.ParquetWriter(path, b.schema, compression="zstd")
            writer.write_batch(b)
            written += b.num_rows
    finally:
        if writer is not None:
            writer.close()
    if writer is None:
        pq.write_table(IMPRESSIONS.arrow_schema().empty_table(), path)
    return written
