"""`write_audit_html`: the audit as one self-contained HTML page (``netbrake audit --html``).

It says what the terminal table and ``audit.json`` say, starting with the
ground truth measured with (source, members, coverage), so a reader of the
page knows whose member set the exposure figures count (F1, F2, F9).
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from netbrake.audit.report import AuditReport

_STYLE = (
    "body{font:14px system-ui,sans-serif;margin:2em}table{border-collapse:collapse}"
    "td,th{border:1px solid #ccc;padding:.2em .5em;text-align:right}"
    "td:nth-child(-n+4),th{text-align:left}.muted{color:#666}"
)


def _pct(rate: dict[str, Any]) -> str:
    if not rate.get("trials"):
        return "-"
    return f"{rate['value']:.1%} [{rate['low']:.1%}-{rate['high']:.1%}]"


def truth_line(truth: dict[str, Any]) -> str:
    """One sentence naming the truth: source, member count, and coverage when sampled."""
    if not truth:
        return "Ground truth: labels table."
    sample = (
        f", a sample covering {truth['coverage']:.1%} of the members" if truth["sampled"] else ""
    )
    return (
        f"Ground truth: {truth['source']} ({truth['members']:,} members{sample}). "
        f"{truth['description']}."
    )


def render_audit_html(report: AuditReport, guard: str) -> str:
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
        rows.append("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in cells) + "</tr>")
    notes = "".join(f'<p class="muted">Note: {escape(n)}</p>' for n in doc["notes"])
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>netbrake audit</title><style>{_STYLE}</style></head><body>"
        "<h1>Recommendation safety audit</h1>"
        f'<p data-testid="truth">{escape(truth_line(doc["truth"]))}</p>'
        f"<p>Dataset {escape(doc['dataset'])}; seed {doc['seed']}; top-{doc['n']}; "
        f"guard: {escape(guard)}.</p>"
        f"<h2>Exposure: share of top-{doc['n']} suggestions that are network members (95% CI)</h2>"
        "<table><thead><tr>"
        + "".join(f"<th>{h}</th>" for h in head)
        + "</tr></thead><tbody>"
        + "".join(rows)
        + f"</tbody></table>{notes}</body></html>\n"
    )


def write_audit_html(report: AuditReport, guard: str, path: Path) -> Path:
    """Write the page to ``path`` (its folder is created)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_audit_html(report, guard), encoding="utf-8")
    return path
