"""The ``accounts`` table: handles, display names, bios, links and creation times.

Benign text is chosen from community templates with array indexing. Member
bios are composed per member (a few thousand at a million accounts) from
indicator fragments of their strength: strong, weak or none at all. A
primary's bio names its backups ("backup @handle"), whose handles resemble
the primary's (F6). Watchdog bios use anti-exploitation wording.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from netbrake.platform import TABLES
from netbrake.synth import columns
from netbrake.synth.communities import COMMUNITIES, FIRST_NAMES, LAST_NAMES, PLAIN_BIOS
from netbrake.synth.indicators import Fragment, IndicatorKind, IndicatorWriter
from netbrake.synth.population import ROLE_CODE, STRONG, WEAK, Population

WATCHDOG_BIOS = (
    "child safety advocate | reporting abuse",
    "researcher, online child protection",
    "trust & safety researcher | protecting kids online",
    "parent and advocate against child exploitation",
    "volunteer at a child safety hotline",
)
BACKUP_PHRASES = ("backup @{h}", "bkp acct @{h}", "new acc @{h}", "if I get banned: @{h}")
BACKUP_SUFFIXES = ("_backup{k}", ".bkp", "_new{k}", "{k}{k}", "_bkp{k}", ".backup")
LINK_DOMAINS = ("tradeportal.example", "megalink-share.example")


@dataclass(frozen=True)
class Planted:
    """An indicator fragment written into one account's bio, post or link."""

    account: int
    post: int | None
    field: str
    fragment: Fragment


def _templates(rng: np.random.Generator, community: npt.NDArray[np.int64]) -> pa.Array:
    flat = [bio for c in COMMUNITIES for bio in c.bios]
    counts = np.array([len(c.bios) for c in COMMUNITIES])
    offsets = np.concatenate([[0], np.cumsum(counts)[:-1]])
    pick = offsets[community] + (rng.random(community.shape[0]) * counts[community]).astype(
        np.int64
    )
    return columns.take(flat, pick)


def handles(pop: Population, rng: np.random.Generator) -> list[str]:
    """first_last123 for everyone; a backup's handle is its primary's plus a backup suffix."""
    n = pop.size
    first = columns.take(FIRST_NAMES, rng.integers(0, len(FIRST_NAMES), n))
    last = columns.take(LAST_NAMES, rng.integers(0, len(LAST_NAMES), n))
    number = columns.numbered("", rng.integers(0, 100_000, n))
    base: list[str] = columns.join(first, "_", last, number).to_pylist()
    for net in pop.networks:
        for backup, primary in zip(net.backups.tolist(), net.primaries.tolist(), strict=True):
            suffix = BACKUP_SUFFIXES[int(rng.integers(len(BACKUP_SUFFIXES)))]
            base[backup] = base[primary] + suffix.format(k=int(rng.integers(2, 10)))
    return base


def build_accounts(
    pop: Population, rng: np.random.Generator, account_ids: pa.Array, start: int, end: int
) -> tuple[pa.Table, list[Planted]]:
    """The accounts table and the indicators planted in bios and links."""
    n = pop.size
    handle = handles(pop, rng)
    first = columns.take([f.title() for f in FIRST_NAMES], rng.integers(0, len(FIRST_NAMES), n))
    last = columns.take([x.title() for x in LAST_NAMES], rng.integers(0, len(LAST_NAMES), n))
    display = columns.join(first, " ", last)
    bio: list[str | None] = _templates(rng, pop.community).to_pylist()
    for i in np.flatnonzero(rng.random(n) < 0.4).tolist():
        bio[i] = None
    url: list[str | None] = [None] * n
    for i in np.flatnonzero(rng.random(n) < 0.03).tolist():
        url[i] = f"https://shop.example/{handle[i]}"
    for i in pop.watchdogs.tolist():
        bio[i] = WATCHDOG_BIOS[int(rng.integers(len(WATCHDOG_BIOS)))]
    planted = _member_text(pop, rng, handle, bio, url)
    created = columns.uniform_times(rng, n, start, end)
    backups = np.concatenate([net.backups for net in pop.networks])
    half_year = 182 * 86_400 * 1_000_000  # backups are new: made during the activity window
    created[backups] = columns.uniform_times(rng, backups.shape[0], end, end + half_year)
    table = pa.table(
        {
            "account_id": account_ids,
            "handle": pa.array(handle, type=pa.string()),
            "display_name": display,
            "bio": pa.array(bio, type=pa.string()),
            "external_url": pa.array(url, type=pa.string()),
            "created_at": columns.timestamps(created),
        },
        schema=TABLES["accounts"].arrow_schema(),
    )
    return table, planted


def _member_text(
    pop: Population,
    rng: np.random.Generator,
    handle: list[str],
    bio: list[str | None],
    url: list[str | None],
) -> list[Planted]:
    writer = IndicatorWriter(rng)
    planted: list[Planted] = []
    for i in np.flatnonzero(pop.is_member).tolist():
        strength = int(pop.strength[i])
        minor = bool(pop.minor[i])
        if strength == STRONG:
            fragments = writer.strong(minor=minor)
        elif strength == WEAK:
            fragments = writer.weak(minor=minor)
        else:
            fragments = []
        parts = [f.text for f in fragments] or [PLAIN_BIOS[int(rng.integers(len(PLAIN_BIOS)))]]
        bio[i] = " ".join(parts)
        planted += [Planted(i, None, "bio", f) for f in fragments]
        if pop.role[i] == ROLE_CODE["trader"] and strength > 0:
            domain = LINK_DOMAINS[int(rng.integers(len(LINK_DOMAINS)))]
            url[i] = f"https://{domain}/r/{int(rng.integers(10**6)):06d}"
            planted.append(
                Planted(
                    i,
                    None,
                    "external_url",
                    Fragment(IndicatorKind.LINK, domain, "plain", url[i] or ""),
                )
            )
    for net in pop.networks:
        for backup, primary in zip(net.backups.tolist(), net.primaries.tolist(), strict=True):
            phrase = BACKUP_PHRASES[int(rng.integers(len(BACKUP_PHRASES)))]
            bio[primary] = f"{bio[primary]} | {phrase.format(h=handle[backup])}"
    return planted
