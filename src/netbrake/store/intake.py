"""Report intake: the one step of the report pipeline the store itself guarantees (F7).

A report is written, with its audit entry, before anything else happens to
it. Receiving the same ``report_id`` again (a retried delivery, a re-imported
file) keeps the first copy and adds nothing; if the repeat differs, the
difference goes to the audit log rather than being dropped. Grouping into
cases, priorities and SLA live in ``netbrake.reports`` on top of these rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from netbrake.errors import InputError, Location
from netbrake.store.tables import ReportRow
from netbrake.store.transaction import Transaction

TARGET_KINDS = ("account", "post", "hashtag")


@dataclass(frozen=True)
class Receipt:
    """Where a report landed: its row id, and whether this delivery created it."""

    id: int
    report_id: str
    created: bool


def receive_report(
    tx: Transaction,
    *,
    report_id: str,
    reporter_id: str,
    target_kind: str,
    target_id: str,
    reason: str,
    text: str | None = None,
    created_at: datetime | None = None,
) -> Receipt:
    for field, value in (
        ("report_id", report_id),
        ("reporter_id", reporter_id),
        ("target_id", target_id),
    ):
        if not value:
            raise InputError(f"'{field}' must not be empty", Location(field=field))
    if target_kind not in TARGET_KINDS:
        raise InputError(
            f"unknown target kind '{target_kind}' (expected {', '.join(TARGET_KINDS)})",
            Location(field="target_kind"),
        )
    incoming = {
        "reporter_id": reporter_id,
        "target_kind": target_kind,
        "target_id": target_id,
        "reason": reason,
        "text": text,
    }
    existing = tx.session.execute(
        select(ReportRow).where(ReportRow.report_id == report_id)
    ).scalar_one_or_none()
    if existing is not None:
        stored = {name: getattr(existing, name) for name in incoming}
        if stored != incoming:
            tx.audit_log(
                f"reporter:{reporter_id}",
                "report.conflicting_repeat",
                "a report id arrived again with different content; the first copy is kept",
                subject_kind="report",
                subject_id=report_id,
                payload={"stored": stored, "incoming": incoming},
            )
        return Receipt(existing.id, report_id, created=False)
    row = ReportRow(report_id=report_id, created_at=created_at, received_at=tx.now, **incoming)
    tx.session.add(row)
    tx.session.flush()
    tx.audit_log(
        f"reporter:{reporter_id}",
        "report.receive",
        reason,
        subject_kind=target_kind,
        subject_id=target_id,
        payload={"report_id": report_id, "row": row.id},
    )
    return Receipt(row.id, report_id, created=True)
