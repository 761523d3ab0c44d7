"""API-key authentication: ``Authorization: Bearer <key>`` or ``X-API-Key: <key>``.

Missing or unknown keys answer 401, a key without the scope 403 (the store's
``AccessDenied`` carries which). ``admin`` keys hold every scope.

A verified key is remembered for :data:`CACHE_SECONDS` so that intake at
thousands of requests per second does not read the key table on each one; a
revoked key therefore stops working within that time (and at once after a
restart). Refusals are never cached.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Header, HTTPException, Request
from starlette.concurrency import run_in_threadpool

from netbrake.api.context import context
from netbrake.store import AccessDenied, ApiKey, Scope


def _presented(authorization: str | None, x_api_key: str | None) -> str | None:
    if authorization:
        kind, _, value = authorization.partition(" ")
        if kind.lower() == "bearer" and value.strip():
            return value.strip()
    return x_api_key.strip() if x_api_key and x_api_key.strip() else None


def require_scope(scope: str) -> Callable[..., Awaitable[ApiKey]]:
    """A FastAPI dependency admitting keys with ``scope`` ("guard", "review" or "admin")."""
    wanted = Scope(scope)

    async def dependency(
        request: Request,
        authorization: Annotated[str | None, Header()] = None,
        x_api_key: Annotated[str | None, Header()] = None,
    ) -> ApiKey:
        secret = _presented(authorization, x_api_key)
        if secret is None:
            raise HTTPException(
                401, "an API key is required", headers={"WWW-Authenticate": "Bearer"}
            )
        ctx = context(request)
        digest = hashlib.sha256(secret.encode("utf-8")).hexdigest()
        cached = ctx.keys.get(digest, wanted)
        if cached is not None:
            return cached
        try:
            key = await run_in_threadpool(ctx.store.verify_api_key, secret, wanted)
        except AccessDenied as exc:
            headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
            raise HTTPException(exc.status, str(exc), headers=headers) from None
        ctx.keys.put(digest, wanted, key)
        return key

    dependency.__name__ = f"require_scope_{wanted.value}"
    return dependency
