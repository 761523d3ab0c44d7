"""API keys: created with scopes, shown once, stored only as a SHA-256 digest.

A key reads ``nbk_<key_id>_<secret>``: the public ``key_id`` finds the row,
and the digest of the whole key is compared in constant time. The secret
part carries 256 random bits, so a fast hash is enough (a slow password KDF
protects low-entropy passwords, which these are not).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from netbrake.errors import InputError, Location, NetbrakeError
from netbrake.store.records import ApiKey, IssuedApiKey, Scope
from netbrake.store.tables import ApiKeyRow
from netbrake.store.transaction import Transaction

PREFIX = "nbk"


class AccessDenied(NetbrakeError):
    """A request's key is unknown, revoked, or lacks the scope: ``status`` is 401 or 403."""

    def __init__(self, message: str, status: int):
        super().__init__(message)
        self.status = status


def parse_scopes(scopes: Iterable[str]) -> frozenset[Scope]:
    parsed: set[Scope] = set()
    for scope in scopes:
        try:
            parsed.add(Scope(scope))
        except ValueError:
            known = ", ".join(s.value for s in Scope)
            raise InputError(
                f"unknown scope '{scope}' (expected {known})", Location(field="scope")
            ) from None
    if not parsed:
        raise InputError("an API key needs at least one scope", Location(field="scope"))
    return frozenset(parsed)


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def to_api_key(row: ApiKeyRow) -> ApiKey:
    return ApiKey(
        key_id=row.key_id,
        scopes=frozenset(Scope(s) for s in row.scopes.split()),
        label=row.label,
        created_by=row.created_by,
        created_at=row.created_at,
        revoked_at=row.revoked_at,
    )


def create_api_key(
    tx: Transaction, scopes: Iterable[str], *, created_by: str, label: str = ""
) -> IssuedApiKey:
    parsed = parse_scopes(scopes)
    key_id = secrets.token_hex(8)
    secret = f"{PREFIX}_{key_id}_{secrets.token_urlsafe(32)}"
    row = ApiKeyRow(
        key_id=key_id,
        key_hash=_digest(secret),
        scopes=" ".join(sorted(s.value for s in parsed)),
        label=label,
        created_by=created_by,
        created_at=tx.now,
    )
    tx.session.add(row)
    tx.audit_log(
        created_by,
        "apikey.create",
        label or "API key created",
        subject_kind="api_key",
        subject_id=key_id,
        payload={"scopes": sorted(s.value for s in parsed), "label": label},
    )
    return IssuedApiKey(to_api_key(row), secret)


def revoke_api_key(tx: Transaction, key_id: str, *, actor: str, reason: str) -> ApiKey:
    row = tx.session.execute(
        select(ApiKeyRow).where(ApiKeyRow.key_id == key_id)
    ).scalar_one_or_none()
    if row is None:
        raise InputError(f"no API key '{key_id}'", Location(field="key_id"))
    if row.revoked_at is None:
        row.revoked_at = tx.now
        tx.audit_log(actor, "apikey.revoke", reason, subject_kind="api_key", subject_id=key_id)
    return to_api_key(row)


def verify_api_key(session: Session, secret: str, scope: Scope) -> ApiKey:
    """The key's record when ``secret`` is a live key allowing ``scope``; else AccessDenied."""
    parts = secret.split("_", 2)
    if len(parts) != 3 or parts[0] != PREFIX:
        raise AccessDenied("malformed API key", 401)
    row = session.execute(
        select(ApiKeyRow).where(ApiKeyRow.key_id == parts[1])
    ).scalar_one_or_none()
    # Compare even when the row is missing, so timing does not reveal which key ids exist.
    stored = row.key_hash if row is not None else "0" * 64
    if not hmac.compare_digest(stored, _digest(secret)) or row is None:
        raise AccessDenied("unknown API key", 401)
    if row.revoked_at is not None:
        raise AccessDenied(f"API key {row.key_id} was revoked", 401)
    key = to_api_key(row)
    if not key.allows(scope):
        raise AccessDenied(f"API key {row.key_id} lacks the '{scope.value}' scope", 403)
    return key
