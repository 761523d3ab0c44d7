"""Reading the facts exchanges need out of a decision's evidence snapshot.

The enforcement plan writes the structured evidence of docs/results.md
"Evidence" (:mod:`netbrake.results.account_evidence`: ``text_hits``,
``identifier_hashes``, ``urls``, ``domains``, ``media_hashes``, ``graph``,
``handles``) at the top of each decision's ``evidence``; a person decision
also keeps each flagged account's own under ``flagged[]``. These readers
accept those keys and a few older spellings, and ignore anything malformed:
an export must never crash on one odd snapshot, and never invent a fact that
is not there.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from netbrake.enforce import Decision
from netbrake.results import account_evidence as keys  # the evidence key names, as a namespace
from netbrake.results import parse_time

_HEX = re.compile(r"^[0-9a-f]+$")


@dataclass(frozen=True)
class MediaHash:
    """One matched or flagged media item, known only by its hashes (never bytes).

    ``viewed_by_human`` is True only when the evidence says a person at the
    platform looked at the file; it is what ``fileViewedByEsp`` reports.
    """

    md5: str | None
    pdq: str | None
    post_id: str | None
    account_id: str | None
    media_kind: str | None
    viewed_by_human: bool
    matched_known: bool = False

    @property
    def key(self) -> str:
        return self.md5 or self.pdq or ""


def _hex(value: Any, length: int) -> str | None:
    if not isinstance(value, str):
        return None
    text = value.strip().lower()
    return text if len(text) == length and _HEX.match(text) else None


def _dicts(value: Any) -> Iterable[Mapping[str, Any]]:
    if isinstance(value, list):
        return [v for v in value if isinstance(v, dict)]
    return []


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value] if value else []
    if isinstance(value, list):
        return [str(v) for v in value if isinstance(v, str | int) and str(v)]
    return []


def media_of(decision: Decision) -> list[MediaHash]:
    """Media hashes in the evidence (``media`` or ``media_hashes``), de-duplicated."""
    evidence = decision.evidence
    confirmed = decision.reviewer_confirmed
    found: dict[str, MediaHash] = {}
    for item in [*_dicts(evidence.get("media")), *_dicts(evidence.get(keys.MEDIA_HASHES))]:
        md5 = _hex(item.get("md5") or item.get("media_md5"), 32)
        pdq = _hex(item.get("pdq") or item.get("media_pdq"), 64)
        if md5 is None and pdq is None:
            continue
        viewed = bool(item.get("viewed_by_human") or item.get("reviewer_confirmed") or confirmed)
        media = MediaHash(
            md5=md5,
            pdq=pdq,
            post_id=str(item["post_id"]) if item.get("post_id") else None,
            account_id=str(item["account_id"]) if item.get("account_id") else None,
            media_kind=str(item["media_kind"]) if item.get("media_kind") else None,
            viewed_by_human=viewed,
            matched_known=bool(item.get("matched") or item.get("bank")),
        )
        found.setdefault(media.key, media)
    return list(found.values())


def linked_accounts_of(decision: Decision) -> list[str]:
    ids = _strings(decision.evidence.get("linked_account_ids"))
    return [*dict.fromkeys([*ids])]


def handles_of(decision: Decision) -> dict[str, str]:
    """Account id -> handle, when the evidence carries them (``handles``)."""
    raw = decision.evidence.get(keys.HANDLES)
    if not isinstance(raw, dict):
        return {}
    return {str(k): str(v) for k, v in raw.items() if isinstance(v, str) and v}


def post_ids_of(decision: Decision) -> list[str]:
    return _strings(decision.evidence.get("post_ids"))


def urls_of(decision: Decision) -> list[str]:
    evidence = decision.evidence
    return [
        *dict.fromkeys(
            [*_strings(evidence.get(keys.URLS)), *_strings(evidence.get("external_urls"))]
        )
    ]


def domains_of(decision: Decision) -> list[str]:
    """Off-platform domains the evidence names (``domains``), lower case, de-duplicated."""
    return [
        *dict.fromkeys(d.strip().lower() for d in _strings(decision.evidence.get(keys.DOMAINS)))
    ]


def graph_of(decision: Decision) -> list[Mapping[str, Any]]:
    """The mapping's placement of each account of the decision (``graph``, own or flagged)."""
    evidence = decision.evidence
    own = evidence.get(keys.GRAPH)
    found: list[Mapping[str, Any]] = [own] if isinstance(own, dict) else []
    for member in _dicts(evidence.get("flagged")):
        graph = member.get(keys.GRAPH)
        if isinstance(graph, dict):
            found.append({"account_id": member.get("account_id"), **graph})
    return found


def text_hits_of(decision: Decision) -> list[Mapping[str, Any]]:
    return list(_dicts(decision.evidence.get(keys.TEXT_HITS)))


def categories_of(decision: Decision) -> set[str]:
    """Lexicon categories of the text hits, plus ``media_matched`` / ``media_flagged``."""
    found = {str(h["category"]) for h in text_hits_of(decision) if h.get("category")}
    for media in media_of(decision):
        found.add("media_matched" if media.matched_known else "media_flagged")
    return found


def keywords_of(decision: Decision) -> list[tuple[str, str | None]]:
    """(term, category) of text hits that carry the matched term."""
    out: list[tuple[str, str | None]] = []
    for hit in text_hits_of(decision):
        term = hit.get("term") or hit.get("match")
        if isinstance(term, str) and term.strip():
            category = hit.get("category")
            out.append((term.strip(), str(category) if category else None))
    return out


def identifier_hashes_of(decision: Decision) -> list[str]:
    """HMAC-hashed account identifiers (64 hex) in the evidence; raw values never exist."""
    values = _strings(decision.evidence.get(keys.IDENTIFIER_HASHES))
    return [h for h in (_hex(v, 64) for v in values) if h]


def report_ids_of(decision: Decision) -> list[str]:
    """User reports that pointed at the subject before the decision."""
    return _strings(decision.evidence.get("report_ids"))


def first_signal_at(decision: Decision) -> datetime | None:
    """When the harm was first visible to the platform (first report or first signal)."""
    return parse_time(decision.evidence.get("first_seen_at")) or parse_time(
        decision.evidence.get("first_reported_at")
    )
