"""Finding new coded terms from a scan's mapped networks (F4: "within days new variants
appeared again").

A lexicon plus variant matching catches spelling tricks, not a new word. The
network itself shows the new words: terms its members use far more than the
rest of the platform. :func:`discover` reads a scan's RESULTS folder, counts
every term of every bio and post among members and among everyone else
(:mod:`netbrake.terms.vocabulary`), ranks them by the log-odds z-score with
the platform as prior (:mod:`netbrake.terms.logodds`), and hands a reviewer
the evidence: counts on both sides, shares of flagged and ordinary accounts,
co-occurrence with known strong indicators, and example snippets.

Innocent terms are protected: a term that ordinary users or everyday English
use (for a phrase: every one of its words) is flagged ``common``, and a term a
group of ordinary accounts uses beside the members (a small community's own
tag) is flagged ``community``; both rank after every proposal, so camouflage
tags such as "#nba" are never proposed at the top; a term fewer than
``min_member_accounts`` members use is not proposed at all.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from netbrake.errors import InputError, Location
from netbrake.platform import Dataset
from netbrake.results import ScanResults
from netbrake.terms import vocabulary
from netbrake.terms.candidate import PROTECTED, Candidate, DiscoverySettings
from netbrake.terms.context import snippet
from netbrake.terms.logodds import log_odds_z
from netbrake.text import Matcher

ACCOUNTS_FILE = "accounts.parquet"
HITS_FILE = "hits.parquet"
DATASET_DIR = "dataset"
#: Hits that make a text strong evidence: a severe entry or a combination rule.
STRONG_SEVERITIES = ("high", "critical")

#: Zipf frequency of a word in everyday English (wordfreq); 0 when unknown.
WordFrequency = Callable[[str], float]


def english_zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word, "en", wordlist="large"))


def _members(scan: ScanResults) -> pa.Table:
    table = scan.accounts(["account_id", "member"])
    member = pc.fill_null(table.column("member"), False)
    if not pc.any(member).as_py():
        raise InputError(
            "no network members: nothing to discover terms from", Location(scan.file(ACCOUNTS_FILE))
        )
    return pa.table({"account_id": table.column("account_id"), "member": member})


def _strong(scan: ScanResults) -> pa.Table:
    empty = pa.table({"account_id": pa.array([], pa.string()), "source": pa.array([], pa.string())})
    if not scan.has(HITS_FILE):
        return empty
    hits = scan.hits(["account_id", "source", "severity", "variant"])
    strong = pc.or_(
        pc.is_in(hits.column("severity"), pa.array(STRONG_SEVERITIES)),
        pc.equal(hits.column("variant"), "combination"),
    )
    return hits.filter(pc.fill_null(strong, False)).select(["account_id", "source"])


def rejected_keys(matcher: Matcher) -> frozenset[str]:
    """``kind:term`` of every rejected candidate, from the policy's ``[terms]`` section
    (written by :mod:`netbrake.terms.review`): they are never proposed again."""
    rejected = matcher.policy.section("terms").get("rejected", [])
    return frozenset(str(k) for k in rejected) if isinstance(rejected, list) else frozenset()


def _inside_live_phrase(phrase: str, matcher: Matcher) -> bool:
    """A two-word phrase that is part of a live multi-word entry (the euphemisms of F5) is
    that entry, already known: "lovers of" inside "lovers of the little things in life"."""
    words = phrase.casefold().split()
    for entry in matcher.entries:
        if entry.state != "live":
            continue
        term = entry.term.casefold().split()
        if len(term) > len(words) and any(
            term[i : i + len(words)] == words for i in range(len(term) - len(words) + 1)
        ):
            return True
    return False


def _flags(
    term: str,
    kind: str,
    ordinary_share: float,
    outside_per_member: float,
    matcher: Matcher,
    zipf: WordFrequency,
    settings: DiscoverySettings,
) -> tuple[tuple[str, ...], str]:
    flags: list[str] = []
    hits = matcher.lexicon_hits(term)
    if kind == "domain":
        hits += matcher.lexicon_hits(f"https://{term}/")
    live = [h for h in hits if h.state == "live"]
    variant_of = ""
    if any(h.variant == "exact" for h in live) or (
        kind == "phrase" and _inside_live_phrase(term, matcher)
    ):
        flags.append("known")
    elif live:
        flags.append("variant")
        variant_of = live[0].entry_id
    elif hits:
        flags.append("shadow")
    words = term.lstrip("#").split()
    if ordinary_share >= settings.common_share or (
        kind in ("hashtag", "token", "phrase")
        and all(zipf(w) >= settings.common_zipf for w in words)
    ):
        flags.append("common")
    elif outside_per_member >= settings.community_ratio:
        flags.append("community")
    return tuple(flags), variant_of


def discover(
    results: Path | str,
    matcher: Matcher | None = None,
    settings: DiscoverySettings | None = None,
    zipf: WordFrequency = english_zipf,
) -> list[Candidate]:
    """Candidate new indicators from the scan in ``results``, best first.

    Uncommon terms come first, by z-score; ``common`` ones follow, also by
    z-score. Terms a live lexicon entry already hits as written are left out
    unless ``settings.include_known`` (then they carry the ``known`` flag);
    rejected ones (the policy's ``[terms] rejected``) are always left out.
    """
    results = Path(results)
    settings = settings or DiscoverySettings()
    matcher = matcher or Matcher.from_policy()
    scan = ScanResults.open(results)
    members = _members(scan)
    dataset = Dataset.open(results / DATASET_DIR)
    con = dataset.connect(duckdb.connect())
    try:
        vocabulary.tokenise(con, members)
        focus_total, rest_total = vocabulary.totals(con)
        rows = vocabulary.counts(con, settings.min_member_accounts)
        strong = vocabulary.strong_counts(con, _strong(scan))
        n_members = int(pc.sum(members.column("member")).as_py() or 0)
        n_ordinary = max(members.num_rows - n_members, 1)
        z = log_odds_z(
            [r["member_count"] for r in rows],
            [r["ordinary_count"] for r in rows],
            focus_total,
            rest_total,
            settings.prior_weight,
        )
        rejected = rejected_keys(matcher)
        ranked: list[Candidate] = []
        for row, score in zip(rows, z.tolist(), strict=True):
            if score <= 0 or f"{row['kind']}:{row['term']}" in rejected:
                continue
            ordinary_share = row["ordinary_accounts"] / n_ordinary
            outside = row["ordinary_accounts"] / max(row["member_accounts"], 1)
            flags, variant_of = _flags(
                row["term"], row["kind"], ordinary_share, outside, matcher, zipf, settings
            )
            if "known" in flags and not settings.include_known:
                continue
            key = (row["term"], row["kind"])
            ranked.append(
                Candidate(
                    term=row["term"],
                    kind=row["kind"],
                    member_count=row["member_count"],
                    ordinary_count=row["ordinary_count"],
                    member_accounts=row["member_accounts"],
                    ordinary_accounts=row["ordinary_accounts"],
                    member_share=row["member_accounts"] / max(n_members, 1),
                    ordinary_share=ordinary_share,
                    z=float(score),
                    cooccurrence=strong.get(key, 0) / max(row["member_count"], 1),
                    flags=flags,
                    variant_of=variant_of,
                    searches=row["searches"],
                )
            )
        ranked.sort(key=lambda c: (bool(PROTECTED & set(c.flags)), -c.z, c.term))
        top = ranked[: settings.top]
        return _with_examples(con, top, settings.examples)
    finally:
        con.close()


def _with_examples(
    con: duckdb.DuckDBPyConnection, top: list[Candidate], per_term: int
) -> list[Candidate]:
    if not top or per_term <= 0:
        return top
    wanted = pa.table({"term": [c.term for c in top], "kind": [c.kind for c in top]})
    texts = vocabulary.example_texts(con, wanted, per_term)
    out = []
    for c in top:
        found = texts.get((c.term, c.kind), [])
        examples = tuple(dict.fromkeys(snippet(text, c.term, set(held)) for text, held in found))
        out.append(Candidate(**{**c.__dict__, "examples": tuple(e for e in examples if e)}))
    return out
