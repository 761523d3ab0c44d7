"""The reviewer console: server-rendered pages under ``/console``.

Pages are plain HTML forms (no client framework); the only script is the
network view, drawn by Cytoscape.js served from ``/static/vendor`` (installed
from npm, see ``npm/package.json``; nothing is loaded from another site).
No media is ever shown: the console has no route that returns media bytes.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from netbrake.web import casework, login, overview, terms
from netbrake.web.session import LoginRequired

STATIC = Path(__file__).parent / "static"

router = APIRouter(tags=["console"], include_in_schema=False)
for _pages in (login, casework, overview, terms):
    router.include_router(_pages.router, prefix="/console")


async def _to_login(_request: Request, _exc: Exception) -> Response:
    return RedirectResponse("/console/login", status_code=303)


async def _home() -> Response:
    return RedirectResponse("/console", status_code=307)


#: Console pages load nothing from other sites and cannot be framed.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
)


class SecurityHeaders:
    """Pure ASGI middleware (cheaper than ``BaseHTTPMiddleware`` on the intake path)."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or not path.startswith(("/console", "/static")):
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["Content-Security-Policy"] = CSP
                headers["X-Content-Type-Options"] = "nosniff"
                headers["Referrer-Policy"] = "no-referrer"
                if "cache-control" not in headers:
                    headers["Cache-Control"] = "no-store"
            await send(message)

        await self.app(scope, receive, with_headers)


def mount(app: FastAPI) -> None:
    """Static files, security headers, the login redirect and ``/`` -> ``/console``."""
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.add_middleware(SecurityHeaders)
    app.add_exception_handler(LoginRequired, _to_login)
    app.add_api_route("/", _home, include_in_schema=False)
