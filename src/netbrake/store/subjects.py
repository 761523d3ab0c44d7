"""Writes to the live state guards read: account and person status, policy versions."""

from __future__ import annotations

import hashlib

from netbrake.errors import InputError, Location
from netbrake.store.tables import AccountRow, NetworkRow, PersonRow, PolicyVersionRow
from netbrake.store.transaction import Transaction


def set_account_state(
    tx: Transaction,
    account_id: str,
    *,
    actor: str,
    reason: str,
    status: str | None = None,
    person_id: str | None = None,
    network_id: str | None = None,
    role: str | None = None,
    risk_score: float | None = None,
) -> AccountRow:
    """Create or update an account's row; fields left None keep their value.

    A person or network named for the first time is created (status active),
    so that scans can write accounts before identity linking has run.
    """
    if person_id is not None and tx.session.get(PersonRow, person_id) is None:
        tx.session.add(
            PersonRow(person_id=person_id, status="active", created_at=tx.now, updated_at=tx.now)
        )
    if network_id is not None and tx.session.get(NetworkRow, network_id) is None:
        tx.session.add(
            NetworkRow(network_id=network_id, status="active", created_at=tx.now, updated_at=tx.now)
        )
    tx.session.flush()  # parents first: the unit of work only orders rows joined by relationships
    row = tx.session.get(AccountRow, account_id)
    before = None if row is None else row.status
    if row is None:
        row = AccountRow(account_id=account_id, status=status or "active", updated_at=tx.now)
        tx.session.add(row)
    changes = {
        "status": status,
        "person_id": person_id,
        "network_id": network_id,
        "role": role,
        "risk_score": risk_score,
    }
    changes = {k: v for k, v in changes.items() if v is not None}
    for name, value in changes.items():
        setattr(row, name, value)
    row.updated_at = tx.now
    tx.audit_log(
        actor,
        "account.update",
        reason,
        subject_kind="account",
        subject_id=account_id,
        payload={"before_status": before, **changes},
    )
    if row.status != before:
        tx.bump_state()
    return row


def set_person_status(
    tx: Transaction, person_id: str, status: str, *, actor: str, reason: str
) -> PersonRow:
    row = tx.session.get(PersonRow, person_id)
    before = None if row is None else row.status
    if row is None:
        row = PersonRow(person_id=person_id, status=status, created_at=tx.now, updated_at=tx.now)
        tx.session.add(row)
    row.status, row.updated_at = status, tx.now
    tx.audit_log(
        actor,
        "person.update",
        reason,
        subject_kind="person",
        subject_id=person_id,
        payload={"before_status": before, "status": status},
    )
    if status != before:
        tx.bump_state()
    return row


def record_policy_version(tx: Transaction, version: str, toml_text: str, *, actor: str) -> str:
    """Keep a loaded policy's text under its version; returns the content hash.

    Loading the same version with the same text again is a no-op; with
    different text it is refused, because decisions cite the version alone.
    """
    content_hash = hashlib.sha256(toml_text.encode("utf-8")).hexdigest()
    row = tx.session.get(PolicyVersionRow, version)
    if row is not None:
        if row.content_hash != content_hash:
            raise InputError(
                f"policy version '{version}' is already stored with different content; "
                "give the changed policy a new version",
                Location(field="version"),
            )
        return content_hash
    tx.session.add(
        PolicyVersionRow(
            version=version, content_hash=content_hash, loaded_at=tx.now, toml_text=toml_text
        )
    )
    tx.audit_log(
        actor,
        "policy.load",
        f"policy {version} loaded",
        subject_kind="policy",
        subject_id=version,
        payload={"content_hash": content_hash},
    )
    tx.bump_state()
    return content_hash
