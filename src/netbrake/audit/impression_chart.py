"""Inline SVG line chart of member exposure per surface over ISO weeks, before and after guards.

No script and nothing fetched: the HTML audit report stays one
self-contained file (docs/data-contract.md, "impressions"). One ``<g class="series">`` per
surface; the ``after`` arm is drawn dashed beside the solid ``before``.
Every label is escaped.
"""

from __future__ import annotations

from html import escape

from netbrake.audit.impression_report import AFTER, BEFORE, ImpressionAudit

WIDTH, HEIGHT, LEFT, TOP, BOTTOM, LEGEND = 720, 300, 56, 24, 40, 190
PALETTE = (
    "#3b6ea8", "#c0504d", "#4e9a06", "#8064a2", "#d98c1f", "#1f8a8a", "#7f7f7f", "#a8325e",
)  # fmt: skip


def exposure_chart(audit: ImpressionAudit) -> str:
    """The chart as one ``<svg>`` element string."""
    weeks, surfaces = audit.weeks(), audit.surfaces()
    plot_w, plot_h = WIDTH - LEFT - LEGEND, HEIGHT - TOP - BOTTOM
    shares = {(c.arm, c.surface, c.week): c.share for c in audit.cells}
    top = max(
        (shares.get((a, s, w), 0.0) for a in audit.arms for s in surfaces for w in weeks),
        default=0.0,
    )
    top = top or 1.0

    def x(i: int) -> float:
        return LEFT + (plot_w * i / (len(weeks) - 1) if len(weeks) > 1 else plot_w / 2)

    def y(v: float) -> float:
        return TOP + plot_h * (1 - v / top)

    title = "Share of impressions that showed network members, per surface and ISO week"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="exposure-chart" width="{WIDTH}" '
        f'height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{LEFT + plot_w}" y2="{TOP + plot_h}" stroke="#555"/>',
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{TOP + plot_h}" stroke="#555"/>',
        f'<text x="{LEFT - 6}" y="{TOP + 4}" text-anchor="end" font-size="11">{top:.1%}</text>',
        f'<text x="{LEFT - 6}" y="{TOP + plot_h}" text-anchor="end" font-size="11">0%</text>',
    ]
    if weeks:
        parts.append(f'<text x="{LEFT}" y="{HEIGHT - 18}" font-size="11">{escape(weeks[0])}</text>')
        parts.append(
            f'<text x="{LEFT + plot_w}" y="{HEIGHT - 18}" text-anchor="end" font-size="11">'
            f"{escape(weeks[-1])}</text>"
        )
    for n, surface in enumerate(surfaces):
        color = PALETTE[n % len(PALETTE)]
        parts.append(f'<g class="series" data-surface="{escape(surface)}">')
        for arm in audit.arms:
            points = " ".join(
                f"{x(i):.1f},{y(shares.get((arm, surface, w), 0.0)):.1f}"
                for i, w in enumerate(weeks)
            )
            dash = ' stroke-dasharray="5,3"' if arm == AFTER else ""
            parts.append(
                f'<polyline class="arm-{arm}" fill="none" stroke="{color}" stroke-width="1.5"{dash} '
                f'points="{points}"><title>{escape(surface)} ({arm} guards)</title></polyline>'
            )
        ly = TOP + 14 * n
        parts.append(
            f'<line x1="{WIDTH - LEGEND + 12}" y1="{ly}" x2="{WIDTH - LEGEND + 30}" y2="{ly}" '
            f'stroke="{color}" stroke-width="2"/><text x="{WIDTH - LEGEND + 34}" y="{ly + 4}" '
            f'font-size="11">{escape(surface)}</text></g>'
        )
    if AFTER in audit.arms:
        ly = TOP + 14 * len(surfaces) + 8
        parts.append(
            f'<text x="{WIDTH - LEGEND + 12}" y="{ly}" font-size="11">solid: {BEFORE} guards; '
            f"dashed: {AFTER}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
