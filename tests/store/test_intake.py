"""Report intake never loses or doubles a report (F7)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from netbrake.errors import InputError
from netbrake.store import Store
from netbrake.store.tables import ReportRow

REPORT = {
    "report_id": "r-1",
    "reporter_id": "u-9",
    "target_kind": "account",
    "target_id": "acc-17",
    "reason": "child_safety",
    "text": "selling menus",
}


def count_reports(store: Store) -> int:
    with store.read() as session:
        return session.execute(select(func.count()).select_from(ReportRow)).scalar_one()


def test_a_report_is_kept_and_audited(store: Store) -> None:
    receipt = store.receive_report(**REPORT)
    assert receipt.created
    assert count_reports(store) == 1
    assert [e.action for e in store.audit_log_entries()] == ["report.receive"]


def test_a_repeated_delivery_is_recognised_not_doubled(store: Store) -> None:
    first = store.receive_report(**REPORT)
    again = store.receive_report(**REPORT)
    assert (again.id, again.created) == (first.id, False)
    assert count_reports(store) == 1
    assert [e.action for e in store.audit_log_entries()] == ["report.receive"]


def test_a_conflicting_repeat_is_kept_in_the_audit_log(store: Store) -> None:
    store.receive_report(**REPORT)
    store.receive_report(**{**REPORT, "text": "different words"})
    conflict = store.audit_log_entries()[-1]
    assert conflict.action == "report.conflicting_repeat"
    assert conflict.payload["incoming"]["text"] == "different words"
    assert count_reports(store) == 1


@pytest.mark.parametrize(
    ("field", "value"), [("report_id", ""), ("target_kind", "person"), ("reporter_id", "")]
)
def test_bad_reports_name_the_field(store: Store, field: str, value: str) -> None:
    with pytest.raises(InputError, match=field):
        store.receive_report(**{**REPORT, field: value})
    assert count_reports(store) == 0
