"""What the demo measures beside the scan and the audit: hash matching (F8), text
indicators (F5) and user reports (F7), each against the ground truth.

Only ids, counts and policy entry ids leave this module: never post text or media.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import pyarrow.compute as pc

from netbrake.audit import GroundTruth
from netbrake.errors import InputError, Location
from netbrake.media import HashBank, HashMatcher, import_bank, match_posts
from netbrake.platform import Dataset
from netbrake.results import ScanResults

#: The clearinghouse list a synthetic export carries beside its tables.
KNOWN_HASHES_FILE = "known_hashes.csv"


@dataclass(frozen=True)
class HashFindings:
    """Known-content matching against network detection, per account (F8).

    ``members_with_media``: true members that posted media. Of those,
    ``hash_found`` have a post matching the list, ``network_found`` were found
    by the scan; ``hash_only``/``network_only``/``both``/``neither`` split them.
    ``benign_matched``: non-members with a matching post (false matches).
    """

    listed_hashes: int
    media_posts: int
    matched_posts: int
    member_media_posts: int
    member_posts_matched: int
    members_with_media: int
    hash_found: int
    network_found: int
    hash_only: int
    network_only: int
    both: int
    neither: int
    benign_matched: int


def hash_findings(
    source: Path, dataset: Dataset, truth: GroundTruth, found: frozenset[str]
) -> HashFindings | None:
    """Match every post's media against ``source/known_hashes.csv`` (None when absent)."""
    listed = source / KNOWN_HASHES_FILE
    if not listed.is_file() or not dataset.has("posts"):
        return None
    bank = HashBank("clearinghouse")
    imported = import_bank(listed, bank, fmt="known-hashes")
    if imported.problems:
        first = imported.problems[0]
        raise InputError(first.reason, Location(first.file, first.line, first.field))
    posts = dataset.table("posts", ["post_id", "account_id", "media_md5", "media_pdq"])
    has_media = pc.or_(
        pc.is_valid(posts.column("media_pdq")), pc.is_valid(posts.column("media_md5"))
    )
    media = posts.filter(has_media)
    matches = match_posts(media, HashMatcher([bank])).to_pylist()
    matched_posts = {m["post_id"] for m in matches}
    matched_accounts = {m["account_id"] for m in matches}
    owners = media.column("account_id").to_pylist()
    post_ids = media.column("post_id").to_pylist()
    member_posts = [p for p, a in zip(post_ids, owners, strict=True) if truth.is_member(a)]
    posting_members = {a for a in owners if truth.is_member(a)}
    by_hash = posting_members & matched_accounts
    by_network = posting_members & found
    return HashFindings(
        listed_hashes=len(bank),
        media_posts=media.num_rows,
        matched_posts=len(matched_posts),
        member_media_posts=len(member_posts),
        member_posts_matched=sum(p in matched_posts for p in member_posts),
        members_with_media=len(posting_members),
        hash_found=len(by_hash),
        network_found=len(by_network),
        hash_only=len(by_hash - by_network),
        network_only=len(by_network - by_hash),
        both=len(by_hash & by_network),
        neither=len(posting_members - by_hash - by_network),
        benign_matched=sum(1 for a in matched_accounts if not truth.is_member(a)),
    )


@dataclass(frozen=True)
class IndicatorCategory:
    """Lexicon hits of one category (F5): how many, on whom, in which disguises."""

    category: str
    hits: int
    accounts: int
    member_accounts: int
    variants: tuple[tuple[str, int], ...]
    entries: tuple[tuple[str, int], ...]

    @property
    def precision(self) -> float:
        """Share of the accounts with a hit of this category that are network members."""
        return self.member_accounts / self.accounts if self.accounts else 0.0


@dataclass(frozen=True)
class TextFindings:
    categories: tuple[IndicatorCategory, ...]
    minor_age_claims: int
    minor_age_claims_members: int

    @property
    def hits(self) -> int:
        return sum(c.hits for c in self.categories)


def text_findings(results: Path, truth: GroundTruth) -> TextFindings:
    """Indicator hits by category, with the disguises (variants) they were found in."""
    scan = ScanResults.open(results)
    hits = scan.hits(["account_id", "category", "variant", "entry_id"])
    by_cat: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in hits.to_pylist():
        by_cat[str(row["category"])].append(row)
    categories = []
    for cat, rows in sorted(by_cat.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        accounts = {r["account_id"] for r in rows}
        categories.append(
            IndicatorCategory(
                category=cat,
                hits=len(rows),
                accounts=len(accounts),
                member_accounts=sum(map(truth.is_member, accounts)),
                variants=tuple(Counter(str(r["variant"]) for r in rows).most_common()),
                entries=tuple(Counter(str(r["entry_id"]) for r in rows).most_common(6)),
            )
        )
    evidence = scan.evidence(["account_id", "stated_age"])
    minors = [
        a
        for a, age in zip(
            *(evidence.column(c).to_pylist() for c in ("account_id", "stated_age")), strict=True
        )
        if age is not None and age < 18
    ]
    return TextFindings(tuple(categories), len(minors), sum(map(truth.is_member, minors)))


@dataclass(frozen=True)
class ReportFindings:
    """User reports in the export against the scan (F7)."""

    reports: int
    child_safety: int
    child_safety_on_members: int
    child_safety_on_found: int


def report_findings(
    dataset: Dataset, truth: GroundTruth, found: frozenset[str]
) -> ReportFindings | None:
    """Child-safety reports about accounts, and how many of them the scan corroborates."""
    if not dataset.has("reports"):
        return None
    rows = dataset.table("reports", ["target_kind", "target_id", "reason"]).to_pylist()
    safety = [
        r["target_id"]
        for r in rows
        if r["reason"] == "child_safety" and r["target_kind"] == "account"
    ]
    return ReportFindings(
        reports=len(rows),
        child_safety=len(safety),
        child_safety_on_members=sum(map(truth.is_member, safety)),
        child_safety_on_found=sum(t in found for t in safety),
    )
