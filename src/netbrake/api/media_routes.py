"""``POST /v1/media/match``: fingerprints matched against the service's hash banks (guard scope).

The body is :class:`MatchRequest` (up to 10,000 hashes); the answer is
:class:`MatchResponse`: every match with its bank, entry, distance and
provenance, and the hashes skipped as invalid or low quality (F10: known
material is caught on upload by hash, not by a reviewer's eyes).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI, Request

from netbrake.api.auth import require_scope
from netbrake.api.context import context
from netbrake.api.media_state import media_banks, mount_banks
from netbrake.media import MatchRequest, MatchResponse, answer_match
from netbrake.store import ApiKey

router = APIRouter(prefix="/v1", tags=["media"])
Guarding = Annotated[ApiKey, Depends(require_scope("guard"))]


def mount(app: FastAPI) -> None:
    mount_banks(app)


@router.post("/media/match", response_model=MatchResponse)
def match(body: MatchRequest, request: Request, _key: Guarding) -> MatchResponse:
    at = context(request).config.clock()
    return answer_match(body, media_banks(request).matcher(), at=at)
