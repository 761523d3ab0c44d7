"""Collect per-account evidence from profiles, posts and reports (see `AccountSignals`)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from netbrake.signals.account_signals import (
    COMMUNITY_CATEGORIES,
    HITS_SCHEMA,
    LINKING_RELATIONS,
    MENTIONS_SCHEMA,
    SELLER_CATEGORIES,
    TRADER_CATEGORIES,
    AccountSignals,
)
from netbrake.signals.params import SignalParams
from netbrake.signals.profile import ProfileTexts, post_texts, profile_texts, scan_chunks
from netbrake.text import (
    AgeClaim,
    Extracted,
    HandleMention,
    Hit,
    Matcher,
    Menu,
    PaymentMention,
    TextScan,
    UrlMention,
)

MAX_REASONS = 8


@dataclass
class _Account:
    """What was found for one account so far."""

    entries: dict[str, tuple[str, str, bool, str, str, str]] = field(default_factory=dict)
    age: AgeClaim | None = None
    age_where: str = ""
    payments: set[str] = field(default_factory=set)
    menu_where: str | None = None
    obfuscated_where: str | None = None
    domains: set[str] = field(default_factory=set)
    flagged_posts: int = 0
    mentioned: set[str] = field(default_factory=set)
    tagged_posts: int = 0

    def add(self, scan: TextScan, where: str, hits: list[tuple[str, ...]], account_id: str) -> None:
        for hit in scan.hits:
            if hit.state != "live":
                continue
            hits.append(
                (
                    account_id,
                    where,
                    hit.entry_id,
                    hit.category,
                    hit.severity,
                    hit.variant,
                    hit.matched,
                )
            )
            if hit.entry_id not in self.entries:
                self.entries[hit.entry_id] = (
                    hit.category,
                    hit.severity,
                    hit.standalone,
                    where,
                    hit.matched,
                    hit.variant,
                )
        for value in scan.extracted:
            if isinstance(value, AgeClaim) and (self.age is None or value.age < self.age.age):
                self.age, self.age_where = value, where
            elif isinstance(value, PaymentMention):
                self.payments.add(value.method)
            elif isinstance(value, Menu) and value.prices:
                self.menu_where = self.menu_where or where
            elif isinstance(value, UrlMention):
                self.domains.add(value.domain)
                if value.obfuscated:
                    self.obfuscated_where = self.obfuscated_where or where


def _noisy_or(weights: list[float]) -> float:
    return float(1.0 - np.prod([1.0 - min(max(w, 0.0), 1.0) for w in weights])) if weights else 0.0


def _weigh(
    acc: _Account, p: SignalParams, explain: dict[str, str]
) -> tuple[float, float, float, list[str]]:
    """(seller, trader, community, reasons) for one account.

    Weak indicators (not standalone, payment methods, price lists) never decide
    alone (F5: food, travel and shop accounts use them): they add to
    the evidence only beside a strong indicator or a combination rule's hit.
    """
    strong: list[float] = []
    weak: list[float] = []
    trade: list[float] = []
    community: list[float] = []
    weak_community: list[float] = []
    reasons: list[str] = []
    for entry_id, (category, severity, standalone, where, matched, variant) in acc.entries.items():
        weight = p.severity_weight(severity)
        if variant == "combination":
            reasons.append(f"{where}: {explain.get(entry_id, entry_id)} ('{matched}', {severity})")
        else:
            how = "" if variant == "exact" else f", {variant}"
            weak_note = "" if standalone else ", weak alone"
            reasons.append(f"{where}: '{matched}' ({category}, {severity}{how}{weak_note})")
        if category in TRADER_CATEGORIES:
            trade.append(weight)
        elif category in COMMUNITY_CATEGORIES:
            (community if standalone else weak_community).append(
                weight if standalone else weight * p.weak_factor
            )
        elif category in SELLER_CATEGORIES:
            (strong if standalone else weak).append(
                weight if standalone else weight * p.weak_factor
            )
    if acc.payments:
        weak.append(p.payment_weight)
        reasons.append(f"payment methods listed: {', '.join(sorted(acc.payments))}")
    if acc.menu_where is not None:
        weak.append(p.menu_weight)
        reasons.append(f"{acc.menu_where}: price list")
    if acc.obfuscated_where is not None:
        trade.append(p.obfuscated_link_weight)
        reasons.append(f"{acc.obfuscated_where}: obfuscated link")
    seller = _noisy_or(strong + weak) if strong else 0.0
    if acc.age is not None and acc.age.minor:
        reasons.append(f"{acc.age_where}: age claim {acc.age.age} via '{acc.age.cue}'")
        if seller > 0:
            seller = _noisy_or([seller, p.minor_age_weight])
    beside = strong or community or trade
    codes = _noisy_or(community + weak_community) if beside else 0.0
    return seller, _noisy_or(trade), codes, reasons


def collect_signals(
    accounts: pa.Table,
    posts: pa.Table,
    reports: pa.Table,
    matcher: Matcher,
    params: SignalParams | None = None,
) -> AccountSignals:
    """Evidence for every account of ``accounts`` (contract tables from a `Dataset`)."""
    p = params or SignalParams()
    ids = accounts.column("account_id").combine_chunks()
    index = {account_id: i for i, account_id in enumerate(ids.to_pylist())}
    found: dict[int, _Account] = {}
    hits: list[tuple[str, ...]] = []
    mentions: list[tuple[str, str, str, str]] = []
    profiles = profile_texts(accounts)
    for i, result in scan_chunks(matcher, profiles.texts):
        account_id = ids[i].as_py()
        acc = found.setdefault(i, _Account())
        for where, part in _by_field(result, profiles, i):
            acc.add(part, where, hits, account_id)
        for value in result.extracted:
            if isinstance(value, HandleMention) and value.relation in LINKING_RELATIONS:
                source = profiles.field_at(i, value.span[0])
                mentions.append(
                    (account_id, value.handle.lstrip("@").casefold(), value.relation, source)
                )
    if posts.num_rows:
        owners = posts.column("account_id").to_pylist()
        post_ids = posts.column("post_id").to_pylist()
        texts = post_texts(posts)
        for j, result in scan_chunks(matcher, texts):
            i = index.get(owners[j], -1)
            if i < 0:
                continue
            acc = found.setdefault(i, _Account())
            acc.add(result, f"post {post_ids[j]}", hits, owners[j])
            if result.hits:
                acc.flagged_posts += 1
            if "#" in texts[j]:
                acc.tagged_posts += 1
            for value in result.extracted:
                if not isinstance(value, HandleMention):
                    continue
                handle = value.handle.lstrip("@").casefold()
                acc.mentioned.add(handle)
                if value.relation in LINKING_RELATIONS:
                    mentions.append((owners[j], handle, value.relation, f"post {post_ids[j]}"))
    explain = dict(matcher.combiner.explain)
    return _assemble(accounts, ids, index, found, hits, mentions, reports, p, explain)


def _by_field(result: TextScan, profiles: ProfileTexts, row: int) -> list[tuple[str, TextScan]]:
    """Split a profile scan into one scan per field so reasons name the field."""
    groups: dict[str, tuple[list[Hit], list[Extracted]]] = {}
    for hit in result.hits:
        groups.setdefault(profiles.field_at(row, hit.span[0]), ([], []))[0].append(hit)
    for value in result.extracted:
        groups.setdefault(profiles.field_at(row, value.span[0]), ([], []))[1].append(value)
    return [
        (name, TextScan(tuple(h), tuple(e), result.truncated, result.policy_version))
        for name, (h, e) in groups.items()
    ]


def _assemble(
    accounts: pa.Table,
    ids: pa.Array,
    index: dict[str, int],
    found: dict[int, _Account],
    hits: list[tuple[str, ...]],
    mentions: list[tuple[str, str, str, str]],
    reports: pa.Table,
    p: SignalParams,
    explain: dict[str, str],
) -> AccountSignals:
    n = len(ids)
    seller, trader = np.zeros(n), np.zeros(n)
    aggregator, backup, watchdog = np.zeros(n), np.zeros(n), np.zeros(n)
    community = np.zeros(n)
    stated_age = np.full(n, -1, dtype=np.int64)
    reasons: dict[int, list[str]] = {}
    domains: dict[int, tuple[str, ...]] = {}
    for i, acc in found.items():
        seller[i], trader[i], community[i], why = _weigh(acc, p, explain)
        if len(acc.mentioned) >= p.aggregator_mentions and acc.tagged_posts >= 2:
            # Reposting others' adverts with their handles: the aggregator pattern.
            aggregator[i] = p.aggregator_weight
            why.append(f"posts tag {len(acc.mentioned)} accounts across {acc.tagged_posts} posts")
        if acc.age is not None:
            stated_age[i] = acc.age.age
        if acc.domains:
            domains[i] = tuple(sorted(acc.domains))
        if why:
            reasons.setdefault(i, []).extend(why)
    _protective(accounts, p, watchdog, reasons)
    _reporting(reports, index, p, watchdog, reasons)
    _named_backups(accounts, index, mentions, p, backup, reasons)
    return AccountSignals(
        account_ids=ids,
        seller=seller,
        trader=trader,
        aggregator=aggregator,
        backup=backup,
        watchdog=watchdog,
        community=community,
        stated_age=stated_age,
        reasons={i: tuple(r[:MAX_REASONS]) for i, r in reasons.items()},
        mentions=pa.Table.from_pylist(
            [dict(zip(MENTIONS_SCHEMA.names, m, strict=True)) for m in mentions],
            schema=MENTIONS_SCHEMA,
        ),
        hits=pa.Table.from_pylist(
            [dict(zip(HITS_SCHEMA.names, h, strict=True)) for h in hits], schema=HITS_SCHEMA
        ),
        domains=domains,
    )


def _protective(
    accounts: pa.Table, p: SignalParams, watchdog: np.ndarray, reasons: dict[int, list[str]]
) -> None:
    """Advocates and researchers say so in their bios."""
    if "bio" not in accounts.column_names:
        return
    bios = pc.utf8_lower(accounts.column("bio").combine_chunks())
    for term in p.protective_terms:
        hit = np.asarray(
            pc.fill_null(pc.match_substring(bios, term), False).to_numpy(zero_copy_only=False)
        )
        for i in np.flatnonzero(hit & (watchdog == 0)):
            watchdog[i] = p.protective_weight
            reasons.setdefault(int(i), []).append(f"bio: protective wording '{term}'")


def _reporting(
    reports: pa.Table,
    index: dict[str, int],
    p: SignalParams,
    watchdog: np.ndarray,
    reasons: dict[int, list[str]],
) -> None:
    """Filing many child-safety reports is watchdog behaviour; being reported is a reason."""
    if not reports.num_rows:
        return
    reason = reports.column("reason").to_pylist()
    reporters = Counter(
        r
        for r, why in zip(reports.column("reporter_id").to_pylist(), reason, strict=True)
        if why == "child_safety"
    )
    for reporter, count in reporters.items():
        i = index.get(reporter, -1)
        if i >= 0 and count >= p.watchdog_reports:
            watchdog[i] = 1.0 - (1.0 - watchdog[i]) * (1.0 - p.watchdog_report_weight)
            reasons.setdefault(i, []).append(f"filed {count} child-safety reports")
    targets = Counter(
        t
        for t, kind, why in zip(
            reports.column("target_id").to_pylist(),
            reports.column("target_kind").to_pylist(),
            reason,
            strict=True,
        )
        if kind == "account" and why == "child_safety"
    )
    for target, count in targets.items():
        i = index.get(target, -1)
        if i >= 0:
            reasons.setdefault(i, []).append(f"reported for child safety {count} time(s)")


def _named_backups(
    accounts: pa.Table,
    index: dict[str, int],
    mentions: list[tuple[str, str, str, str]],
    p: SignalParams,
    backup: np.ndarray,
    reasons: dict[int, list[str]],
) -> None:
    """An account named as someone's backup or new account inherits that role's evidence."""
    if not mentions:
        return
    handles = [h.casefold() if h else "" for h in accounts.column("handle").to_pylist()]
    by_handle = {h: i for i, h in enumerate(handles) if h}
    for owner, handle, relation, source in mentions:
        i = by_handle.get(handle, -1)
        j = index.get(owner, -1)
        own = handles[j] if j >= 0 and handles[j] else None
        if i < 0 or own == handle:
            continue
        backup[i] = max(backup[i], p.backup_named_weight)
        reasons.setdefault(i, []).append(
            f"named as {relation} account by @{own or owner} ({source})"
        )
