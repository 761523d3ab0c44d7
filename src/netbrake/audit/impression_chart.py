"""The impression audit's exposure chart: member share per surface and ISO week, before and after.

Drawn by :func:`netbrake.audit.line_chart.line_chart` (docs/data-contract.md,
"impressions"; F1, F9).
"""

from __future__ import annotations

from netbrake.audit.impression_report import ImpressionAudit
from netbrake.audit.line_chart import LineChart, Series, line_chart


def exposure_chart(audit: ImpressionAudit) -> str:
    """The chart as one ``<svg>`` element string."""
    weeks = audit.weeks()
    shares = {(c.arm, c.surface, c.week): c.share for c in audit.cells}
    series = [
        Series(
            surface,
            {arm: [shares.get((arm, surface, w), 0.0) for w in weeks] for arm in audit.arms},
        )
        for surface in audit.surfaces()
    ]
    return line_chart(
        LineChart(
            title="Share of impressions that showed network members, per surface and ISO week",
            ticks=weeks,
            caption="ISO week",
            arms=audit.arms,
            series=series,
        )
    )
