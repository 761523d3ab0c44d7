"""What the HMA-compatible routes share: signal type names, errors and query parsing.

Hasher-Matcher-Actioner (OpenMediaMatch) answers a refused request with
``{"message": "..."}`` and its status, and a request whose parameters fail
its pydantic check with 422 and the pydantic error list; these helpers give
the same shapes, so an HMA client reads netbrake's errors as it reads HMA's
(docs/hma.md).
"""

from __future__ import annotations

import json
import re
from typing import Any, TypeVar

from fastapi import Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ValidationError

from netbrake.media import BankEntry, HashBank, SignalKind, check_bank_name, parse_md5, parse_pdq

#: HMA's signal type names and the netbrake kinds they are.
SIGNAL_TYPES: dict[str, SignalKind] = {"pdq": "pdq", "video_md5": "md5"}
HMA_NAMES: dict[str, str] = {kind: name for name, kind in SIGNAL_TYPES.items()}
_HMA_BANK_NAME = re.compile(r"[A-Z_][A-Z0-9_]*")

Model = TypeVar("Model", bound=BaseModel)


class HmaAbort(Exception):
    """A refused request, answered as HMA's ``abort(status, message)``."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


class HmaInvalid(Exception):
    """Parameters that failed their model, answered 422 with the pydantic error list."""

    def __init__(self, errors: list[dict[str, Any]]):
        super().__init__("invalid parameters")
        self.errors = errors


async def abort_handler(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HmaAbort)
    return JSONResponse({"message": exc.message}, status_code=exc.status)


async def invalid_handler(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HmaInvalid)
    return JSONResponse(exc.errors, status_code=422)


def parse_model(model: type[Model], data: object) -> Model:
    """``data`` checked by ``model``, or :class:`HmaInvalid` with pydantic's errors."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise HmaInvalid(json.loads(exc.json(include_url=False))) from None


def query(model: type[Model], request: Request) -> Model:
    return parse_model(model, dict(request.query_params))


async def json_body(request: Request) -> object:
    """The JSON body, or None when there is none or it does not parse (the model then says so)."""
    raw = await request.body()
    if not raw:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return None


def signal_kind(signal_type: str) -> SignalKind:
    """The netbrake kind of an HMA signal type name; 400 as HMA words it otherwise."""
    kind = SIGNAL_TYPES.get(signal_type)
    if kind is None:
        raise HmaAbort(400, f"No such SignalType {signal_type!r}")
    return kind


def validate_signal(kind: SignalKind, signal: str) -> str:
    """The canonical hash, or ``ValueError`` with python-threatexchange's message."""
    try:
        return parse_pdq(signal) if kind == "pdq" else parse_md5(signal)
    except ValueError:
        if kind == "pdq":
            raise ValueError("invalid PDQ hash") from None
        raise ValueError(f"{signal!r} is not a valid MD5 hash") from None


def bank_filter(banks: str | None) -> set[str] | None:
    """HMA's ``banks`` parameter: names split on ",", spaces kept; unknown names match nothing."""
    return None if banks is None else set(banks.split(","))


def distance_text(kind: SignalKind, distance: int) -> str:
    """HMA's ``pretty_str`` of a similarity: the PDQ Hamming distance, ``-`` for MD5."""
    return str(distance) if kind == "pdq" else "-"


def check_new_bank_name(name: str) -> str:
    """HMA's rule (UPPER_WITH_UNDERSCORE) and the bank library's file-name rule."""
    try:
        if not _HMA_BANK_NAME.fullmatch(name):
            raise ValueError(name)
        return check_bank_name(name)
    except ValueError:
        raise HmaAbort(400, "Bank names must be UPPER_WITH_UNDERSCORE") from None


def bank_json(bank: HashBank) -> dict[str, Any]:
    return {"matching_enabled_ratio": bank.rollout, "name": bank.name}


def disable_until_ts(entry: BankEntry) -> int:
    """HMA's ``disable_until_ts``: 1 enabled, 0 disabled, else when the disablement ends."""
    if entry.enabled:
        return 1
    if entry.disabled_until is None:
        return 0
    return int(entry.disabled_until.timestamp())
