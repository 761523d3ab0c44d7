"""Storing a batch of reports in one transaction, each in exactly one case (items 1-2).

Group commit: the caller (``ReportWriter``) hands many deliveries to one
transaction, so one fsync acknowledges hundreds of reports. Inside it, a
report is inserted together with its case assignment, so there is no moment
at which a committed report is outside a case. A repeated ``report_id`` (in
the database or earlier in the batch) gets the first copy's receipt.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, cast

from sqlalchemy import Insert, Table, bindparam, insert, select, tuple_, update
from sqlalchemy.dialects import postgresql, sqlite

from netbrake.reports.priority import REASON_BAND, base_priority, most_urgent, sla_due
from netbrake.reports.records import IncomingReport, Receipt
from netbrake.reports.reporters import MASS_PER_HOUR, reliability_weight
from netbrake.store import CaseRow, ReporterRow, ReportRow, Transaction

#: Bound parameters per IN clause (SQLite allows 32,766; stay well below).
CHUNK = 400
ACTOR = "system:intake"
_REPORTS = cast(Table, ReportRow.__table__)
_CASES = cast(Table, CaseRow.__table__)
_REPORTERS = cast(Table, ReporterRow.__table__)

# The statements of the intake transaction, built once: a group commit runs each of them
# once per batch, and building and compiling them was most of its CPU time. They run on
# the transaction's connection (Core), as none of them needs the ORM.
_FIND_REPORTS = select(
    _REPORTS.c.report_id,
    _REPORTS.c.id,
    _REPORTS.c.case_id,
    _REPORTS.c.received_at,
    _REPORTS.c.reporter_id,
    _REPORTS.c.target_kind,
    _REPORTS.c.target_id,
    _REPORTS.c.reason,
    _REPORTS.c.text,
).where(_REPORTS.c.report_id.in_(bindparam("ids", expanding=True)))
_FLAG_REPORTERS = (
    update(_REPORTERS)
    .where(_REPORTERS.c.reporter_id == bindparam("b_id"))
    .values(weight=bindparam("b_w"), mass_flagged_at=bindparam("b_now"))
)
_FIND_OPEN_CASES = select(
    _CASES.c.target_kind,
    _CASES.c.target_id,
    _CASES.c.id,
    _CASES.c.reason,
    _CASES.c.priority,
    _CASES.c.sla_due_at,
).where(
    tuple_(_CASES.c.target_kind, _CASES.c.target_id).in_(bindparam("targets", expanding=True)),
    _CASES.c.status != "closed",
)
# New evidence: triage looks again; a worker holding the old lease loses it.
_ADD_TO_CASES = (
    update(_CASES)
    .where(_CASES.c.id == bindparam("b_id"))
    .values(
        report_count=_CASES.c.report_count + bindparam("b_n"),
        reason=bindparam("b_reason"),
        priority=bindparam("b_priority"),
        sla_due_at=bindparam("b_due"),
        triaged_at=None,
        triage_lease_expires_at=None,
    )
)
# Rows come back in any order (ordered RETURNING makes SQLite insert one row per
# statement); the natural key in each returned row names it.
_OPEN_CASES = insert(_CASES).returning(_CASES.c.target_kind, _CASES.c.target_id, _CASES.c.id)
_INSERT_REPORTS = insert(_REPORTS).returning(_REPORTS.c.report_id, _REPORTS.c.id)


def _chunks(items: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


Content = tuple[str, str, str, str, str | None]


def _content(report: IncomingReport) -> Content:
    return (report.reporter_id, report.target_kind, report.target_id, report.reason, report.text)


def _existing(
    tx: Transaction, report_ids: list[str]
) -> tuple[dict[str, Receipt], dict[str, Content]]:
    """Receipts and stored content of the reports already kept."""
    found: dict[str, Receipt] = {}
    contents: dict[str, Content] = {}
    conn = tx.session.connection()
    for chunk in _chunks(report_ids):
        rows = conn.execute(_FIND_REPORTS, {"ids": list(chunk)})
        for rid, row_id, case_id, received_at, reporter, kind, target, reason, text in rows:
            found[rid] = Receipt(rid, row_id, case_id or 0, False, received_at)
            contents[rid] = (reporter, kind, target, reason, text)
    return found, contents


def _counting_reporters(dialect: str) -> Insert:
    """Insert each reporter, or add to its count, and return what decides its weight."""
    statement = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(_REPORTERS)
    return statement.on_conflict_do_update(
        index_elements=[_REPORTERS.c.reporter_id],
        set_={
            "reports_total": _REPORTERS.c.reports_total + statement.excluded.reports_total,
            "updated_at": statement.excluded.updated_at,
        },
    ).returning(
        _REPORTERS.c.reporter_id,
        _REPORTERS.c.weight,
        _REPORTERS.c.upheld,
        _REPORTERS.c.rejected,
        _REPORTERS.c.mass_flagged_at,
    )


_COUNT_REPORTERS = {name: _counting_reporters(name) for name in ("sqlite", "postgresql")}


def _reporter_weights(
    tx: Transaction, fresh: list[IncomingReport], recent: Mapping[str, int]
) -> dict[str, float]:
    """Each reporter's weight, after counting this batch and flagging mass reporters."""
    batch = Counter(r.reporter_id for r in fresh)
    conn = tx.session.connection()
    # One upsert counts known reporters and adds new ones (weight 1, no verdicts yet).
    rows = conn.execute(
        _COUNT_REPORTERS[conn.dialect.name],
        [
            {
                "reporter_id": rid,
                "weight": 1.0,
                "reports_total": n,
                "upheld": 0,
                "rejected": 0,
                "mass_flagged_at": None,
                "updated_at": tx.now,
            }
            for rid, n in sorted(batch.items())
        ],
    ).all()
    weights: dict[str, float] = {}
    flagged = []
    for rid, weight, upheld, rejected, flagged_at in sorted(rows):
        if flagged_at is None and recent.get(rid, 0) > MASS_PER_HOUR:
            weight = reliability_weight(upheld, rejected, mass_flagged=True)
            tx.audit_log(
                ACTOR,
                "reporter.mass_flagged",
                f"more than {MASS_PER_HOUR} reports in an hour: reports kept, weight lowered",
                subject_kind="reporter",
                subject_id=rid,
                payload={"recent": recent[rid], "weight": weight},
            )
            flagged.append({"b_id": rid, "b_w": weight, "b_now": tx.now})
        weights[rid] = weight
    if flagged:
        conn.execute(_FLAG_REPORTERS, flagged)
    return weights


def _assign_cases(tx: Transaction, fresh: list[IncomingReport]) -> dict[tuple[str, str], int]:
    """The open case of each target (opened now if there is none), counts and urgency updated."""
    count: Counter[tuple[str, str]] = Counter(r.target for r in fresh)
    urgent: dict[tuple[str, str], str] = {}
    for report in fresh:
        urgent[report.target] = most_urgent([urgent.get(report.target), report.reason])
    targets = sorted(count)
    conn = tx.session.connection()
    open_cases: dict[tuple[str, str], Any] = {}
    for chunk in _chunks(targets):
        rows = conn.execute(_FIND_OPEN_CASES, {"targets": list(chunk)})
        open_cases.update({(row[0], row[1]): row for row in rows})
    case_ids: dict[tuple[str, str], int] = {}
    updates = []
    for target in targets:
        row = open_cases.get(target)
        if row is None:
            continue
        case_ids[target] = row.id
        reason = most_urgent([row.reason, urgent[target]])
        # A more urgent report moves the case into that reason's band and SLA.
        priority = row.priority
        due = row.sla_due_at
        if reason != row.reason:
            priority = min(priority, base_priority(reason))
            due = min(due, sla_due(reason, tx.now))
        updates.append(
            {
                "b_id": row.id,
                "b_n": count[target],
                "b_reason": reason,
                "b_priority": priority,
                "b_due": due,
            }
        )
    if updates:
        conn.execute(_ADD_TO_CASES, updates)
    new = [t for t in targets if t not in open_cases]
    if new:
        values = [
            {
                "target_kind": t[0],
                "target_id": t[1],
                "reason": urgent[t],
                "priority": base_priority(urgent[t]),
                "status": "open",
                "stage": "review",
                "report_count": count[t],
                "sla_due_at": sla_due(urgent[t], tx.now),
                "opened_at": tx.now,
            }
            for t in new
        ]
        inserted = conn.execute(_OPEN_CASES, values)
        case_ids.update(((kind, target), case_id) for kind, target, case_id in inserted)
    return case_ids


def store_reports(
    tx: Transaction,
    reports: Sequence[IncomingReport],
    *,
    recent: Mapping[str, int] | None = None,
) -> list[Receipt]:
    """Store ``reports`` (with repeats) in ``tx``; one receipt per input, in order."""
    existing, contents = _existing(tx, list(dict.fromkeys(r.report_id for r in reports)))
    fresh: dict[str, IncomingReport] = {}
    for report in reports:
        if report.report_id not in existing:
            fresh.setdefault(report.report_id, report)
    new = list(fresh.values())
    receipts: dict[str, Receipt] = dict(existing)
    if new:
        weights = _reporter_weights(tx, new, recent or {})
        cases = _assign_cases(tx, new)
        values = [
            {
                "report_id": r.report_id,
                "reporter_id": r.reporter_id,
                "target_kind": r.target_kind,
                "target_id": r.target_id,
                "reason": r.reason,
                "text": r.text,
                "created_at": r.created_at,
                "received_at": tx.now,
                "acknowledged_at": tx.now,
                "case_id": cases[r.target],
                "weight": weights[r.reporter_id],
            }
            for r in new
        ]
        stored = tx.session.connection().execute(_INSERT_REPORTS, values)
        for report_id, row_id in stored:
            case_id = cases[fresh[report_id].target]
            receipts[report_id] = Receipt(report_id, row_id, case_id, True, tx.now)
        tx.audit_log(
            ACTOR,
            "report.receive",
            f"{len(new)} report(s) stored and assigned to cases",
            payload={
                "reports": [[v["report_id"], v["case_id"]] for v in values],
            },
        )
    _note_conflicts(tx, reports, contents)
    first: dict[str, Receipt] = {}
    out = []
    for report in reports:
        receipt = receipts[report.report_id]
        if report.report_id in first:
            receipt = Receipt(
                receipt.report_id, receipt.id, receipt.case_id, False, receipt.received_at
            )
        first.setdefault(report.report_id, receipt)
        out.append(receipt)
    return out


def _note_conflicts(
    tx: Transaction, reports: Sequence[IncomingReport], stored: Mapping[str, Content]
) -> None:
    for report in reports:
        kept = stored.get(report.report_id)
        if kept is not None and kept != _content(report):
            tx.audit_log(
                ACTOR,
                "report.conflicting_repeat",
                "a report id arrived again with different content; the first copy is kept",
                subject_kind="report",
                subject_id=report.report_id,
                payload={"stored": list(kept), "incoming": list(_content(report))},
            )


def adopt_orphans(tx: Transaction, *, limit: int = 5000) -> int:
    """Put reports that are in no case (written by another path, e.g. ``Store.receive_report``,
    or by hand) into their target's open case; how many were adopted."""
    columns = (
        ReportRow.id,
        ReportRow.report_id,
        ReportRow.reporter_id,
        ReportRow.target_kind,
        ReportRow.target_id,
        ReportRow.reason,
    )
    rows = tx.session.execute(
        select(*columns).where(ReportRow.case_id.is_(None)).order_by(ReportRow.id).limit(limit)
    ).all()
    if not rows:
        return 0
    orphans = [
        IncomingReport(rid, reporter, kind, target, reason if reason in REASON_BAND else "other")
        for _, rid, reporter, kind, target, reason in rows
    ]
    cases = _assign_cases(tx, orphans)
    tx.session.execute(
        update(_REPORTS)
        .where(_REPORTS.c.id == bindparam("b_id"))
        .values(case_id=bindparam("b_case")),
        [{"b_id": row[0], "b_case": cases[o.target]} for row, o in zip(rows, orphans, strict=True)],
    )
    tx.audit_log(
        ACTOR,
        "report.adopt_orphans",
        f"{len(rows)} report(s) found outside any case were put into cases",
        payload={"reports": [[o.report_id, cases[o.target]] for o in orphans]},
    )
    return len(rows)
