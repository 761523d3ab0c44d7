"""``/v1/guard/...`` and ``/v1/text/scan``: the guards over HTTP.

The app's :class:`GuardEngine` is created when the router is mounted, from
the app's store, scan results and policy, and polls for changes while the
app runs. Decisions are built by the engine and returned as they are
(``JSONResponse``): the response models document them without re-validating
every call on the serving path.

``POST /v1/guard/recommendations`` is the platform's hot path (over
1,000 calls a second on 2 cores): :func:`mount` has its common requests
answered below the framework (:class:`netbrake.api.direct.DirectRoute`), about
half the app's time per call (``benchmarks/load_guard.py``); the FastAPI route
answers the rest and documents it.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse
from pydantic import ValidationError
from starlette.applications import Starlette
from starlette.responses import Response

from netbrake.api.auth import require_scope
from netbrake.api.direct import DirectRoute
from netbrake.api.guard_schemas import (
    AutocompleteIn,
    DecisionOut,
    ListOut,
    RecommendationsIn,
    SearchIn,
    TextScanIn,
)
from netbrake.guard import GuardEngine
from netbrake.store import ApiKey, Scope

router = APIRouter(prefix="/v1", tags=["guards"])
Guarding = Annotated[ApiKey, Depends(require_scope("guard"))]
RECOMMENDATIONS = "/v1/guard/recommendations"


def engine(request: Request) -> GuardEngine:
    """The app's guard engine (created by :func:`mount`)."""
    found = getattr(request.app.state, "guard_engine", None)
    if not isinstance(found, GuardEngine):
        raise HTTPException(503, "the guard engine is not running")
    return found


def mount(app: FastAPI) -> None:
    """Create the app's guard engine; poll for state changes while the app runs."""
    ctx = app.state.context
    guard = GuardEngine(
        results=ctx.config.results_dir, store=ctx.store, policy_path=ctx.config.policy_path
    )
    app.state.guard_engine = guard
    app.add_middleware(
        DirectRoute, path=RECOMMENDATIONS, key_scope=Scope.GUARD, answer=_direct_recommendations
    )
    inner = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(a: FastAPI) -> AsyncIterator[Any]:
        guard.start()
        try:
            async with inner(a) as state:
                yield state
        finally:
            guard.stop()

    app.router.lifespan_context = lifespan


def _answer(guard: GuardEngine, body: RecommendationsIn) -> bytes:
    result = guard.filter_recommendations(
        body.viewer_id, body.candidates, body.surface, body.reached_via
    )
    # As JSONResponse renders, without its per-response keyword handling.
    return json.dumps(result.to_dict(), ensure_ascii=False, separators=(",", ":")).encode()


@router.post("/guard/recommendations", response_model=ListOut)
async def recommendations(body: RecommendationsIn, request: Request, _key: Guarding) -> Response:
    """Filter candidate accounts for a viewer: kept ids and the dropped ones with reasons."""
    return Response(_answer(engine(request), body), media_type="application/json")


async def _direct_recommendations(app: Starlette, body: bytes) -> tuple[int, bytes] | None:
    """:func:`recommendations` for :class:`DirectRoute`: None for a body that does not validate."""
    try:
        request = RecommendationsIn.model_validate_json(body)
    except ValidationError:
        return None
    return 200, _answer(app.state.guard_engine, request)


@router.post("/guard/search", response_model=DecisionOut)
async def search(body: SearchIn, request: Request, _key: Guarding) -> JSONResponse:
    """Judge a search query; ``block`` answers with help resources and no results."""
    return JSONResponse(engine(request).check_search(body.query, body.surface).to_dict())


@router.post("/guard/autocomplete", response_model=ListOut)
async def autocomplete(body: AutocompleteIn, request: Request, _key: Guarding) -> JSONResponse:
    """Filter the suggestions for a typed prefix."""
    result = engine(request).filter_autocomplete(body.prefix, body.suggestions, body.surface)
    return JSONResponse(result.to_dict())


@router.get("/guard/hashtags/{tag}", response_model=DecisionOut)
async def hashtag(tag: str, request: Request, _key: Guarding) -> JSONResponse:
    """A hashtag page decision with the tag's state (usable, searchable, suggestible)."""
    return JSONResponse(engine(request).check_hashtag(tag).to_dict())


@router.get("/guard/status")
async def status(request: Request, _key: Guarding) -> dict[str, Any]:
    """Policy and state versions, whether the engine is degraded, the last load error."""
    return engine(request).status()


@router.post("/text/scan")
async def text_scan(body: TextScanIn, request: Request, _key: Guarding) -> JSONResponse:
    """Lexicon hits and extracted values (as ``netbrake text check``), for one or many texts."""
    if (body.text is None) == (body.texts is None):
        raise HTTPException(422, "give exactly one of 'text' or 'texts'")
    matcher = engine(request).state.matcher
    if body.text is not None:
        return JSONResponse(matcher.scan(body.text).to_dict("0"))
    scans = matcher.scan_many(body.texts or [])
    return JSONResponse({"results": [s.to_dict(str(i)) for i, s in enumerate(scans)]})
