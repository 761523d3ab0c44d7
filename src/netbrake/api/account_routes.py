"""``GET /v1/accounts/{id}``: what the guards know about an account (review scope)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from netbrake.api.auth import require_scope
from netbrake.api.guard_routes import engine
from netbrake.store import ApiKey

router = APIRouter(prefix="/v1", tags=["accounts"])
Reviewing = Annotated[ApiKey, Depends(require_scope("review"))]


class AccountOut(BaseModel):
    """Status (flagged, restricted, protected, clear), role, network, reasons."""

    account_id: str
    status: str
    role: str | None
    network_id: str | None
    person_id: str | None
    score: float | None
    conditions: list[str]
    reasons: list[str]
    store_status: str | None
    policy_version: str
    state_version: int


@router.get("/accounts/{account_id}", response_model=AccountOut)
async def account(account_id: str, request: Request, _key: Reviewing) -> JSONResponse:
    found = engine(request).account(account_id)
    if found is None:
        raise HTTPException(404, f"no account '{account_id}' in the guards' state")
    return JSONResponse(found.to_dict())
