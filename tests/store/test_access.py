"""API keys: scopes, revocation, and the raw key never stored."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from netbrake.errors import InputError
from netbrake.store import AccessDenied, Scope, Store

G, R, A = Scope.GUARD, Scope.REVIEW, Scope.ADMIN


@pytest.mark.parametrize(
    ("granted", "asked", "allowed"),
    [
        ([G], G, True),
        ([G], R, False),
        ([G], A, False),
        ([R], R, True),
        ([R], G, False),
        ([G, R], R, True),
        ([A], G, True),
        ([A], R, True),
        ([A], A, True),
    ],
)
def test_scopes(store: Store, granted: list[Scope], asked: Scope, allowed: bool) -> None:
    issued = store.create_api_key(granted, created_by="admin:kim")
    if allowed:
        assert store.verify_api_key(issued.secret, asked).key_id == issued.key.key_id
    else:
        with pytest.raises(AccessDenied, match="lacks the") as denied:
            store.verify_api_key(issued.secret, asked)
        assert denied.value.status == 403


@pytest.mark.parametrize(
    "mangle",
    [
        lambda s: s[:-1] + ("A" if s[-1] != "A" else "B"),
        lambda s: "nbk_0000000000000000_x",
        str.upper,
    ],
    ids=["wrong-secret", "unknown-id", "malformed"],
)
def test_unknown_keys_are_unauthenticated(store: Store, mangle: object) -> None:
    issued = store.create_api_key(["admin"], created_by="admin:kim")
    assert callable(mangle)
    with pytest.raises(AccessDenied) as denied:
        store.verify_api_key(mangle(issued.secret), Scope.GUARD)
    assert denied.value.status == 401


def test_revoked_key_is_refused(store: Store) -> None:
    issued = store.create_api_key(["guard"], created_by="admin:kim")
    store.revoke_api_key(issued.key.key_id, actor="admin:kim", reason="leaked in a ticket")
    with pytest.raises(AccessDenied, match="revoked"):
        store.verify_api_key(issued.secret, Scope.GUARD)


def test_the_raw_key_is_stored_nowhere(store: Store) -> None:
    issued = store.create_api_key(["review"], created_by="admin:kim", label="console")
    secret_part = issued.secret.rsplit("_", 1)[1]
    with store.read() as session:
        for table in ("api_keys", "audit_log"):
            rows = session.execute(text(f"SELECT * FROM {table}")).all()
            assert rows
            assert not any(secret_part in str(value) for row in rows for value in row)


@pytest.mark.parametrize("scopes", [[], ["superuser"]], ids=["none", "unknown"])
def test_bad_scopes_are_refused(store: Store, scopes: list[str]) -> None:
    with pytest.raises(InputError, match="scope"):
        store.create_api_key(scopes, created_by="admin:kim")
