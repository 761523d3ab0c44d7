"""``GET /healthz``: the process is up and its store answers."""

from __future__ import annotations

from fastapi import APIRouter, Request
from sqlalchemy import text

from netbrake.api.context import context

router = APIRouter(tags=["health"])


@router.get("/healthz")
def healthz(request: Request) -> dict[str, str]:
    with context(request).store.read() as session:
        session.execute(text("SELECT 1"))
    return {"status": "ok"}
