"""The HTTP service: ``create_app(config)`` builds the FastAPI app with every router.

Routers are listed once, in :data:`ROUTERS`; a new surface (the guards, an
export) adds its module's ``router`` there with one line. The reviewer
console (:mod:`netbrake.web`) is mounted in the same app. The lifespan starts
the report writer and the triage worker, and stops them (after the queued
reports are committed) on shutdown.
"""

from __future__ import annotations

import hashlib
import hmac
import importlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from netbrake import __version__
from netbrake.api.config import ApiConfig
from netbrake.api.context import AppContext
from netbrake.api.limits import BodySizeLimit
from netbrake.errors import InputError
from netbrake.home import load_secret
from netbrake.policy import Policy
from netbrake.reports import ReporterLimiter, ReportWriter, ScanResults
from netbrake.store import Store

#: Modules whose ``router`` the app includes, in this order. Add new routers here.
ROUTERS: tuple[str, ...] = (
    "netbrake.api.health",
    "netbrake.api.reports",
    "netbrake.api.guard_routes",
    "netbrake.api.live_routes",
    "netbrake.api.account_routes",
    "netbrake.api.media_routes",
    "netbrake.api.hma_routes",
    "netbrake.api.hma_curation",
    "netbrake.web.console",
)


def _context(config: ApiConfig) -> AppContext:
    policy_version = Policy.load(config.policy_path).version
    store = config.store or Store.open(config.db_url, now=config.clock)
    limits = config.limits
    return AppContext(
        config=config,
        store=store,
        writer=ReportWriter(store, max_batch=limits.max_group_commit),
        limiter=ReporterLimiter(limits.reporter_per_minute, limits.reporter_burst),
        results=ScanResults.load_or_error(config.results_dir),
        owns_store=config.store is None,
        policy_version=policy_version,
    )


async def _validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors: list[dict[str, Any]] = [
        {"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")}
        for e in exc.errors()
    ]
    if any(e["type"] == "json_invalid" for e in errors):
        return JSONResponse({"detail": "malformed JSON body", "errors": errors}, status_code=400)
    fields = ", ".join(".".join(str(p) for p in e["loc"] if p != "body") for e in errors)
    return JSONResponse(
        {"detail": f"invalid field(s): {fields}", "errors": errors}, status_code=422
    )


async def _input_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, InputError)
    loc = ["body", exc.where.field] if exc.where.field else ["body"]
    return JSONResponse(
        {"detail": exc.one_line(), "errors": [{"loc": loc, "msg": exc.message, "type": "input"}]},
        status_code=422,
    )


def _session_key() -> bytes:
    # A key of its own, derived from the installation secret (never the identifier key itself).
    return hmac.new(load_secret(), b"netbrake console session v1", hashlib.sha256).digest()


def create_app(config: ApiConfig | None = None) -> FastAPI:
    """The netbrake service: JSON API under ``/v1``, console under ``/console``, ``/healthz``."""
    config = config or ApiConfig()
    ctx = _context(config)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        ctx.start()
        try:
            yield
        finally:
            ctx.stop()

    app = FastAPI(
        title="netbrake",
        version=__version__,
        description="Report intake, review console and guards for trust & safety teams.",
        lifespan=lifespan,
    )
    app.state.context = ctx
    app.state.session_secret = config.session_secret or _session_key()
    app.add_middleware(BodySizeLimit, max_bytes=config.limits.max_body_bytes)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(InputError, _input_error)
    for name in ROUTERS:
        module = importlib.import_module(name)
        app.include_router(module.router)
        mount = getattr(module, "mount", None)
        if mount is not None:
            mount(app)
    return app
