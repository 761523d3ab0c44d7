"""The report pipeline (F7): intake that loses nothing, triage, review.

Reports enter through :class:`ReportWriter` (group commit; acknowledged only
after commit) or :func:`ingest_file`; each lands in exactly one case in the
same transaction. :func:`triage_once` re-prioritises under expiring leases;
:mod:`review <netbrake.reports.review>` and :func:`decide` run the reviewer
workflow with four eyes and quality sampling; :func:`check_consistency`
proves no report left the queue; :func:`backlog` reports the SLA clock.
"""

from netbrake.reports.account_context import ScannedAccount, ScanResults
from netbrake.reports.appeals import AppealResult, file_appeal, resolve_appeal
from netbrake.reports.casefile import case_file
from netbrake.reports.check import CheckResult, Violation, check_consistency
from netbrake.reports.decision import Outcome, decide, needs_four_eyes
from netbrake.reports.drill import ServerProcess
from netbrake.reports.files import FileIntake, ingest_file
from netbrake.reports.intake import adopt_orphans
from netbrake.reports.priority import TargetEvidence, case_priority
from netbrake.reports.records import (
    MAX_ID,
    MAX_TARGET_ID,
    MAX_TEXT,
    CaseSummary,
    IncomingReport,
    Receipt,
)
from netbrake.reports.reporters import Admission, ReporterLimiter
from netbrake.reports.review import ReviewError, can_see, claim, claim_next, release, summary
from netbrake.reports.reviewers import Reviewer, add_reviewer, authenticate, load_reviewer
from netbrake.reports.sla import Backlog, backlog
from netbrake.reports.triage import adopt_stray_reports, triage_once
from netbrake.reports.writer import ReportWriter, WriterStopped

__all__ = [
    "MAX_ID",
    "MAX_TARGET_ID",
    "MAX_TEXT",
    "Admission",
    "AppealResult",
    "Backlog",
    "CaseSummary",
    "CheckResult",
    "FileIntake",
    "IncomingReport",
    "Outcome",
    "Receipt",
    "ReportWriter",
    "ReporterLimiter",
    "ReviewError",
    "Reviewer",
    "ScanResults",
    "ScannedAccount",
    "ServerProcess",
    "TargetEvidence",
    "Violation",
    "WriterStopped",
    "add_reviewer",
    "adopt_orphans",
    "adopt_stray_reports",
    "authenticate",
    "backlog",
    "can_see",
    "case_file",
    "case_priority",
    "check_consistency",
    "claim",
    "claim_next",
    "decide",
    "file_appeal",
    "ingest_file",
    "load_reviewer",
    "needs_four_eyes",
    "release",
    "resolve_appeal",
    "summary",
    "triage_once",
]
