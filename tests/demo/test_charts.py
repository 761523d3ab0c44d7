"""`grouped_chart`: bar geometry for the inline SVG charts."""

from __future__ import annotations

import itertools

import pytest

from netbrake.audit import Rate
from netbrake.demo import grouped_chart
from netbrake.demo.charts import BAR, GAP, GROUP_GAP, PLOT_WIDTH, TOP

SERIES = (("without guards", "#c00"), ("with guards", "#00c"))


@pytest.mark.parametrize(
    ("rate", "width"),
    [
        (Rate(0, 10), 0.0),
        (Rate(5, 10), PLOT_WIDTH / 2),
        (Rate(10, 10), PLOT_WIDTH),
        (Rate(0, 0), 0.0),
    ],
)
def test_bar_width_is_the_share_of_the_plot(rate: Rate, width: float) -> None:
    chart = grouped_chart("c", "t", SERIES[:1], [("g", (rate,))])
    assert chart.groups[0].bars[0].width == pytest.approx(width)


def test_groups_stack_without_overlap_and_fit_the_chart() -> None:
    rows = [(f"g{i}", (Rate(i, 4), Rate(0, 4))) for i in range(4)]
    chart = grouped_chart("c", "t", SERIES, rows)
    ys = [b.y for g in chart.groups for b in g.bars]
    assert ys == sorted(ys)
    assert all(b - a >= BAR for a, b in itertools.pairwise(ys))
    assert ys[0] == TOP
    assert chart.height > ys[-1] + BAR
    assert chart.groups[1].y - chart.groups[0].y == 2 * (BAR + GAP) + GROUP_GAP


def test_bar_text_shows_share_and_counts() -> None:
    chart = grouped_chart("c", "t", SERIES, [("g", (Rate(337, 400), Rate(0, 343)))])
    assert [b.text for b in chart.groups[0].bars] == ["84.2% (337/400)", "0.0% (0/343)"]
    assert [b.series for b in chart.groups[0].bars] == [0, 1]
