"""Triage worker: re-prioritise cases with new reports, under leases that expire.

A worker leases up to ``limit`` untriaged cases in one transaction and scores
them in a second. If it dies in between, its lease lapses and another worker
(or the same one after a restart) takes the cases again. The effect is
exactly once because it is idempotent (a priority is set, not adjusted) and
conditional: a result is written only while the lease is still the worker's,
and a new report on a case clears the lease (see ``intake``), so a stale
score never overwrites a fresher need for triage.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, or_, select

from netbrake.reports.account_context import ScanResults, target_evidence
from netbrake.reports.intake import adopt_orphans
from netbrake.reports.priority import case_priority
from netbrake.store import CaseRow, ReportRow, Store

LEASE = timedelta(seconds=60)


def lease_untriaged(
    store: Store, worker: str, *, limit: int = 200, lease: timedelta = LEASE
) -> list[int]:
    """Lease untriaged open cases to ``worker``; their ids."""
    with store.write() as tx:
        query = (
            select(CaseRow)
            .where(
                CaseRow.status != "closed",
                CaseRow.triaged_at.is_(None),
                or_(
                    CaseRow.triage_lease_expires_at.is_(None),
                    CaseRow.triage_lease_expires_at <= tx.now,
                ),
            )
            .order_by(CaseRow.priority, CaseRow.id)
            .limit(limit)
        )
        cases = list(tx.session.execute(query).scalars())
        for case in cases:
            case.triage_lease_expires_at = tx.now + lease
        if cases:
            tx.audit_log(
                f"worker:{worker}",
                "case.triage_lease",
                "cases leased for triage",
                payload={"cases": [c.id for c in cases], "lease_s": lease.total_seconds()},
            )
        return [c.id for c in cases]


def score_leased(store: Store, worker: str, case_ids: list[int], results: ScanResults) -> int:
    """Set the triaged priority of leased cases still held; how many were set."""
    if not case_ids:
        return 0
    with store.write() as tx:
        cases = list(
            tx.session.execute(
                select(CaseRow).where(
                    CaseRow.id.in_(case_ids),
                    CaseRow.triaged_at.is_(None),
                    CaseRow.triage_lease_expires_at > tx.now,
                )
            ).scalars()
        )
        weights = dict(
            tx.session.execute(
                select(ReportRow.case_id, func.sum(func.coalesce(ReportRow.weight, 1.0)))
                .where(ReportRow.case_id.in_([c.id for c in cases]))
                .group_by(ReportRow.case_id)
            ).all()
        )
        by_kind: dict[str, list[str]] = {}
        for case in cases:
            by_kind.setdefault(case.target_kind, []).append(case.target_id)
        evidence = {
            kind: target_evidence(tx.session, results, kind, ids) for kind, ids in by_kind.items()
        }
        changes = []
        for case in cases:
            found = evidence[case.target_kind].get(case.target_id)
            new = case_priority(
                case.reason or "other",
                evidence=found,
                reporter_weight=float(weights.get(case.id) or 0.0),
                opened_at=case.opened_at,
                now=tx.now,
            )
            changes.append([case.id, case.priority, new])
            case.priority = new
            case.triaged_at = tx.now
            case.triage_lease_expires_at = None
        if cases:
            tx.audit_log(
                f"worker:{worker}",
                "case.triage",
                "priority from reason, network evidence, reporter weight and age",
                payload={"changes": changes},
            )
        return len(cases)


def triage_once(store: Store, worker: str, results: ScanResults, *, limit: int = 200) -> int:
    """One lease-and-score round; the number of cases triaged."""
    return score_leased(store, worker, lease_untriaged(store, worker, limit=limit), results)


def adopt_stray_reports(store: Store) -> int:
    """Put reports that reached the store outside the pipeline into cases (read first, so an
    idle round writes nothing)."""
    with store.read() as session:
        stray = session.execute(
            select(ReportRow.id).where(ReportRow.case_id.is_(None)).limit(1)
        ).first()
    if stray is None:
        return 0
    with store.write() as tx:
        return adopt_orphans(tx)
