"""Rendering the demo's self-contained HTML report with the packaged Jinja2 template.

One file: inline CSS, inline SVG charts, no script and no external request.
Autoescaping is on; the only markup passed through unescaped is the
transparency charts, which :func:`netbrake.exchange.metrics.svg_bar_chart`
builds with every label escaped, and the audit's exposure-over-follows
charts, which :func:`netbrake.audit.probe_exposure_charts` builds likewise.
The exposure section names the audit's ground truth as the audit's own page
does (F1, F9).
"""

from __future__ import annotations

from pathlib import Path

import jinja2
from markupsafe import Markup

from netbrake import __version__
from netbrake.audit import interval_note, probe_exposure_charts, truth_line
from netbrake.demo.failures import failure_rows
from netbrake.demo.findings import SHORT, DemoFindings

TEMPLATE = "report.html"
#: Section anchors of the report, in order (tests check each is present).
SECTIONS = (
    "summary",
    "failures",
    "networks",
    "roles",
    "linking",
    "exposure",
    "search",
    "text",
    "hashes",
    "reports",
    "mapping",
    "transparency",
)


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("netbrake.demo", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["pct"] = lambda v: f"{v:.1%}"
    env.filters["num"] = lambda v: f"{v:,}" if isinstance(v, int) else f"{v:.3f}"
    env.filters["short"] = lambda name: SHORT.get(name, name)
    return env


def render_report(findings: DemoFindings) -> str:
    """The whole report as one HTML document."""
    transparency = (
        [Markup(svg) for svg in findings.transparency.svg_charts()]
        if findings.transparency is not None
        else []
    )
    predicted, matrix = findings.role_matrix()
    return (
        _environment()
        .get_template(TEMPLATE)
        .render(
            f=findings,
            version=__version__,
            failures=failure_rows(findings),
            charts=findings.charts(),
            predicted=predicted,
            matrix=matrix,
            transparency_charts=transparency,
            guarded=findings.guarded_exposure(),
            unguarded=findings.unguarded_exposure(),
            truth=truth_line(findings.audit.truth, describe=False),
            intervals=interval_note(findings.audit.truth),
            step_charts=[Markup(svg) for svg in probe_exposure_charts(findings.audit)],
        )
    )


def write_report(findings: DemoFindings, path: Path) -> Path:
    """Write the report to ``path`` (UTF-8) and return it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_report(findings), encoding="utf-8")
    return path
