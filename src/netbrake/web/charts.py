"""Inline SVG bar charts for the metrics page: no script, nothing fetched."""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

WIDTH, BAR, GAP, LABEL = 480, 22, 8, 110


def bar_chart(title: str, values: Mapping[str, int], *, color: str = "#3b6ea8") -> str:
    """A horizontal bar chart of ``values`` as an SVG element string (escaped labels)."""
    top = max(values.values(), default=0) or 1
    height = len(values) * (BAR + GAP) + 30
    parts = [
        f'<svg class="chart" role="img" aria-label="{escape(title)}" width="{WIDTH}" '
        f'height="{height}" viewBox="0 0 {WIDTH} {height}" xmlns="http://www.w3.org/2000/svg">',
        f'<text x="0" y="14" font-weight="bold">{escape(title)}</text>',
    ]
    for i, (label, value) in enumerate(values.items()):
        y = 24 + i * (BAR + GAP)
        width = round((WIDTH - LABEL - 60) * value / top)
        parts.append(f'<text x="0" y="{y + 16}">{escape(label)}</text>')
        parts.append(
            f'<rect class="bar" x="{LABEL}" y="{y}" width="{width}" height="{BAR}" fill="{color}">'
            f"<title>{escape(label)}: {value}</title></rect>"
        )
        parts.append(f'<text x="{LABEL + width + 6}" y="{y + 16}">{value}</text>')
    parts.append("</svg>")
    return "".join(parts)
