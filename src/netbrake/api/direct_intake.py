"""``POST /v1/reports`` answered below the framework for the request intake mostly sees.

At 2,000 single-report requests a second (issue 8), FastAPI's middleware,
routing, dependency solving and validation cost ~170 us of CPU per request
here, as much as the report's share of its group commit; answered directly,
the request costs ~25 us above uvicorn. :class:`DirectIntake`
answers the common request itself: an ``application/json`` body within the
size limit that parses as a :class:`ReportIn`, presented with a key the app
verified in the last seconds (its key cache). Everything else -- no key, a key
not verified lately, malformed or invalid JSON, an unusual body -- goes on,
body replayed, to the FastAPI route, which stays the documented reference:
errors and their messages come from one place, and a test checks that both
answer alike. Admission and storage are the route's own :func:`keep_one`.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable

from fastapi import HTTPException
from pydantic import ValidationError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from netbrake.api.auth import key_digest, presented_key
from netbrake.api.context import AppContext
from netbrake.api.schemas import ReceiptOut, ReportIn
from netbrake.errors import NetbrakeError
from netbrake.reports import IncomingReport
from netbrake.store import Scope as KeyScope

PATH = "/v1/reports"
Keep = Callable[[AppContext, IncomingReport], Awaitable[tuple[int, ReceiptOut]]]


def _replay(messages: list[Message], receive: Receive) -> Receive:
    """``receive`` that first hands out ``messages`` (the body already read)."""
    pending = list(messages)

    async def again() -> Message:
        return pending.pop(0) if pending else await receive()

    return again


class DirectIntake:
    """ASGI middleware: the common ``POST /v1/reports`` without the framework (see above)."""

    def __init__(self, app: ASGIApp, keep: Keep):
        self.app = app
        self.keep = keep

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != PATH or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        ctx = scope["app"].state.context
        assert isinstance(ctx, AppContext)
        headers: dict[bytes, bytes] = {}
        for name, value in scope["headers"]:
            headers.setdefault(name, value)  # the first of repeated headers, as Starlette reads
        declared = headers.get(b"content-length", b"")
        limit = ctx.config.limits.max_body_bytes
        if (
            headers.get(b"content-type", b"").split(b";")[0].strip() != b"application/json"
            or not declared.isdigit()
            or int(declared) > limit
            or not self._known_key(ctx, headers)
        ):
            await self.app(scope, receive, send)
            return
        messages, body = await self._read(receive, limit)
        report = self._parse(body) if body is not None else None
        if report is None:
            await self.app(scope, _replay(messages, receive), send)
            return
        try:
            status, receipt = await self.keep(ctx, report)
            content, extra = receipt.model_dump_json().encode(), {}
        except HTTPException as exc:  # answered as FastAPI answers it
            status, extra = exc.status_code, dict(exc.headers or {})
            content = json.dumps({"detail": exc.detail}, separators=(",", ":")).encode()
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [
                    (b"content-length", str(len(content)).encode()),
                    (b"content-type", b"application/json"),
                    *((k.lower().encode(), v.encode()) for k, v in extra.items()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": content})

    @staticmethod
    def _known_key(ctx: AppContext, headers: dict[bytes, bytes]) -> bool:
        authorization, x_api_key = headers.get(b"authorization"), headers.get(b"x-api-key")
        secret = presented_key(
            authorization.decode("latin-1") if authorization else None,
            x_api_key.decode("latin-1") if x_api_key else None,
        )
        if secret is None:
            return False
        found = ctx.keys.get(key_digest(secret), KeyScope.GUARD, ctx.store.key_revocations)
        return found is not None

    @staticmethod
    async def _read(receive: Receive, limit: int) -> tuple[list[Message], bytes | None]:
        """The messages received and the whole body (None: disconnected or over ``limit``)."""
        messages: list[Message] = []
        size = 0
        while True:
            message = await receive()
            messages.append(message)
            if message["type"] != "http.request":
                return messages, None
            size += len(message.get("body", b""))
            if size > limit:
                return messages, None
            if not message.get("more_body", False):
                return messages, b"".join(m.get("body", b"") for m in messages)

    @staticmethod
    def _parse(body: bytes) -> IncomingReport | None:
        try:
            return ReportIn.model_validate_json(body).incoming()
        except (ValidationError, NetbrakeError):
            return None
