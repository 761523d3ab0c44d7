"""The audit chain: canonical serialisation, SHA-256 links, append and verify.

Entry ``n`` stores ``hash_n = SHA-256(canonical(entry_n with prev_hash = hash_{n-1}))``
and the first entry links to :data:`GENESIS`. The canonical form is JSON
with sorted keys, no whitespace, UTF-8, instants as ``YYYY-MM-DDTHH:MM:SS.ffffffZ``
(the approach of RFC 8785, restricted to the value types the log accepts).
Changing, inserting or removing any entry, or truncating the log, therefore
changes a hash that a later entry or the store's head pointer still holds.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from netbrake.store.records import AuditEntry, VerifyResult
from netbrake.store.tables import AuditEntryRow, StoreStateRow

GENESIS = "0" * 64


def _json_default(value: object) -> str:
    if isinstance(value, datetime):
        return format_instant(value)
    raise TypeError(f"audit payload value {value!r} is not JSON (use str, number, list, dict)")


def canonical_json(value: Any) -> str:
    """Deterministic JSON: sorted keys, no spaces, no NaN; datetimes as UTC instants."""
    return json.dumps(
        value,
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        allow_nan=False,
        default=_json_default,
    )


def normalise_payload(payload: Mapping[str, Any] | None) -> dict[str, Any]:
    """The payload as it will read back from the database (tuples become lists, ...)."""
    value = json.loads(canonical_json(dict(payload or {})))
    assert isinstance(value, dict)
    return value


def format_instant(ts: datetime) -> str:
    if ts.tzinfo is None:
        raise ValueError(f"naive datetime {ts!r} in the audit log")
    return ts.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def entry_hash(
    *,
    seq: int,
    ts: datetime,
    actor: str,
    action: str,
    subject_kind: str | None,
    subject_id: str | None,
    reason: str,
    payload: Mapping[str, Any],
    prev_hash: str,
) -> str:
    document = {
        "seq": seq,
        "ts": format_instant(ts),
        "actor": actor,
        "action": action,
        "subject_kind": subject_kind,
        "subject_id": subject_id,
        "reason": reason,
        "payload": payload,
        "prev_hash": prev_hash,
    }
    return hashlib.sha256(canonical_json(document).encode("utf-8")).hexdigest()


def row_hash(row: AuditEntryRow) -> str:
    return entry_hash(
        seq=row.seq,
        ts=row.ts,
        actor=row.actor,
        action=row.action,
        subject_kind=row.subject_kind,
        subject_id=row.subject_id,
        reason=row.reason,
        payload=row.payload,
        prev_hash=row.prev_hash,
    )


def next_entry(
    head_seq: int,
    head_hash: str,
    *,
    ts: datetime,
    actor: str,
    action: str,
    reason: str,
    subject_kind: str | None = None,
    subject_id: str | None = None,
    payload: Mapping[str, Any] | None = None,
) -> AuditEntry:
    """The entry after the head (``head_seq``, ``head_hash``); the caller holds the writer lock."""
    if not actor or not action:
        raise ValueError("an audit entry needs an actor and an action")
    fields: dict[str, Any] = {
        "seq": head_seq + 1,
        "ts": ts.astimezone(UTC),
        "actor": actor,
        "action": action,
        "subject_kind": subject_kind,
        "subject_id": subject_id,
        "reason": reason,
        "payload": normalise_payload(payload),
        "prev_hash": head_hash,
    }
    return AuditEntry(**fields, hash=entry_hash(**fields))


def to_entry(row: AuditEntryRow) -> AuditEntry:
    return AuditEntry(
        seq=row.seq,
        ts=row.ts,
        actor=row.actor,
        action=row.action,
        subject_kind=row.subject_kind,
        subject_id=row.subject_id,
        reason=row.reason,
        payload=dict(row.payload),
        prev_hash=row.prev_hash,
        hash=row.hash,
    )


def verify_chain(rows: Iterable[AuditEntryRow], head_seq: int, head_hash: str) -> VerifyResult:
    """Walk ``rows`` in ``seq`` order; report the first entry that does not check out."""
    expected_seq, prev, count = 1, GENESIS, 0

    def broken(seq: int, problem: str) -> VerifyResult:
        return VerifyResult(False, count, expected_seq - 1, prev, seq, problem)

    for row in rows:
        if row.seq != expected_seq:
            return broken(expected_seq, f"entry {expected_seq} is missing (next is {row.seq})")
        if row.seq > head_seq:
            return broken(row.seq, f"entry {row.seq} lies beyond the recorded head {head_seq}")
        if row.prev_hash != prev:
            return broken(row.seq, "link to the previous entry does not match its hash")
        if row_hash(row) != row.hash:
            return broken(row.seq, "content does not match its hash (entry was altered)")
        prev, expected_seq, count = row.hash, expected_seq + 1, count + 1
    if count != head_seq:
        return broken(count + 1, f"log ends at {count} but the recorded head is {head_seq}")
    if prev != head_hash:
        return broken(count, "last entry's hash differs from the recorded head")
    return VerifyResult(True, count, count, prev)


def verify_store(session: Session, batch: int = 1000) -> VerifyResult:
    """Verify the chain in ``session`` (one snapshot) against the store's head pointer."""
    state = session.execute(select(StoreStateRow)).scalar_one()
    rows = session.execute(
        select(AuditEntryRow).order_by(AuditEntryRow.seq).execution_options(yield_per=batch)
    ).scalars()
    return verify_chain(rows, state.audit_seq, state.audit_head)
