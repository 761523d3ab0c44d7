"""The request and response of ``POST /v1/media/match``, and the function that answers it.

The HTTP layer (:mod:`netbrake.api.media_routes`) only parses the body into
:class:`MatchRequest`, calls :func:`answer_match` with the service's
:class:`HashMatcher`, and returns the :class:`MatchResponse`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from netbrake.media.matcher import HashMatcher, Query


class HashQuery(BaseModel):
    """One fingerprint to check; ``content_id`` identifies the post or upload."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: Literal["pdq", "md5"]
    value: str = Field(min_length=1, max_length=128)
    quality: int | None = Field(default=None, ge=0, le=100)
    content_id: str | None = Field(default=None, max_length=256)


class MatchRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    hashes: list[HashQuery] = Field(min_length=1, max_length=10_000)


class ProvenanceOut(BaseModel):
    exchange: str
    list: str
    added_at: datetime | None
    source_id: str | None


class MatchOut(BaseModel):
    """A match: which query (position in the request), which bank entry, how far."""

    query: int
    kind: Literal["pdq", "md5"]
    hash: str
    bank: str
    entry_id: int
    entry_hash: str
    distance: int
    provenance: ProvenanceOut


class SkippedOut(BaseModel):
    query: int
    reason: Literal["low_quality", "invalid"]
    detail: str


class MatchResponse(BaseModel):
    matches: list[MatchOut]
    skipped: list[SkippedOut]


def answer_match(
    request: MatchRequest, matcher: HashMatcher, *, at: datetime | None = None
) -> MatchResponse:
    """Match a request's hashes against the matcher's banks."""
    queries = [Query(h.kind, h.value, h.quality, h.content_id) for h in request.hashes]
    report = matcher.match(queries, at=at)
    return MatchResponse(
        matches=[
            MatchOut(
                query=m.query,
                kind=m.kind,  # type: ignore[arg-type]
                hash=m.value,
                bank=m.bank,
                entry_id=m.entry_id,
                entry_hash=m.entry_value,
                distance=m.distance,
                provenance=ProvenanceOut(**m.provenance.to_json()),
            )
            for m in report.matches
        ],
        skipped=[
            SkippedOut(query=s.query, reason=s.reason, detail=s.detail)  # type: ignore[arg-type]
            for s in report.skipped
        ],
    )
