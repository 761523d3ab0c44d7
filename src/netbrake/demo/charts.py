"""Grouped horizontal bar charts laid out for inline SVG (the template draws them).

One group per probe/recommender, one bar per series (before/after the guards),
shares from 0 to 1. The geometry is computed here so the template stays a
plain loop and every label goes through Jinja2's autoescaping.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from netbrake.audit import Rate

#: Series colours: without guards (warm), with guards (cool), a baseline (grey).
UNGUARDED, GUARDED, BASELINE = "#c0392b", "#2471a3", "#95a5a6"
LABEL_WIDTH, PLOT_WIDTH, BAR, GAP, GROUP_GAP, TOP = 250, 500, 14, 3, 12, 48


@dataclass(frozen=True)
class Bar:
    series: int
    y: float
    width: float
    value: float
    text: str


@dataclass(frozen=True)
class Group:
    label: str
    y: float
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class BarChart:
    """A chart ready to draw: size, legend, groups of bars."""

    chart_id: str
    title: str
    series: tuple[tuple[str, str], ...]
    groups: tuple[Group, ...]
    width: int
    height: int
    label_width: int = LABEL_WIDTH
    plot_width: int = PLOT_WIDTH
    bar_height: int = BAR

    @property
    def ticks(self) -> tuple[tuple[float, str], ...]:
        return tuple((self.label_width + self.plot_width * t, f"{t:.0%}") for t in (0, 0.5, 1))


def grouped_chart(
    chart_id: str,
    title: str,
    series: Sequence[tuple[str, str]],
    rows: Sequence[tuple[str, Sequence[Rate]]],
) -> BarChart:
    """``series``: (name, colour) pairs; ``rows``: (group label, one rate per series).
    Bars show each rate's share."""
    groups: list[Group] = []
    y = float(TOP)
    for label, rates in rows:
        bars = []
        for i, rate in enumerate(rates):
            bars.append(
                Bar(
                    series=i,
                    y=y + i * (BAR + GAP),
                    width=round(PLOT_WIDTH * rate.value, 1),
                    value=rate.value,
                    text=f"{rate.value:.1%} ({rate.hits}/{rate.trials})",
                )
            )
        groups.append(Group(label, y, tuple(bars)))
        y += len(rates) * (BAR + GAP) + GROUP_GAP
    return BarChart(
        chart_id=chart_id,
        title=title,
        series=tuple(series),
        groups=tuple(groups),
        width=LABEL_WIDTH + PLOT_WIDTH + 130,
        height=int(y) + 20,
    )
