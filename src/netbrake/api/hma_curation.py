"""Hasher-Matcher-Actioner's bank and content management routes (``/c``), on netbrake's banks.

Banks made here are netbrake hash banks (``netbrake bank list`` shows them);
HMA's ``matching_enabled_ratio`` is the bank's rollout share and a content
item is one bank entry, known by an id unique across banks. Request and
response shapes, statuses and messages are HMA's (docs/hma.md). Differences:
a content item holds one signal (netbrake keeps one fingerprint per entry),
and content from media (``/c/bank/<name>/content``) answers 403 as an HMA
without the hasher role, since netbrake never receives media bytes (F10).

Changes need an admin-scope API key.
"""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from netbrake.api.auth import require_scope
from netbrake.api.hma_common import (
    HMA_NAMES,
    SIGNAL_TYPES,
    HmaAbort,
    bank_json,
    check_new_bank_name,
    disable_until_ts,
    json_body,
    parse_model,
    query,
    validate_signal,
)
from netbrake.api.hma_routes import NO_HASHER
from netbrake.api.media_state import MediaBanks, media_banks
from netbrake.media import BankEntry, HashBank, Provenance

router = APIRouter(prefix="/c", tags=["hma"])
Curating = Annotated[Any, Depends(require_scope("admin"))]
#: Where an entry added through these routes says it came from.
HMA_EXCHANGE = "hma-api"
_FIVE_YEARS = 5 * 365 * 24 * 3600


class BankCreate(BaseModel):
    name: str
    enabled_ratio: float = Field(default=1.0, ge=0.0, le=1.0)
    enabled: bool | None = None


class BankUpdate(BaseModel):
    name: str | None = None
    enabled: bool | None = None
    enabled_ratio: float | None = Field(default=None, ge=0.0, le=1.0)


class ContentQuery(BaseModel):
    include_signals: bool = False
    include_metadata: bool = True


def _bank(state: MediaBanks, name: str) -> HashBank:
    bank = state.get(name)
    if bank is None:
        raise HmaAbort(404, f"bank {name!r} not found")
    return bank


def _find(state: MediaBanks, bank: HashBank, content_id: int) -> tuple[HashBank, BankEntry] | None:
    """The content by id: in the named bank, else in any bank (HMA does not check the bank)."""
    for candidate in (bank, *state.banks.values()):
        entry = candidate.entries.get(content_id)
        if entry is not None:
            return candidate, entry
    return None


def _content_json(bank: HashBank, entry: BankEntry, signals: bool) -> dict[str, Any]:
    out: dict[str, Any] = {
        "bank": bank_json(bank),
        "disable_until_ts": disable_until_ts(entry),
        "id": entry.entry_id,
        "original_media_uri": None,
    }
    if entry.provenance.list:
        out["note"] = entry.provenance.list
    if signals:
        out["signals"] = {HMA_NAMES[entry.kind]: entry.value}
    return out


@router.get("/banks")
def banks(request: Request, _key: Curating) -> JSONResponse:
    state = media_banks(request)
    return JSONResponse([bank_json(state.banks[n]) for n in sorted(state.banks)])


@router.post("/banks")
async def create_bank(request: Request, _key: Curating) -> JSONResponse:
    body = parse_model(BankCreate, await json_body(request))
    name = check_new_bank_name(body.name)
    state = media_banks(request)
    if state.get(name) is not None or state.library.exists(name):
        raise HmaAbort(403, "Bank already exists")
    bank = HashBank(name, rollout=body.enabled_ratio)  # HMA ignores ``enabled`` here too
    state.save(bank)
    return JSONResponse(bank_json(bank), status_code=201)


@router.get("/bank/{bank_name}")
def get_bank(bank_name: str, request: Request, _key: Curating) -> JSONResponse:
    return JSONResponse(bank_json(_bank(media_banks(request), bank_name)))


@router.put("/bank/{bank_name}")
async def update_bank(bank_name: str, request: Request, _key: Curating) -> JSONResponse:
    state = media_banks(request)
    bank = state.get(bank_name)
    if bank is None:
        raise HmaAbort(404, "Bank not found")
    body = parse_model(BankUpdate, await json_body(request) or {})
    if body.enabled_ratio is not None:
        bank.rollout = body.enabled_ratio
    elif body.enabled is not None:
        bank.rollout = 1.0 if body.enabled else 0.0
    if body.name is not None and body.name != bank.name:
        new_name = check_new_bank_name(body.name)
        if state.get(new_name) is not None or state.library.exists(new_name):
            raise HmaAbort(403, "Bank name already exists")
        state.rename(bank, new_name)
    else:
        state.save(bank)
    return JSONResponse(bank_json(bank))


@router.delete("/bank/{bank_name}")
def delete_bank(bank_name: str, request: Request, _key: Curating) -> JSONResponse:
    media_banks(request).delete(bank_name)
    return JSONResponse({"message": "Done"})


@router.post("/bank/{bank_name}/content")
def add_content(bank_name: str, request: Request, _key: Curating) -> JSONResponse:
    _bank(media_banks(request), bank_name)
    raise HmaAbort(403, NO_HASHER)


@router.post("/bank/{bank_name}/signal")
async def add_signal(bank_name: str, request: Request, _key: Curating) -> JSONResponse:
    """``{"pdq": "<hash>", "note"?: "..."}`` adds one entry; ``{"id", "signals"}`` back."""
    state = media_banks(request)
    bank = _bank(state, bank_name)
    body = await json_body(request)
    if not isinstance(body, dict):
        raise HmaAbort(400, "No signals given")
    note = body.pop("note", None)
    if note is not None and (not isinstance(note, str) or len(note) > 255):
        raise HmaAbort(400, "note must be a string of at most 255 characters")
    if not body:
        raise HmaAbort(400, "No signals given")
    for name in body:
        if name not in SIGNAL_TYPES:
            raise HmaAbort(400, f"No such signal type {name}")
    if len(body) > 1:
        raise HmaAbort(400, "netbrake keeps one signal per content: send one signal type")
    ((name, raw),) = body.items()
    kind = SIGNAL_TYPES[name]
    try:
        value = validate_signal(kind, str(raw))
    except ValueError as exc:
        raise HmaAbort(400, f"Invalid {name} signal: {exc}") from None
    entry = bank.find(kind, value)
    if entry is None:
        provenance = Provenance(HMA_EXCHANGE, note or "", datetime.now(UTC))
        entry = BankEntry(state.next_entry_id(), kind, value, provenance)
        bank.put(entry)
        state.save(bank)
    return JSONResponse({"id": entry.entry_id, "signals": {name: entry.value}})


@router.get("/bank/{bank_name}/content/{content_id:int}")
def get_content(bank_name: str, content_id: int, request: Request, _key: Curating) -> JSONResponse:
    params = query(ContentQuery, request)
    state = media_banks(request)
    found = _find(state, _bank(state, bank_name), content_id)
    if found is None:
        raise HmaAbort(404, f"content '{content_id}' not found")
    return JSONResponse(_content_json(*found, signals=params.include_signals))


@router.put("/bank/{bank_name}/content/{content_id:int}")
async def update_content(
    bank_name: str, content_id: int, request: Request, _key: Curating
) -> JSONResponse:
    """``disable_until_ts``: 0 disables, 1 enables, a unix time disables until then."""
    state = media_banks(request)
    found = _find(state, _bank(state, bank_name), content_id)
    if found is None:
        raise HmaAbort(404, f"content '{content_id}' not found")
    bank, entry = found
    body = await json_body(request)
    body = body if isinstance(body, dict) else {}
    until = body.get("disable_until_ts")
    if until is not None:
        if isinstance(until, bool) or not isinstance(until, int) or until < 0:
            raise HmaAbort(400, "disable_until_ts must be a non-negative integer")
        if until > time.time() + _FIVE_YEARS:
            raise HmaAbort(400, "disable_until_ts must be less than 5 years in the future")
        if until == 1:
            entry = bank.enable(entry.entry_id)
        else:
            ends = None if until == 0 else datetime.fromtimestamp(until, UTC)
            entry = bank.disable(entry.entry_id, ends)
    note = body.get("note")
    if isinstance(note, str):
        entry = replace(entry, provenance=replace(entry.provenance, list=note[:255]))
        bank.put(entry)
    state.save(bank)
    return JSONResponse(
        {
            "bank": bank_json(bank),
            "collab_metadata": {},
            "disable_until_ts": disable_until_ts(entry),
            "id": entry.entry_id,
            "note": entry.provenance.list or None,
            "original_media_uri": None,
            "user_metadata": None,
        }
    )


@router.delete("/bank/{bank_name}/content/{content_id:int}")
def delete_content(
    bank_name: str, content_id: int, request: Request, _key: Curating
) -> JSONResponse:
    state = media_banks(request)
    found = _find(state, _bank(state, bank_name), content_id)
    if found is None:
        return JSONResponse({"deleted": 0})
    bank, entry = found
    bank.remove(entry.entry_id)
    state.save(bank)
    return JSONResponse({"deleted": 1})


@router.get("/signal_type")
def signal_types(_request: Request, _key: Curating) -> JSONResponse:
    return JSONResponse([{"enabled_ratio": 1.0, "name": name} for name in SIGNAL_TYPES])


@router.get("/content_type")
def content_types(_request: Request, _key: Curating) -> JSONResponse:
    """Listed as HMA lists them, disabled: netbrake hashes no media."""
    return JSONResponse([{"enabled": False, "name": n} for n in ("photo", "video")])
