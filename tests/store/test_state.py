"""state_version: guards poll it, so every enforcement change must move it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest

from netbrake.store import ManualClock, Source, Store, Subject
from netbrake.store.tables import AccountRow

A1 = Subject("account", "a1")

Change = Callable[[Store, ManualClock], object]

MOVES: dict[str, Change] = {
    "automatic decision": lambda s, c: s.record_decision(
        A1, "remove", source=Source.AUTOMATIC, decided_by="rule:x", reason="r"
    ),
    "manual decision": lambda s, c: s.record_decision(
        A1, "remove", source=Source.MANUAL, decided_by="reviewer:ana", reason="r"
    ),
    "override": lambda s, c: s.record_override(
        A1, decided_by="reviewer:ana", reason="r", expires_at=c() + timedelta(days=1)
    ),
    "account status": lambda s, c: s.set_account_state(
        "a1", actor="svc", reason="r", status="removed"
    ),
    "person status": lambda s, c: s.set_person_status("p1", "removed", actor="svc", reason="r"),
    "policy loaded": lambda s, c: s.record_policy_version("v1", "x = 1\n", actor="svc"),
    "explicit bump": lambda s, c: s.bump_state(actor="svc", reason="takedown"),
}

STILL: dict[str, Change] = {
    "api key": lambda s, c: s.create_api_key(["guard"], created_by="admin"),
    "audit note": lambda s, c: s.append_audit_log("svc", "export", "exported"),
    "reading": lambda s, c: s.effective_decision(A1),
}


@pytest.mark.parametrize("change", MOVES.values(), ids=MOVES.keys())
def test_enforcement_changes_bump_state(store: Store, clock: ManualClock, change: Change) -> None:
    before = store.state_version()
    change(store, clock)
    assert store.state_version() == before + 1


@pytest.mark.parametrize("change", STILL.values(), ids=STILL.keys())
def test_other_writes_leave_state_alone(store: Store, clock: ManualClock, change: Change) -> None:
    before = store.state_version()
    change(store, clock)
    assert store.state_version() == before


def test_every_write_is_audited(store: Store, clock: ManualClock) -> None:
    for change in MOVES.values():
        before = len(store.audit_log_entries(limit=1000))
        change(store, clock)
        assert len(store.audit_log_entries(limit=1000)) > before
    assert store.verify_audit_log().ok


def test_account_state_keeps_unset_fields(store: Store) -> None:
    store.set_account_state(
        "a1", actor="svc", reason="scan", person_id="p1", role="seller", risk_score=0.8
    )
    store.set_account_state("a1", actor="svc", reason="takedown", status="removed")
    with store.read() as session:
        row = session.get(AccountRow, "a1")
        assert row is not None
        assert (row.status, row.person_id, row.role, row.risk_score) == (
            "removed",
            "p1",
            "seller",
            0.8,
        )
