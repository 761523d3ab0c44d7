"""The demo and its self-contained HTML report (issue 7 item 5), and the audit of a scan.

:func:`run_demo` runs synth -> scan -> eval -> audit -> hash matching and
writes ``report.html``; :func:`audit_scan` is what ``netbrake audit`` runs.
"""

from netbrake.report.charts import BarChart, grouped_chart
from netbrake.report.demo_run import DEFAULT_ACCOUNTS, DemoRequest, DemoRun, run_demo
from netbrake.report.evidence import (
    HashFindings,
    IndicatorCategory,
    ReportFindings,
    TextFindings,
    hash_findings,
    report_findings,
    text_findings,
)
from netbrake.report.failures import failure_rows
from netbrake.report.findings import DemoFindings, FailureRow
from netbrake.report.html import SECTIONS, render_report, write_report
from netbrake.report.scan_audit import (
    AUDIT_FILE,
    RECOMMENDERS,
    ScanGuards,
    audit_dataset,
    audit_scan,
    guarded_leaks,
    scan_guards,
    write_audit,
)

__all__ = [
    "AUDIT_FILE",
    "DEFAULT_ACCOUNTS",
    "RECOMMENDERS",
    "SECTIONS",
    "BarChart",
    "DemoFindings",
    "DemoRequest",
    "DemoRun",
    "FailureRow",
    "HashFindings",
    "IndicatorCategory",
    "ReportFindings",
    "ScanGuards",
    "TextFindings",
    "audit_dataset",
    "audit_scan",
    "failure_rows",
    "grouped_chart",
    "guarded_leaks",
    "hash_findings",
    "render_report",
    "report_findings",
    "run_demo",
    "scan_guards",
    "text_findings",
    "write_audit",
    "write_report",
]
