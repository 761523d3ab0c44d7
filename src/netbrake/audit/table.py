"""`audit_table`, `impressions_audit_table`: the audits as rich tables, for the terminal (``netbrake audit``)."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table

from netbrake.audit.estimate import Estimate
from netbrake.audit.impression_report import ALL, BEFORE, ImpressionAudit
from netbrake.audit.rate import Rate
from netbrake.audit.report import AuditReport
from netbrake.audit.truth_line import interval_note, truth_line


def _pct(rate: Rate) -> str:
    low, high = rate.interval
    return f"{rate.value:.1%} [{low:.1%}-{high:.1%}]" if rate.trials else "-"


def _est(estimate: Estimate | None) -> str:
    if estimate is None or not estimate.trials:
        return "-"
    return f"{estimate.value:.1%} [{estimate.low:.1%}-{estimate.high:.1%}]"


def _table(title: str, *columns: str) -> Table:
    table = Table(title=title, title_justify="left")
    for i, c in enumerate(columns):
        table.add_column(c, justify="left" if i < 3 else "right")
    return table


def audit_table(report: AuditReport) -> Group:
    """Ground truth, exposure, time to first exposure, contamination, utility and text surfaces.

    With a sampled truth the exposure table adds the coverage-scaled estimates.
    """
    sampled = any(e.unguarded_estimate is not None for e in report.exposures)
    extra = ("estimated u", "estimated g") if sampled else ()
    exposure = _table(
        f"Exposure: share of top-{report.n} suggestions that are network members (95% CI)",
        "probe", "recommender", "surface", "k", "unguarded", "guarded", *extra,
        "probes exposed u/g",
    )  # fmt: skip
    for e in report.exposures:
        estimates = (_est(e.unguarded_estimate), _est(e.guarded_estimate)) if sampled else ()
        exposure.add_row(
            e.probe, e.recommender, e.surface, str(e.step),
            _pct(e.unguarded_suggestions), _pct(e.guarded_suggestions), *estimates,
            f"{e.unguarded_accounts.hits}/{e.unguarded_accounts.trials} "
            f"· {e.guarded_accounts.hits}/{e.guarded_accounts.trials}",
        )  # fmt: skip
    ttfe = _table(
        "Time to first exposure (follows until a member is suggested)",
        "probe", "recommender", "surface", "median u", "median g", "reached u", "reached g",
    )  # fmt: skip
    for t in report.time_to_exposure:
        mu, mg = t.median(t.unguarded_steps), t.median(t.guarded_steps)
        ttfe.add_row(
            t.probe, t.recommender, t.surface,
            "never" if mu is None else f"{mu:g}", "never" if mg is None else f"{mg:g}",
            _pct(t.reached(t.unguarded_steps)), _pct(t.reached(t.guarded_steps)),
        )  # fmt: skip
    other = _table("Contamination, utility and text surfaces", "metric", "recommender", "detail",
                   "before", "unguarded", "guarded")  # fmt: skip
    for c in report.contamination:
        other.add_row("contamination", c.recommender, f"{c.watchdogs} watchdogs",
                      _pct(c.before_contact), _pct(c.unguarded), _pct(c.guarded))  # fmt: skip
    for u in report.utility:
        ratio = "-" if u.ratio is None else f"ratio {u.ratio:.3f}"
        other.add_row(f"recall@{u.n}", u.recommender, f"{u.users} users, {ratio}", "",
                      _pct(u.unguarded), _pct(u.guarded))  # fmt: skip
    for s in report.text_surfaces:
        other.add_row(s.surface, "-", f"{s.probes} probes, leaked {_pct(s.leaked)}", "",
                      _pct(s.unguarded), _pct(s.guarded))  # fmt: skip
    parts: list[Table | str] = [truth_line(report.truth), interval_note(report.truth)]
    parts += [exposure, ttfe, other]
    parts += [f"note: {n}" for n in report.notes]
    return Group(*parts)


def impressions_audit_table(audit: ImpressionAudit) -> Group:
    """Per surface (and all surfaces): member share, viewers shown members, newcomers led in."""
    arms = audit.arms
    columns = ["surface", "impressions"]
    for arm in arms:
        columns += [f"share {arm}", f"viewers {arm}", f"newcomers {arm}"]
    table = _table(
        f"Impressions: exposure to {audit.members:,} members ({audit.members_from})", *columns
    )
    for surface in [*audit.surfaces(), ALL]:
        row = [surface, f"{audit.cell(BEFORE, surface).impressions:,}"]
        for arm in arms:
            c = audit.cell(arm, surface)
            row += [f"{c.share:.2%}", f"{c.viewers_exposed:,}", f"{c.newcomers:,}"]
        table.add_row(*row)
    entry = _table("Top entry points (members shown most outside the network)",
                   "member", "guards", "surfaces", "impressions", "viewers", "newcomers")  # fmt: skip
    for e in audit.entry_points:
        entry.add_row(e.member, e.arm, ", ".join(e.surfaces), f"{e.impressions:,}",
                      f"{e.viewers:,}", f"{e.newcomers:,}")  # fmt: skip
    multi = "; ".join(f"{arm} {audit.multi_surface[arm][ALL]:,}" for arm in arms)
    return Group(table, f"viewers shown members on two or more surfaces: {multi}", entry)
