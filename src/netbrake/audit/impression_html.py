"""``RESULTS/audit.html``: the impression-log audit as one self-contained HTML page.

Jinja2 with autoescaping; the only markup passed through is the exposure
chart, which :func:`exposure_chart` builds with every label escaped. No
script, no external request (F1, F9: the figures a safety team hands on).
"""

from __future__ import annotations

from markupsafe import Markup

from netbrake.audit.impression_chart import exposure_chart
from netbrake.audit.impression_report import ALL, ImpressionAudit
from netbrake.audit.page import render_page

TEMPLATE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>netbrake audit: impressions</title>
<style>body{font-family:sans-serif;margin:2em;max-width:960px}
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}
th:first-child,td:first-child{text-align:left}</style></head><body>
<h1>Impression-log audit</h1>
<section id="impressions">
<p>{{ audit.rows | num }} impressions from {{ audit.source }}; {{ audit.members | num }} members
({{ audit.members_from }}){% if audit.quarantined %}; {{ audit.quarantined | num }} rows quarantined{% endif %}.</p>
<h2>Exposure per surface</h2>
<table><tr><th>surface</th>{% for arm in audit.arms %}<th>share {{ arm }}</th><th>viewers {{ arm }}</th>
<th>newcomers {{ arm }}</th>{% endfor %}</tr>
{% for surface in surfaces %}<tr><td>{{ surface }}</td>{% for arm in audit.arms %}{% set c = audit.cell(arm, surface) %}
<td>{{ c.share | pct }}</td><td>{{ c.viewers_exposed | num }}</td><td>{{ c.newcomers | num }}</td>{% endfor %}</tr>
{% endfor %}</table>
<p>Viewers outside the network shown members on two or more surfaces:
{% for arm in audit.arms %}{{ arm }} {{ audit.multi_surface[arm]['all'] | num }}{% if not loop.last %}, {% endif %}{% endfor %}.</p>
<h2>Exposure over weeks</h2>
{{ chart }}
<h2>Top entry points</h2>
<table><tr><th>member</th><th>guards</th><th>impressions</th><th>viewers</th><th>newcomers</th><th>surfaces</th></tr>
{% for e in audit.entry_points %}<tr><td>{{ e.member }}</td><td>{{ e.arm }}</td><td>{{ e.impressions | num }}</td>
<td>{{ e.viewers | num }}</td><td>{{ e.newcomers | num }}</td><td>{{ e.surfaces | join(', ') }}</td></tr>
{% endfor %}</table>
</section>
<p>netbrake {{ version }}</p>
</body></html>
"""


def render_impressions(audit: ImpressionAudit) -> str:
    """The page for ``audit``."""
    return render_page(
        TEMPLATE,
        audit=audit,
        surfaces=[*audit.surfaces(), ALL],
        chart=Markup(exposure_chart(audit)),
    )
