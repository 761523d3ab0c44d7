"""The probe audit's exposure charts: member share per surface over the follows a probe made.

The probe audit's time axis is the follow probe's step: a fresh account
follows members one by one and its suggestions are read after each follow
(``Exposure.step``, k = 1..``max_follows``; F1, and after a takedown F9).
One chart per such probe and recommender, one series per surface, the
unguarded arm as ``before`` and the guarded as ``after`` the guards. Probes
read once (view one member) have no time axis and stay in the table.
"""

from __future__ import annotations

from collections import defaultdict

from netbrake.audit.impression_report import AFTER, BEFORE
from netbrake.audit.line_chart import LineChart, Series, line_chart
from netbrake.audit.rate import Rate
from netbrake.audit.report import AuditReport, Exposure


def _note(surface: str, step: int, arm: str, rate: Rate) -> str:
    follows = "follow" if step == 1 else "follows"
    return (
        f"{surface}, {step} {follows}, {arm} guards: {rate.value:.1%} ({rate.hits}/{rate.trials})"
    )


def probe_exposure_charts(report: AuditReport) -> list[str]:
    """One ``<svg>`` per probe with more than one step and recommender, in the report's order."""
    grouped: dict[tuple[str, str], dict[str, dict[int, Exposure]]] = defaultdict(dict)
    for e in report.exposures:
        grouped[(e.probe, e.recommender)].setdefault(e.surface, {})[e.step] = e
    charts = []
    for (probe, recommender), surfaces in grouped.items():
        steps = sorted({k for by_step in surfaces.values() for k in by_step})
        if len(steps) < 2:
            continue
        series = []
        for surface, by_step in surfaces.items():
            rates = {
                BEFORE: [by_step[k].unguarded_suggestions for k in steps],
                AFTER: [by_step[k].guarded_suggestions for k in steps],
            }
            series.append(
                Series(
                    surface,
                    {arm: [r.value for r in rs] for arm, rs in rates.items()},
                    {
                        arm: [_note(surface, k, arm, r) for k, r in zip(steps, rs, strict=True)]
                        for arm, rs in rates.items()
                    },
                )
            )
        chart = LineChart(
            title=f"{probe} on {recommender}: share of top-{report.n} suggestions that are members",
            ticks=[str(k) for k in steps],
            caption="members followed by the probe account",
            arms=(BEFORE, AFTER),
            series=series,
        )
        charts.append(line_chart(chart))
    return charts
