"""``/v1/live/...``: platform events into live mode (F9), in ``netbrake serve`` and ``netbrake live``.

``POST /v1/live/events`` takes a JSON-lines body (one event per line, see
:mod:`netbrake.live.events`); the answer comes after the accepted events are
committed to the store and lists every refused line with its reason (each
also quarantined). A batch of more than ``Limits.max_live_events`` lines is
refused whole with 413 and one quarantine record. ``GET /v1/live/status``
reports offsets and counts; ``GET /v1/live/quarantine`` the refused events.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse

from netbrake.api.auth import require_scope
from netbrake.live import LiveService, folder_reader, run_stream
from netbrake.store import ApiKey

router = APIRouter(prefix="/v1/live", tags=["live"])
Feeding = Annotated[ApiKey, Depends(require_scope("guard"))]


def service(request: Request) -> LiveService:
    found = getattr(request.app.state, "live", None)
    if not isinstance(found, LiveService):
        raise HTTPException(503, "live mode is not running")
    return found


def mount(app: FastAPI) -> None:
    """Start live mode on the app's store and guard engine (mounted after the guards)."""
    ctx = app.state.context
    if not ctx.config.live:
        return
    folder = ctx.config.live_folder
    spark = folder is not None and ctx.config.live_engine == "spark"
    live = LiveService(ctx.store, app.state.guard_engine, folder=None if spark else folder)
    app.state.live = live
    inner = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(a: FastAPI) -> AsyncIterator[Any]:
        live.start()
        query = None
        if spark and folder is not None:
            checkpoint = folder.parent / f"{folder.name}.spark-checkpoint"
            query = await asyncio.to_thread(
                run_stream, live, folder_reader(folder), checkpoint, available_now=False
            )
        try:
            async with inner(a) as state:
                yield state
        finally:
            if query is not None:
                query.stop()
            live.stop()

    app.router.lifespan_context = lifespan


@router.post("/events")
async def events(request: Request, key: Feeding) -> JSONResponse:
    """Append a JSON-lines batch of platform events; answered once it is durable."""
    live = service(request)
    body = await request.body()
    lines = body.split(b"\n")
    count = sum(1 for line in lines if line.strip())
    limit = request.app.state.context.config.limits.max_live_events
    source = f"http:{key.label or key.key_id}"
    if count > limit:
        reason = f"batch of {count} events; the limit is {limit}"
        await asyncio.to_thread(
            live.log.quarantine_batch, source, reason, body[:200].decode("utf-8", "replace")
        )
        raise HTTPException(413, reason)
    result = await asyncio.to_thread(live.ingest, lines, source)
    return JSONResponse(result.to_dict())


@router.get("/status")
async def status(request: Request, _key: Feeding) -> dict[str, object]:
    return service(request).status()


@router.get("/quarantine")
async def quarantine(request: Request, _key: Feeding) -> JSONResponse:
    rows = await asyncio.to_thread(service(request).log.quarantine)
    return JSONResponse(
        [{k: str(v) if v is not None else None for k, v in r.items()} for r in rows]
    )
