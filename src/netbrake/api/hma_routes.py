"""Hasher-Matcher-Actioner's matching routes, answered from netbrake's exact hash index.

A platform that runs HMA points its clients here and keeps its client code:
``GET /m/raw_lookup``, ``GET /m/lookup``, ``GET /m/index/status``,
``POST /m/compare``, ``GET /status`` and ``GET /status/live`` take HMA's
parameters and give HMA's response and error shapes (docs/hma.md), with
the ``banks`` filter on lookups. Matching is netbrake's own (F10: known
material caught by hash): the multi-index PDQ index, each bank's threshold,
entry states and rollout share. netbrake never fetches or receives media
bytes, so the hashing forms (``url=`` and file uploads) answer as an HMA
without the hasher role does: 403.

Lookups need a guard-scope API key, like ``POST /v1/media/match``.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel

from netbrake.api.auth import require_scope
from netbrake.api.context import context
from netbrake.api.hma_common import (
    SIGNAL_TYPES,
    HmaAbort,
    HmaInvalid,
    abort_handler,
    bank_filter,
    distance_text,
    invalid_handler,
    json_body,
    query,
    signal_kind,
    validate_signal,
)
from netbrake.api.media_state import media_banks, mount_banks
from netbrake.media import PDQ_MATCH_THRESHOLD, Query, pdq_distance
from netbrake.store import ApiKey

router = APIRouter(tags=["hma"])
Guarding = Annotated[ApiKey, Depends(require_scope("guard"))]
NO_HASHER = "Hashing is disabled, missing role"


def mount(app: FastAPI) -> None:
    """Banks shared with the netbrake media route, and HMA's error shapes."""
    mount_banks(app)
    app.add_exception_handler(HmaAbort, abort_handler)
    app.add_exception_handler(HmaInvalid, invalid_handler)


class RawLookupQuery(BaseModel):
    signal: str
    signal_type: str
    banks: str | None = None
    include_distance: bool = False


class LookupQuery(BaseModel):
    signal: str | None = None
    signal_type: str | None = None
    url: str | None = None
    content_type: str | None = None
    types: str | None = None
    banks: str | None = None
    seed: str | None = None
    bypass_coinflip: bool | None = None


class IndexStatusQuery(BaseModel):
    signal_type: str | None = None


def _signal(kind_name: str, signal: str) -> tuple[Any, str]:
    kind = signal_kind(kind_name)
    try:
        return kind, validate_signal(kind, signal)
    except ValueError as exc:
        raise HmaAbort(400, f"invalid signal: {exc}") from None


@router.get("/m/raw_lookup")
def raw_lookup(request: Request, _key: Guarding) -> JSONResponse:
    """Entry ids within threshold, whatever their state (HMA: no enabled check, no coinflip)."""
    params = query(RawLookupQuery, request)
    kind, value = _signal(params.signal_type, params.signal)
    wanted = bank_filter(params.banks)
    found = [
        (entry.entry_id, dist)
        for bank, entry, dist in media_banks(request).matcher().candidates(kind, value)
        if wanted is None or bank.name in wanted
    ]
    if params.include_distance:
        return JSONResponse(
            {
                "matches": [
                    {"bank_content_id": i, "distance": distance_text(kind, d)} for i, d in found
                ]
            }
        )
    return JSONResponse({"matches": [i for i, _ in found]})


@router.get("/m/lookup")
def lookup(request: Request, _key: Guarding) -> JSONResponse:
    """Matches that count now, keyed by bank: enabled entries, banks whose rollout takes it."""
    params = query(LookupQuery, request)
    if params.url is not None:
        raise HmaAbort(403, NO_HASHER)
    if params.signal is None or params.signal_type is None:
        raise HmaAbort(400, "Either url or both signal and signal_type are required")
    kind, value = _signal(params.signal_type, params.signal)
    wanted = bank_filter(params.banks)
    # HMA flips one coin per bank from ``seed``; netbrake's rollout is a stable draw per
    # (bank, content): the seed names the content, else the hash does.
    report = (
        media_banks(request)
        .matcher()
        .match([Query(kind, value, None, params.seed)], at=context(request).config.clock())
    )
    out: dict[str, list[dict[str, Any]]] = {}
    for m in report.matches:
        if wanted is None or m.bank in wanted:
            out.setdefault(m.bank, []).append(
                {"bank_content_id": m.entry_id, "distance": distance_text(kind, m.distance)}
            )
    return JSONResponse(out)


@router.post("/m/lookup")
def lookup_upload(_request: Request, _key: Guarding) -> JSONResponse:
    """File uploads need hashing, which netbrake never does on media bytes."""
    raise HmaAbort(403, NO_HASHER)


@router.get("/m/index/status")
def index_status(request: Request, _key: Guarding) -> JSONResponse:
    params = query(IndexStatusQuery, request)
    names = list(SIGNAL_TYPES)
    if params.signal_type is not None:
        if params.signal_type not in SIGNAL_TYPES:
            raise HmaAbort(400, f"No such signal type {params.signal_type!r}")
        names = [params.signal_type]
    state = media_banks(request)
    state.matcher()
    out: dict[str, dict[str, Any]] = {}
    for name in names:
        kind = SIGNAL_TYPES[name]
        size = sum(1 for b in state.banks.values() for e in b.entries.values() if e.kind == kind)
        built = state.built_at if size else -1
        out[name] = {"built_to": built, "present": size > 0, "size": size}
    return JSONResponse(out)


@router.post("/m/compare")
async def compare(request: Request, _key: Guarding) -> JSONResponse:
    """``{"pdq": [a, b]}`` gives ``{"pdq": [matched, {"distance": n}]}``."""
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
        raise HmaAbort(
            415,
            "Did not attempt to load JSON data because the request Content-Type was not "
            "'application/json'.",
        )
    body = await json_body(request)
    if not isinstance(body, dict):
        raise HmaAbort(400, "Request input was not a dict")
    out: dict[str, list[Any]] = {}
    for name, pair in body.items():
        kind = signal_kind(name)
        if not isinstance(pair, list):
            raise HmaAbort(400, f"Comparison hashes for {name} was not a list")
        if len(pair) != 2:
            raise HmaAbort(400, "Comparison hash list length must be exactly 2")
        try:
            left, right = (validate_signal(kind, str(h)) for h in pair)
        except ValueError as exc:
            raise HmaAbort(400, f"Invalid {name} hash: {exc}") from None
        if kind == "pdq":
            dist = pdq_distance(left, right)
            out[name] = [dist <= PDQ_MATCH_THRESHOLD, {"distance": dist}]
        else:
            out[name] = [left == right, {}]
    return JSONResponse(out)


@router.get("/status", response_class=HTMLResponse)
def status(request: Request) -> HTMLResponse:
    """HMA's readiness probe: the matcher is compiled (it is on start-up and after a change)."""
    media_banks(request).matcher()
    return HTMLResponse("I-AM-ALIVE")


@router.get("/status/live", response_class=HTMLResponse)
def live() -> HTMLResponse:
    return HTMLResponse("I-AM-ALIVE")
