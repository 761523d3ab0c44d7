"""API-key authentication: ``Authorization: Bearer <key>`` or ``X-API-Key: <key>``.

Missing or unknown keys answer 401, a key without the scope 403 (the store's
``AccessDenied`` carries which). ``admin`` keys hold every scope.

A verified key is remembered for :data:`netbrake.api.keycache.CACHE_SECONDS`
so that intake at thousands of requests per second does not read the key
table on each one. A key revoked through this process's store stops working
at once; one revoked by another process within that time, and at once after
a restart. Refusals are never cached.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool

from netbrake.api.context import context
from netbrake.store import AccessDenied, ApiKey, Scope


def presented_key(authorization: str | None, x_api_key: str | None) -> str | None:
    """The key a request presents in its ``Authorization`` or ``X-API-Key`` header, if any."""
    if authorization:
        kind, _, value = authorization.partition(" ")
        if kind.lower() == "bearer" and value.strip():
            return value.strip()
    return x_api_key.strip() if x_api_key and x_api_key.strip() else None


def key_digest(secret: str) -> str:
    """What the key cache knows a key by (never the key itself)."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


_BEARER = HTTPBearer(auto_error=False, description="Authorization: Bearer <API key>")
_HEADER = APIKeyHeader(name="X-API-Key", auto_error=False, description="the API key")


def require_scope(scope: str) -> Callable[..., Awaitable[ApiKey]]:
    """A FastAPI dependency admitting keys with ``scope`` ("guard", "review" or "admin")."""
    wanted = Scope(scope)

    async def dependency(
        request: Request,
        _bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(_BEARER)] = None,
        _header: Annotated[str | None, Depends(_HEADER)] = None,
    ) -> ApiKey:
        # The two security schemes only document the headers in OpenAPI ("Authorize");
        # the headers are read here, so the hot routes may call this with the request alone.
        sent = request.headers
        secret = presented_key(sent.get("authorization"), sent.get("x-api-key"))
        if secret is None:
            raise HTTPException(
                401, "an API key is required", headers={"WWW-Authenticate": "Bearer"}
            )
        ctx = context(request)
        digest = key_digest(secret)
        revocations = ctx.store.key_revocations
        cached = ctx.keys.get(digest, wanted, revocations)
        if cached is not None:
            return cached
        try:
            key = await run_in_threadpool(ctx.store.verify_api_key, secret, wanted)
        except AccessDenied as exc:
            headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
            raise HTTPException(exc.status, str(exc), headers=headers) from None
        ctx.keys.put(digest, wanted, key, revocations)
        return key

    dependency.__name__ = f"require_scope_{wanted.value}"
    return dependency
