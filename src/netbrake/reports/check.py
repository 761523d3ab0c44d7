"""The no-loss consistency check: no report can silently leave the queue.

Every report must be in exactly one case (``reports.case_id`` is one column,
so "at most one" holds by construction; this checks "at least one"), and every
closed case must carry a final review. Each rule is one SQL query, so the
check reads the database as it is, not as the application thinks it is.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.orm import Session

#: name -> (what is wrong, SQL listing offending ids)
RULES: dict[str, tuple[str, str]] = {
    "report_without_case": (
        "report is in no case",
        "SELECT report_id FROM reports WHERE case_id IS NULL ORDER BY id",
    ),
    "report_in_missing_case": (
        "report points at a case that does not exist",
        "SELECT r.report_id FROM reports r LEFT JOIN cases c ON c.id = r.case_id "
        "WHERE r.case_id IS NOT NULL AND c.id IS NULL ORDER BY r.id",
    ),
    "closed_case_without_decision": (
        "case is closed without a final review",
        "SELECT CAST(c.id AS VARCHAR(32)) FROM cases c WHERE c.status = 'closed' AND NOT EXISTS "
        "(SELECT 1 FROM case_reviews v WHERE v.case_id = c.id "
        "AND v.verdict IN ('violation', 'no_violation')) ORDER BY c.id",
    ),
    "case_count_mismatch": (
        "case's report count differs from its reports",
        "SELECT CAST(c.id AS VARCHAR(32)) FROM cases c WHERE c.report_count <> "
        "(SELECT COUNT(*) FROM reports r WHERE r.case_id = c.id) ORDER BY c.id",
    ),
    "open_case_without_reports": (
        "open case holds no report",
        "SELECT CAST(c.id AS VARCHAR(32)) FROM cases c WHERE c.status <> 'closed' AND NOT EXISTS "
        "(SELECT 1 FROM reports r WHERE r.case_id = c.id) ORDER BY c.id",
    ),
}


@dataclass(frozen=True)
class Violation:
    rule: str
    problem: str
    ids: tuple[str, ...]


@dataclass(frozen=True)
class CheckResult:
    reports: int
    open_cases: int
    closed_cases: int
    violations: tuple[Violation, ...]

    @property
    def ok(self) -> bool:
        return not self.violations


def check_consistency(session: Session, *, limit: int = 100) -> CheckResult:
    """Run every rule; each violation lists up to ``limit`` offending ids."""
    violations = []
    for rule, (problem, sql) in RULES.items():
        ids = tuple(str(v) for v in session.execute(text(sql)).scalars().fetchmany(limit))
        if ids:
            violations.append(Violation(rule, problem, ids))
    counts = session.execute(
        text(
            "SELECT (SELECT COUNT(*) FROM reports), "
            "(SELECT COUNT(*) FROM cases WHERE status <> 'closed'), "
            "(SELECT COUNT(*) FROM cases WHERE status = 'closed')"
        )
    ).one()
    return CheckResult(int(counts[0]), int(counts[1]), int(counts[2]), tuple(violations))
