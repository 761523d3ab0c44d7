"""`write_audit_html`: the audit as one self-contained HTML page (``netbrake audit --html``).

It says what the terminal table and ``audit.json`` say, starting with the
ground truth measured with (source, members, coverage, what the intervals
mean), so a reader of the page knows whose member set the exposure figures
count, then charts member exposure per surface over the follow probe's
steps, before and after the guards (F1, F2, F9). Jinja2 autoescapes every
value; the only markup passed through is the charts, which
:func:`netbrake.audit.line_chart.line_chart` builds with every label escaped.
No script, no external request.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from markupsafe import Markup

from netbrake.audit.page import render_page
from netbrake.audit.probe_chart import probe_exposure_charts
from netbrake.audit.report import AuditReport
from netbrake.audit.truth_line import interval_note, truth_line

TEMPLATE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>netbrake audit</title>
<style>body{font:14px system-ui,sans-serif;margin:2em}table{border-collapse:collapse}
td,th{border:1px solid #ccc;padding:.2em .5em;text-align:right}
td:nth-child(-n+4),th{text-align:left}.muted{color:#666}</style></head><body>
<h1>Recommendation safety audit</h1>
<p data-testid="truth">{{ truth }} {{ intervals }}</p>
<p>Dataset {{ doc.dataset }}; seed {{ doc.seed }}; top-{{ doc.n }}; guard: {{ guard }}.</p>
<h2>Exposure: share of top-{{ doc.n }} suggestions that are network members (95% CI)</h2>
<table><thead><tr>{% for h in head %}<th>{{ h }}</th>{% endfor %}</tr></thead><tbody>
{% for row in rows %}<tr>{% for c in row %}<td>{{ c }}</td>{% endfor %}</tr>
{% endfor %}</tbody></table>
<h2>Exposure over the follows</h2>
{% for chart in charts %}{{ chart }}
{% else %}<p class="muted">No probe read suggestions over more than one follow.</p>
{% endfor %}{% if charts and doc.truth.sampled %}<p class="muted">The charts show the observed share of
sampled members, a lower bound; the table's estimates scale it by the truth's coverage.</p>
{% endif %}
{% for n in doc.notes %}<p class="muted">Note: {{ n }}</p>
{% endfor %}<p class="muted">netbrake {{ version }}</p>
</body></html>
"""


def _pct(rate: dict[str, Any]) -> str:
    if not rate.get("trials"):
        return "-"
    return f"{rate['value']:.1%} [{rate['low']:.1%}-{rate['high']:.1%}]"


def render_audit_html(report: AuditReport, guard: str) -> str:
    """The page for ``report``; ``guard`` describes the guards of the guarded arm."""
    doc = report.to_json()
    sampled = bool(doc["truth"].get("sampled"))
    head = ["probe", "recommender", "surface", "k", "unguarded", "guarded"]
    head += ["estimated unguarded", "estimated guarded"] if sampled else []
    rows = []
    for e in doc["exposures"]:
        cells = [e["probe"], e["recommender"], e["surface"], str(e["step"])]
        cells += [_pct(e["unguarded"]), _pct(e["guarded"])]
        if sampled:
            cells += [_pct(e["unguarded_estimate"]), _pct(e["guarded_estimate"])]
        rows.append(cells)
    return render_page(
        TEMPLATE,
        doc=doc,
        guard=guard,
        head=head,
        rows=rows,
        truth=truth_line(report.truth),
        intervals=interval_note(report.truth),
        charts=[Markup(svg) for svg in probe_exposure_charts(report)],
    )


def write_audit_html(report: AuditReport, guard: str, path: Path) -> Path:
    """Write the page to ``path`` (its folder is created)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_audit_html(report, guard), encoding="utf-8")
    return path
