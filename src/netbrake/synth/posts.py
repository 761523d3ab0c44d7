"""The ``posts`` table: captions with hashtags, and media hashes instead of media.

Benign captions come from community templates (two community hashtags each).
Member posts are composed per post: indicator fragments for carriers, plain
captions otherwise; aggregators mention many sellers with hashtag-heavy
captions; traders point off-platform.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from netbrake.platform import TABLES
from netbrake.synth import columns
from netbrake.synth.accounts import Planted
from netbrake.synth.communities import COMMUNITIES, PLAIN_CAPTIONS
from netbrake.synth.indicators import IndicatorKind, IndicatorWriter
from netbrake.synth.media import MediaHashes, media_hashes
from netbrake.synth.population import ROLE_CODE, STRONG, Population

#: The same hashtag rule as ingest's parser, so the list matches the text.
HASHTAG = re.compile(r"#([^\s#.,;:!?()\[\]{}\"']+)")
#: Posts per member by role: (low, high) inclusive.
MEMBER_POSTS = {
    "seller": (2, 6),
    "aggregator": (4, 10),
    "trader": (1, 4),
    "backup": (1, 3),
    "buyer": (0, 1),
}
MEDIA_SHARE = 0.7
#: Generic hashtags aggregator reposts carry whether or not they carry indicators.
REPOST_TAGS = ("repost", "explore", "follow4follow", "viral", "new")


@dataclass(frozen=True)
class Posts:
    """The posts table, the planted fragments (post = row in the table) and the media hashes."""

    table: pa.Table
    planted: list[Planted]
    media: MediaHashes


def _flat(
    per_community: list[tuple[str, ...]], community: npt.NDArray[np.int64], rng: np.random.Generator
) -> pa.Array:
    flat = [x for group in per_community for x in group]
    counts = np.array([len(g) for g in per_community])
    offsets = np.concatenate([[0], np.cumsum(counts)[:-1]])
    pick = offsets[community] + (rng.random(community.shape[0]) * counts[community]).astype(
        np.int64
    )
    return columns.take(flat, pick)


def _benign(
    pop: Population, rate: float, rng: np.random.Generator
) -> tuple[npt.NDArray[np.int64], pa.Array, pa.Array]:
    authors = np.flatnonzero(~pop.is_member)
    owner = np.repeat(authors, rng.poisson(rate, size=authors.shape[0]))
    comm = pop.community[owner]
    caption = _flat([c.captions for c in COMMUNITIES], comm, rng)
    tags = [t for c in COMMUNITIES for t in c.hashtags]
    counts = np.array([len(c.hashtags) for c in COMMUNITIES])
    offsets = np.concatenate([[0], np.cumsum(counts)[:-1]])
    first = (rng.random(comm.shape[0]) * counts[comm]).astype(np.int64)
    second = (
        first + 1 + (rng.random(comm.shape[0]) * (counts[comm] - 1)).astype(np.int64)
    ) % counts[comm]
    tag1 = columns.take(tags, offsets[comm] + first)
    tag2 = columns.take(tags, offsets[comm] + second)
    text = columns.join(caption, " #", tag1, " #", tag2)
    values = pa.concat_arrays([tag1, tag2]).take(
        pa.array(
            np.stack(
                [np.arange(owner.shape[0]), np.arange(owner.shape[0]) + owner.shape[0]], axis=1
            ).ravel()
        )
    )
    offsets = pa.array(np.arange(0, 2 * owner.shape[0] + 1, 2, dtype=np.int32))
    return owner, text, pa.ListArray.from_arrays(offsets, values)


def _member(
    pop: Population, handle: list[str], rng: np.random.Generator
) -> tuple[list[int], list[str], list[Planted]]:
    writer = IndicatorWriter(rng)
    owners: list[int] = []
    texts: list[str] = []
    planted: list[Planted] = []
    codes = {int(ROLE_CODE[r]): r for r in MEMBER_POSTS}
    for net in pop.networks:
        sellers = net.sellers.tolist()
        for i in net.members.tolist():
            role = codes[int(pop.role[i])]
            low, high = MEMBER_POSTS[role]
            strength = int(pop.strength[i])
            for _ in range(int(rng.integers(low, high + 1))):
                fragments = []
                if strength:
                    fragments = (
                        writer.strong(minor=bool(pop.minor[i]))
                        if strength == STRONG and rng.random() < 0.5
                        else writer.weak(minor=bool(pop.minor[i]))
                    )
                    if role == "trader":
                        fragments.append(writer.fragment(IndicatorKind.LINK))
                    if role == "aggregator":  # hashtag-heavy reposts
                        fragments += [writer.fragment(IndicatorKind.HASHTAG) for _ in range(2)]
                parts = [f.text for f in fragments] or [
                    PLAIN_CAPTIONS[int(rng.integers(len(PLAIN_CAPTIONS)))]
                ]
                if role == "aggregator":
                    k = min(len(sellers), int(rng.integers(3, 9)))
                    parts += ["#" + t for t in rng.choice(REPOST_TAGS, size=2, replace=False)]
                    parts += [
                        "@" + handle[s] for s in rng.choice(sellers, size=k, replace=False).tolist()
                    ]
                planted += [Planted(i, len(texts), "text", f) for f in fragments]
                owners.append(i)
                texts.append(" ".join(parts))
    return owners, texts, planted


def build_posts(
    pop: Population, handle: list[str], rate: float, rng: np.random.Generator, start: int, end: int
) -> Posts:
    """All posts, ordered by creation time, with ids post00000001...; planted rows re-pointed."""
    owner_b, text_b, tags_b = _benign(pop, rate, rng)
    owner_m, text_m, planted = _member(pop, handle, rng)
    tags_m = pa.array([HASHTAG.findall(t) or None for t in text_m], type=pa.list_(pa.string()))
    owner = np.concatenate([owner_b, np.asarray(owner_m, dtype=np.int64)])
    n = owner.shape[0]
    created = columns.uniform_times(rng, n, start, end)
    order = np.argsort(created, kind="stable")
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n)
    member_post = np.zeros(n, dtype=bool)
    member_post[owner_b.shape[0] :] = True
    media_row = np.less(rng.random(n), MEDIA_SHARE)
    media_row[owner_b.shape[0] :] |= pop.has_role("seller", "backup", "aggregator")[owner_m]
    media = media_hashes(rng, member_post[media_row])
    slot = np.cumsum(media_row) - 1
    where = pa.array(slot, mask=~media_row)
    video = rng.random(int(media_row.sum())) < 0.15
    kinds = pa.array(np.where(video, "video", "image").tolist(), type=pa.string())
    md5 = columns.hex_strings(media.md5).take(where)
    pdq = columns.hex_strings(media.pdq).take(where)
    kind = kinds.take(where)
    table = pa.table(
        {
            "post_id": columns.numbered("post", rank + 1, 8),
            "account_id": pa.array(owner),
            "created_at": columns.timestamps(created),
            "text": pa.concat_arrays([text_b, pa.array(text_m, type=pa.string())]),
            "hashtags": pa.concat_arrays([tags_b, tags_m]),
            "media_md5": md5,
            "media_pdq": pdq,
            "media_kind": kind,
        }
    ).take(pa.array(order))
    shift = owner_b.shape[0]
    planted = [
        Planted(p.account, int(rank[shift + (p.post or 0)]), p.field, p.fragment) for p in planted
    ]
    return Posts(table, planted, media)


def with_account_ids(table: pa.Table, account_ids: pa.Array) -> pa.Table:
    """Replace account positions with account ids and cast to the contract schema."""
    ids = pc.take(account_ids, table.column("account_id"))
    table = table.set_column(table.column_names.index("account_id"), "account_id", ids)
    return table.cast(TABLES["posts"].arrow_schema())
