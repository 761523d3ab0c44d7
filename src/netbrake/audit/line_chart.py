"""Inline SVG line chart of member exposure per surface over an ordered axis, before and after guards.

The impression audit draws it over ISO weeks, the probe audit over the
follows a probe account made (F1, F9). No script and nothing fetched: an HTML
audit report stays one self-contained file. One ``<g class="series">`` per
surface; each arm is one ``<polyline class="arm-...">``, the ``after`` arm
dashed beside the solid ``before``. Every label is escaped.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from html import escape

from netbrake.audit.impression_report import AFTER, BEFORE

WIDTH, HEIGHT, LEFT, TOP, BOTTOM, LEGEND = 720, 300, 56, 24, 40, 190
PALETTE = (
    "#3b6ea8", "#c0504d", "#4e9a06", "#8064a2", "#d98c1f", "#1f8a8a", "#7f7f7f", "#a8325e",
)  # fmt: skip
#: Up to this many ticks every one is labelled; beyond it only the first and the last.
ALL_TICKS = 8


@dataclass(frozen=True)
class Series:
    """One surface: for each arm, its share at every tick.

    ``notes`` optionally says what each point stands for (hits of trials):
    the chart then marks the points, each with its note as a tooltip.
    """

    name: str
    shares: Mapping[str, Sequence[float]]
    notes: Mapping[str, Sequence[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class LineChart:
    """What to draw: ``ticks`` label the x axis in order, ``caption`` says what it counts."""

    title: str
    ticks: Sequence[str]
    caption: str
    arms: Sequence[str]
    series: Sequence[Series]


def line_chart(chart: LineChart) -> str:
    """The chart as one ``<svg>`` element string."""
    ticks, arms = chart.ticks, chart.arms
    plot_w, plot_h = WIDTH - LEFT - LEGEND, HEIGHT - TOP - BOTTOM
    top = max((v for s in chart.series for a in arms for v in s.shares.get(a, ())), default=0.0)
    top = top or 1.0

    def x(i: int) -> float:
        return LEFT + (plot_w * i / (len(ticks) - 1) if len(ticks) > 1 else plot_w / 2)

    def y(v: float) -> float:
        return TOP + plot_h * (1 - v / top)

    title = escape(chart.title)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="exposure-chart" width="{WIDTH}" '
        f'height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" aria-label="{title}">',
        f"<title>{title}</title>",
        f'<text class="chart-title" x="{LEFT}" y="14" font-size="12" font-weight="600">{title}</text>',
        f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{LEFT + plot_w}" y2="{TOP + plot_h}" stroke="#555"/>',
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{TOP + plot_h}" stroke="#555"/>',
        f'<text x="{LEFT - 6}" y="{TOP + 4}" text-anchor="end" font-size="11">{top:.1%}</text>',
        f'<text x="{LEFT - 6}" y="{TOP + plot_h}" text-anchor="end" font-size="11">0%</text>',
        *_tick_labels(ticks, x),
        f'<text x="{LEFT + plot_w / 2:.1f}" y="{HEIGHT - 4}" text-anchor="middle" font-size="11">'
        f"{escape(chart.caption)}</text>",
    ]
    for n, series in enumerate(chart.series):
        color = PALETTE[n % len(PALETTE)]
        name = escape(series.name)
        parts.append(f'<g class="series" data-surface="{name}">')
        for arm in arms:
            shares = series.shares.get(arm, ())
            if len(shares) != len(ticks):
                raise ValueError(
                    f"{series.name} {arm}: {len(shares)} shares for {len(ticks)} ticks"
                )
            points = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(shares))
            dash = ' stroke-dasharray="5,3"' if arm == AFTER else ""
            parts.append(
                f'<polyline class="arm-{escape(arm)}" fill="none" stroke="{color}" '
                f'stroke-width="1.5"{dash} points="{points}"><title>{name} ({escape(arm)} guards)'
                "</title></polyline>"
            )
            for i, note in enumerate(series.notes.get(arm, ())):
                parts.append(
                    f'<circle class="point-{escape(arm)}" cx="{x(i):.1f}" cy="{y(shares[i]):.1f}" '
                    f'r="2.5" fill="{color}"><title>{escape(note)}</title></circle>'
                )
        ly = TOP + 14 * n
        parts.append(
            f'<line x1="{WIDTH - LEGEND + 12}" y1="{ly}" x2="{WIDTH - LEGEND + 30}" y2="{ly}" '
            f'stroke="{color}" stroke-width="2"/><text x="{WIDTH - LEGEND + 34}" y="{ly + 4}" '
            f'font-size="11">{name}</text></g>'
        )
    if AFTER in arms:
        ly = TOP + 14 * len(chart.series) + 8
        parts.append(
            f'<text x="{WIDTH - LEGEND + 12}" y="{ly}" font-size="11">solid: {BEFORE} guards</text>'
            f'<text x="{WIDTH - LEGEND + 12}" y="{ly + 14}" font-size="11">dashed: {AFTER} guards'
            "</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _tick_labels(ticks: Sequence[str], x: Callable[[int], float]) -> list[str]:
    """Every tick's label when there are few, else the first and the last."""
    base = HEIGHT - 18
    if len(ticks) <= ALL_TICKS:
        return [
            f'<text x="{x(i):.1f}" y="{base}" text-anchor="middle" font-size="11">{escape(t)}</text>'
            for i, t in enumerate(ticks)
        ]
    return [
        f'<text x="{LEFT}" y="{base}" font-size="11">{escape(ticks[0])}</text>',
        f'<text x="{WIDTH - LEGEND}" y="{base}" text-anchor="end" font-size="11">'
        f"{escape(ticks[-1])}</text>",
    ]
