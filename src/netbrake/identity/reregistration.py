"""Re-registration check: does a new account belong to a person who was already actioned?

F6. A new account is compared with the known
persons' signatures under the same rules as batch linking: a strong key
(identifier under its cap, a handle the person named as a backup, a known
handle the new account names as its old one, two few-shared IPs) matches on
its own; weak keys (handle stem, bio, profile image, one IP) need two kinds.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc

from netbrake.identity.handles import LINKING_RELATIONS, handle_key, handle_stem
from netbrake.identity.person_links import PersonLinks
from netbrake.identity.profiles import normalise_bio
from netbrake.identity.rules import STRONG_KINDS, LinkingRules


@dataclass(frozen=True)
class NewAccount:
    """One new account as the check needs it: profile, hashed identifiers, named handles."""

    account_id: str
    handle: str
    bio: str | None = None
    #: (kind, HMAC hex value) pairs.
    identifiers: tuple[tuple[str, str], ...] = ()
    #: (mentioned handle, relation) pairs found in its bio or posts.
    mentions: tuple[tuple[str, str], ...] = ()
    profile_pdq: str | None = None

    @classmethod
    def from_tables(
        cls,
        accounts: pa.Table,
        identifiers: pa.Table | None = None,
        mentions: pa.Table | None = None,
    ) -> list[NewAccount]:
        """New accounts from export-shaped rows (same columns as the linker's inputs)."""
        idents: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for row in identifiers.to_pylist() if identifiers is not None else []:
            idents[row["account_id"]].append((row["kind"], row["value"] or ""))
        named: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for row in mentions.to_pylist() if mentions is not None else []:
            named[row["account_id"]].append(
                (row["mentioned_handle"], row.get("relation") or "backup")
            )
        return [
            cls(
                account_id=row["account_id"],
                handle=row["handle"],
                bio=row.get("bio"),
                identifiers=tuple(idents[row["account_id"]]),
                mentions=tuple(named[row["account_id"]]),
                profile_pdq=row.get("profile_pdq"),
            )
            for row in accounts.to_pylist()
        ]


@dataclass(frozen=True)
class MatchEvidence:
    """One reason a new account matches a known person."""

    kind: str
    detail: str
    known_account_id: str
    confidence: float


@dataclass(frozen=True)
class ReregistrationMatch:
    """A new account that links to a known person, with the evidence."""

    account_id: str
    person_id: str
    actioned: bool
    confidence: float
    evidence: tuple[MatchEvidence, ...]

    def to_json(self) -> dict[str, object]:
        return {
            "account_id": self.account_id,
            "person_id": self.person_id,
            "actioned": self.actioned,
            "confidence": round(self.confidence, 4),
            "evidence": [e.__dict__ for e in self.evidence],
        }


def _one(values: Iterable[str | None], fn: object) -> list[str | None]:
    arr = pa.array(list(values), pa.string())
    return fn(arr).to_pylist()  # type: ignore[operator, no-any-return]


def _queries(acct: NewAccount) -> list[tuple[str, str, str]]:
    """(signature kind, value, evidence kind) keys to look up for one new account."""
    key, stem, bio = (
        _one([acct.handle], handle_key)[0],
        _one([acct.handle], handle_stem)[0],
        _one([acct.bio], normalise_bio)[0],
    )
    tight = handle_stem(pa.array([acct.handle], pa.string()), tight=True)[0].as_py()
    out = [(k, v, k) for k, v in acct.identifiers if v.strip()]
    if key:
        out.append(("named_handle", key, "named_handle"))
    for handle, relation in acct.mentions:
        evidence = "names_known_handle" if relation.lower() in LINKING_RELATIONS else "mention"
        out.append(("handle", _one([handle], handle_key)[0] or "", evidence))
    if stem:
        out.append(("handle_stem", stem, "handle_similarity"))
    if tight and tight != stem:
        out.append(("handle_tight_stem", tight, "handle_similarity"))
    if bio:
        out.append(("bio", bio, "bio"))
    if acct.profile_pdq:
        out.append(("profile_image", acct.profile_pdq.strip().lower(), "profile_image"))
    return out


def _usable(kind: str, value: str, count: int, rules: LinkingRules) -> bool:
    """Whether a key shared by ``count`` known accounts may link (caps as in batch linking)."""
    if kind in STRONG_KINDS or kind == "ip":
        return count + 1 <= rules.cap(kind)
    if kind == "named_handle":
        return count <= rules.mention_cap
    if kind in ("handle_stem", "handle_tight_stem"):
        return len(value) >= rules.min_stem_chars and count + 1 <= rules.weak_cap
    if kind == "bio":
        return len(value) >= rules.min_bio_chars and count + 1 <= rules.weak_cap
    return count + 1 <= rules.weak_cap


def check_reregistration(
    new_accounts: Sequence[NewAccount],
    known: PersonLinks,
    actioned_person_ids: Iterable[str],
    *,
    include_unactioned: bool = False,
) -> list[ReregistrationMatch]:
    """Matches of new accounts to known persons; by default only to actioned persons."""
    rules, actioned = known.rules, set(actioned_person_ids)
    queries = {a.account_id: _queries(a) for a in new_accounts}
    values = sorted({v for qs in queries.values() for _, v, _ in qs})
    sig = known.signatures.filter(
        pc.is_in(known.signatures.column("value"), pa.array(values, pa.string()))
    )
    owners: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in sig.to_pylist():
        owners[(row["kind"], row["value"])].add(row["account_id"])
    wanted = {x for accts in owners.values() for x in accts}
    persons = known.persons.filter(
        pc.is_in(known.persons.column("account_id"), pa.array(sorted(wanted), pa.string()))
    )
    person_of = dict(
        zip(
            persons.column("account_id").to_pylist(),
            persons.column("person_id").to_pylist(),
            strict=True,
        )
    )

    matches: list[ReregistrationMatch] = []
    for acct in new_accounts:
        found: dict[str, list[MatchEvidence]] = defaultdict(list)
        ips: dict[str, set[str]] = defaultdict(set)
        for kind, value, evidence_kind in queries[acct.account_id]:
            accts = owners.get((kind, value), set()) - {acct.account_id}
            if not accts or not _usable(
                kind if kind != "handle" else "named_handle", value, len(accts), rules
            ):
                continue
            for other in sorted(accts):
                detail = _detail(evidence_kind, kind, len(accts))
                conf = rules.confidence.get(evidence_kind, rules.confidence["named_handle"])
                found[person_of[other]].append(MatchEvidence(evidence_kind, detail, other, conf))
                if kind == "ip":
                    ips[person_of[other]].add(value)
        for person_id, evidence in sorted(found.items()):
            co_ip = len(ips[person_id]) >= rules.ip_min_shared
            if not co_ip and not rules.ip_weak:
                evidence = [e for e in evidence if e.kind != "ip"]
            match = _decide(acct.account_id, person_id, person_id in actioned, evidence, co_ip)
            if match is not None and (match.actioned or include_unactioned):
                matches.append(match)
    return matches


def _detail(evidence_kind: str, kind: str, count: int) -> str:
    if evidence_kind == "named_handle":
        return "its handle was named as a backup by a known account"
    if evidence_kind == "names_known_handle":
        return "it names a known account's handle as its own other account"
    if evidence_kind in STRONG_KINDS or evidence_kind == "ip":
        return f"{kind} shared with {count} known account(s)"
    return {
        "handle_similarity": "similar handle",
        "bio": "near-identical bio",
        "mention": "it mentions a known account's handle",
    }.get(evidence_kind, "same profile image (PDQ)")


def _decide(
    account_id: str, person_id: str, actioned: bool, evidence: list[MatchEvidence], co_ip: bool
) -> ReregistrationMatch | None:
    """A match when any strong key, the IP co-occurrence rule, or two weak kinds hold."""
    kinds = {e.kind for e in evidence}
    strong = kinds & {*STRONG_KINDS, "named_handle", "names_known_handle"}
    if not strong and not co_ip and len(kinds) < 2:
        return None
    best: dict[str, float] = {}
    for e in evidence:  # one vote per kind: two accounts on one device are one fact
        best[e.kind] = max(best.get(e.kind, 0.0), e.confidence)
    miss = 1.0
    for confidence in best.values():
        miss *= 1.0 - min(confidence, 0.999)
    return ReregistrationMatch(account_id, person_id, actioned, 1.0 - miss, tuple(evidence))
