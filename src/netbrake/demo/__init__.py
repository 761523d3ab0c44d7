"""The demo and its self-contained HTML report (F1-F10 measured end to end).

:func:`run_demo` runs synth -> scan -> eval -> audit -> hash matching and
writes ``report.html``.
"""

from netbrake.demo.charts import BarChart, grouped_chart
from netbrake.demo.demo_run import DEFAULT_ACCOUNTS, DemoRequest, DemoRun, run_demo
from netbrake.demo.failures import failure_rows
from netbrake.demo.findings import DemoFindings, FailureRow
from netbrake.demo.html import SECTIONS, render_report, write_report
from netbrake.demo.measures import (
    HashFindings,
    IndicatorCategory,
    ReportFindings,
    TextFindings,
    hash_findings,
    report_findings,
    text_findings,
)

__all__ = [
    "DEFAULT_ACCOUNTS",
    "SECTIONS",
    "BarChart",
    "DemoFindings",
    "DemoRequest",
    "DemoRun",
    "FailureRow",
    "HashFindings",
    "IndicatorCategory",
    "ReportFindings",
    "TextFindings",
    "failure_rows",
    "grouped_chart",
    "hash_findings",
    "render_report",
    "report_findings",
    "run_demo",
    "text_findings",
    "write_report",
]
