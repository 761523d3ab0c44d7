"""`DemoFindings`: everything the HTML report shows, and the F1-F10 answers drawn from it.

Built from one run's outputs: the scan summary, its evaluation against the
labels, the audit, and the evidence of :mod:`netbrake.demo.measures`.
A failure whose figure this run did not measure says so and why.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from netbrake.audit import FEED, SUGGESTED_ACCOUNTS, AuditReport, Exposure, Rate
from netbrake.demo.charts import BASELINE, GUARDED, UNGUARDED, BarChart, grouped_chart
from netbrake.demo.measures import HashFindings, ReportFindings, TextFindings
from netbrake.exchange import TransparencyReport
from netbrake.platform import ROLES

#: Short names of the reference recommenders, as the CLI spells them.
SHORT = {"PeopleYouMayKnow": "PYMK", "ItemCooccurrence": "ItemCF"}


@dataclass(frozen=True)
class FailureRow:
    """One row of "failure -> what netbrake measured here"; ``measured`` False: not measured."""

    code: str
    failure: str
    answer: str
    figure: str
    section: str
    measured: bool = True


@dataclass(frozen=True)
class DemoFindings:
    """One demo run's figures; ``evaluation`` is ``netbrake eval``'s JSON document."""

    accounts: int
    seed: int
    scan: Mapping[str, Any]
    evaluation: Mapping[str, Any]
    audit: AuditReport
    guard: str
    hashes: HashFindings | None
    text: TextFindings
    reports: ReportFindings | None
    transparency: TransparencyReport | None
    console_url: str | None = None

    @property
    def follow_steps(self) -> int:
        return int(self.audit.settings.get("max_follows", 5))

    def role_matrix(self) -> tuple[tuple[str, ...], list[tuple[str, list[int]]]]:
        """(predicted roles, [(true role, counts per predicted role)]) in the contract's order."""
        confusion: Mapping[str, Mapping[str, int]] = self.evaluation["confusion"]
        seen = {p for row in confusion.values() for p in row}
        predicted = tuple(r for r in ROLES if r in seen) + tuple(sorted(seen - set(ROLES)))
        rows = [(t, [confusion[t].get(p, 0) for p in predicted]) for t in ROLES if t in confusion]
        return predicted, rows

    def exposure_rows(self, prefix: str = "") -> list[tuple[str, Exposure]]:
        """(label, exposure) for view-one-member and the last follow step on both surfaces."""
        out = []
        for rec in self.audit.recommenders:
            name = SHORT.get(rec, rec)
            for probe, surface, step, what in (
                ("view_one_member", SUGGESTED_ACCOUNTS, 1, "viewed 1 member · suggested"),
                (
                    "follow_members",
                    SUGGESTED_ACCOUNTS,
                    self.follow_steps,
                    "followed {k} · suggested",
                ),
                ("follow_members", FEED, self.follow_steps, "followed {k} · feed"),
            ):
                try:
                    e = self.audit.exposure(prefix + probe, rec, surface, step)
                except KeyError:
                    continue
                out.append((f"{name} · {what.format(k=step)}", e))
        return out

    def charts(self) -> list[BarChart]:
        series = (("without guards", UNGUARDED), ("with guards", GUARDED))
        charts = []
        rows = self.exposure_rows()
        if rows:
            charts.append(
                grouped_chart(
                    "chart-exposure",
                    f"F1 · share of top-{self.audit.n} suggestions that are network members",
                    series,
                    [
                        (label, (e.unguarded_suggestions, e.guarded_suggestions))
                        for label, e in rows
                    ],
                )
            )
        rows = self.exposure_rows("after_takedown/")
        if rows:
            removed = self.audit.settings.get("takedown_removed", 0)
            charts.append(
                grouped_chart(
                    "chart-takedown",
                    f"F9 · the same after {removed:,} members were taken down",
                    series,
                    [
                        (label, (e.unguarded_suggestions, e.guarded_suggestions))
                        for label, e in rows
                    ],
                )
            )
        if self.audit.contamination:
            charts.append(
                grouped_chart(
                    "chart-contamination",
                    "F2 · watchdog followers shown the member the watchdog touched",
                    (
                        ("before the contact", BASELINE),
                        ("after contact, no guard", UNGUARDED),
                        ("after contact, guarded", GUARDED),
                    ),
                    [
                        (
                            SHORT.get(c.recommender, c.recommender),
                            (c.before_contact, c.unguarded, c.guarded),
                        )
                        for c in self.audit.contamination
                    ],
                )
            )
        if self.audit.text_surfaces:
            charts.append(
                grouped_chart(
                    "chart-text",
                    "F3, F4 · probe queries / typed prefixes that lead to network content",
                    series,
                    [(t.surface, (t.unguarded, t.guarded)) for t in self.audit.text_surfaces],
                )
            )
        return charts

    def guarded_exposure(self) -> Rate:
        """Every guarded suggestion the probes saw, pooled: the headline "after guards" figure."""
        total = Rate(0, 0)
        for e in self.audit.exposures:
            total = total + e.guarded_suggestions
        return total

    def unguarded_exposure(self) -> Rate:
        total = Rate(0, 0)
        for e in self.audit.exposures:
            total = total + e.unguarded_suggestions
        return total
