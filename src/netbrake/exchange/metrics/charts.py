"""Bar charts without JavaScript: inline SVG for the HTML report, text bars for the console."""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

_BAR = 18
_GAP = 6
_LABEL_WIDTH = 170
_PLOT_WIDTH = 300


def svg_bar_chart(title: str, data: Mapping[str, float]) -> str:
    """A horizontal bar chart as one ``<svg>`` element (labels escaped, values printed)."""
    top = max(data.values(), default=0) or 1
    height = 28 + len(data) * (_BAR + _GAP)
    width = _LABEL_WIDTH + _PLOT_WIDTH + 80
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        f'<text x="0" y="16" font-weight="bold">{escape(title)}</text>',
    ]
    for i, (label, value) in enumerate(data.items()):
        y = 28 + i * (_BAR + _GAP)
        length = _PLOT_WIDTH * value / top
        parts.append(
            f'<text x="{_LABEL_WIDTH - 6}" y="{y + 13}" text-anchor="end">{escape(label)}</text>'
            f'<rect x="{_LABEL_WIDTH}" y="{y}" width="{length:.1f}" height="{_BAR}" fill="#4a6fa5"/>'
            f'<text x="{_LABEL_WIDTH + length + 4:.1f}" y="{y + 13}">{_number(value)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def console_bar_chart(title: str, data: Mapping[str, float], width: int = 40) -> str:
    """The same chart as lines of text bars, for a terminal."""
    top = max(data.values(), default=0) or 1
    label_width = max((len(k) for k in data), default=0)
    lines = [title]
    for label, value in data.items():
        bar = "█" * round(width * value / top)
        lines.append(f"{label.rjust(label_width)} │{bar} {_number(value)}")
    return "\n".join(lines)


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.3g}"
