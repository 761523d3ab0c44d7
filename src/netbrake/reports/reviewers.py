"""Console users: roles, and passwords kept only as salted scrypt hashes (RFC 7914)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from netbrake.errors import InputError, Location
from netbrake.store import ReviewerRow, Store

ROLES = ("reviewer", "child_safety", "lead", "admin")
#: scrypt cost: n=2**14, r=8, p=1 (the RFC's interactive-login parameters), 16-byte salt.
_N, _R, _P = 2**14, 8, 1


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    return f"scrypt${_N}${_R}${_P}${salt.hex()}${digest.hex()}"


def check_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    actual = hashlib.scrypt(
        password.encode("utf-8"), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p), dklen=32
    )
    return hmac.compare_digest(actual.hex(), digest)


@dataclass(frozen=True)
class Reviewer:
    """A signed-in console user."""

    name: str
    roles: frozenset[str]

    @property
    def queues(self) -> frozenset[str]:
        """Queues this reviewer sees: child-safety specialists only theirs."""
        if self.roles & {"lead", "admin"}:
            return frozenset({"child_safety", "general"})
        if "child_safety" in self.roles:
            return frozenset({"child_safety"})
        return frozenset({"general"}) if "reviewer" in self.roles else frozenset()

    @property
    def handles_escalations(self) -> bool:
        return bool(self.roles & {"lead", "admin"})


def parse_roles(roles: list[str]) -> frozenset[str]:
    for role in roles:
        if role not in ROLES:
            raise InputError(
                f"unknown role '{role}' (expected {', '.join(ROLES)})", Location(field="role")
            )
    if not roles:
        raise InputError("a user needs at least one role", Location(field="role"))
    return frozenset(roles)


def add_reviewer(
    store: Store, name: str, password: str, roles: list[str], *, actor: str
) -> Reviewer:
    """Create or replace a console user (a new password or roles for an existing name)."""
    parsed = parse_roles(roles)
    if (
        not name
        or len(name) > 64
        or not name.replace("_", "").replace("-", "").replace(".", "").isalnum()
    ):
        raise InputError(
            "a user name is 1-64 letters, digits, '.', '_' or '-'", Location(field="name")
        )
    if len(password) < 8:
        raise InputError("a password needs at least 8 characters", Location(field="password"))
    with store.write() as tx:
        row = tx.session.get(ReviewerRow, name)
        if row is None:
            row = ReviewerRow(username=name, created_at=tx.now)
            tx.session.add(row)
        row.password_hash = hash_password(password)
        row.roles = " ".join(sorted(parsed))
        row.disabled_at = None
        tx.audit_log(
            actor,
            "user.set",
            "console user created or changed",
            subject_kind="user",
            subject_id=name,
            payload={"roles": sorted(parsed)},
        )
    return Reviewer(name, parsed)


def authenticate(store: Store, name: str, password: str) -> Reviewer | None:
    """The reviewer if ``password`` is right and the user is enabled, else None."""
    with store.read() as session:
        row = session.get(ReviewerRow, name)
        stored = None if row is None or row.disabled_at is not None else row.password_hash
        roles = frozenset(row.roles.split()) if row is not None else frozenset()
    if stored is None:
        hash_password(password)  # same work whether or not the name exists
        return None
    return Reviewer(name, roles) if check_password(password, stored) else None


def load_reviewer(store: Store, name: str) -> Reviewer | None:
    """The enabled reviewer called ``name`` with their current roles, else None."""
    with store.read() as session:
        row = session.get(ReviewerRow, name)
        if row is None or row.disabled_at is not None:
            return None
        return Reviewer(row.username, frozenset(row.roles.split()))
