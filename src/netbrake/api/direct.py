"""Hot ``POST`` routes answered below the framework for the requests they mostly see.

At thousands of requests a second (recommendation guard calls, F1;
single reports, F7), FastAPI's middleware, routing, dependency solving and
validation cost ~170 us of CPU per request here, as much as the work itself;
answered directly, a request costs ~25 us above uvicorn. :class:`DirectRoute`
answers the common request itself: an ``application/json`` body within the
size limit, presented with a key the app verified in the last seconds (its key
cache), that the route's ``answer`` accepts. Everything else -- no key, a key
not verified lately, malformed or invalid JSON, an unusual body -- goes on,
body replayed, to the FastAPI route, which stays the documented reference:
errors and their messages come from one place, and tests check that both
answer alike.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable

from fastapi import HTTPException
from starlette.applications import Starlette
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from netbrake.api.auth import key_digest, presented_key
from netbrake.api.context import AppContext
from netbrake.store import Scope as KeyScope

#: Answers a request body: (status, JSON bytes), or None to leave it to the FastAPI route
#: (a body it does not accept); it may raise HTTPException as a route does.
Answer = Callable[[Starlette, bytes], Awaitable[tuple[int, bytes] | None]]


def _replay(messages: list[Message], receive: Receive) -> Receive:
    """``receive`` that first hands out ``messages`` (the body already read)."""
    pending = list(messages)

    async def again() -> Message:
        return pending.pop(0) if pending else await receive()

    return again


class DirectRoute:
    """ASGI middleware: the common ``POST`` to ``path`` without the framework (see above)."""

    def __init__(self, app: ASGIApp, *, path: str, key_scope: KeyScope, answer: Answer):
        self.app = app
        self.path = path
        self.key_scope = key_scope
        self.answer = answer

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != self.path or scope["method"] != "POST":
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
            or not self._known_key(ctx, headers, self.key_scope)
        ):
            await self.app(scope, receive, send)
            return
        messages, body = await self._read(receive, limit)
        extra: dict[str, str] = {}
        try:
            answered = await self.answer(scope["app"], body) if body is not None else None
        except HTTPException as exc:  # answered as FastAPI answers it
            extra = dict(exc.headers or {})
            answered = (
                exc.status_code,
                json.dumps({"detail": exc.detail}, separators=(",", ":")).encode(),
            )
        if answered is None:
            await self.app(scope, _replay(messages, receive), send)
            return
        status, content = answered
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
    def _known_key(ctx: AppContext, headers: dict[bytes, bytes], wanted: KeyScope) -> bool:
        authorization, x_api_key = headers.get(b"authorization"), headers.get(b"x-api-key")
        secret = presented_key(
            authorization.decode("latin-1") if authorization else None,
            x_api_key.decode("latin-1") if x_api_key else None,
        )
        if secret is None:
            return False
        found = ctx.keys.get(key_digest(secret), wanted, ctx.store.key_revocations)
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
