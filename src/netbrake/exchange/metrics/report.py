"""The transparency report: every figure as JSON, and as charts for the console and HTML."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from netbrake.errors import InputError, Location
from netbrake.exchange.metrics import figures
from netbrake.exchange.metrics.charts import console_bar_chart, svg_bar_chart
from netbrake.exchange.metrics.prevalence import Prevalence, sample_prevalence
from netbrake.exchange.results import Results
from netbrake.platform import Problem

_VIOLATING_ACTIONS = {"remove_account", "remove_content"}


@dataclass(frozen=True)
class ViewLog:
    """One violating flag per readable view, and the rows that could not be judged."""

    violating: list[bool]
    problems: list[Problem] = field(default_factory=list)


def violating_accounts(results: Results) -> set[str]:
    """Accounts whose content a decision removed: views of them count as violating."""
    flagged = {a.account_id for a in results.accounts if a.action in _VIOLATING_ACTIONS}
    for d in results.decisions:
        if d.subject_kind == "account" and set(d.actions) & _VIOLATING_ACTIONS:
            flagged.add(d.subject_id)
    return flagged


def _rows(path: Path) -> list[dict[str, Any] | None]:
    if path.suffix == ".parquet":
        import pyarrow.parquet as pq

        return list(pq.read_table(path).to_pylist())
    rows: list[dict[str, Any] | None] = []
    with path.open(encoding="utf-8", errors="replace") as fh:
        for line in fh:
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except json.JSONDecodeError:
                value = None
            rows.append(value if isinstance(value, dict) else None)
    return rows


def read_view_log(path: Path, results: Results) -> ViewLog:
    """Judge each view: its own ``violating`` flag, else whether the viewed account was actioned."""
    if not path.is_file():
        raise InputError("view log not found", Location(file=path))
    flagged = violating_accounts(results)
    out: list[bool] = []
    problems: list[Problem] = []
    for number, row in enumerate(_rows(path), start=1):
        if row is None:
            problems.append(Problem("views", str(path), number, None, "not a JSON object", "parse"))
        elif isinstance(row.get("violating"), bool):
            out.append(row["violating"])
        elif row.get("account_id") is not None:
            out.append(str(row["account_id"]) in flagged)
        else:
            problems.append(
                Problem(
                    "views",
                    str(path),
                    number,
                    "account_id",
                    "neither violating nor account_id",
                    "missing",
                )
            )
    return ViewLog(out, problems)


@dataclass(frozen=True)
class TransparencyReport:
    """All figures of one period."""

    actions_by_type: dict[str, int]
    actions_by_role: dict[str, dict[str, int]]
    proactive: dict[str, Any]
    time_to_action: dict[str, Any]
    appeals: dict[str, Any]
    prevalence: Prevalence | None
    views_quarantined: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "prevalence": self.prevalence.to_json() if self.prevalence else None,
            "views_quarantined": self.views_quarantined,
            "actions_by_type": self.actions_by_type,
            "actions_by_role": self.actions_by_role,
            "proactive": self.proactive,
            "time_to_action": self.time_to_action,
            "appeals": self.appeals,
        }

    def chart_data(self) -> dict[str, Mapping[str, float]]:
        charts: dict[str, Mapping[str, float]] = {"Actions by type": self.actions_by_type}
        by_role = {role: float(sum(c.values())) for role, c in self.actions_by_role.items()}
        charts["Actions by role"] = by_role
        if self.prevalence is not None:
            p = self.prevalence
            charts["Violating views per 10,000 (estimate, upper bound)"] = {
                "estimate": p.estimate * 10_000,
                "upper bound": p.upper_one_sided * 10_000,
            }
        return charts

    def svg_charts(self) -> list[str]:
        return [svg_bar_chart(title, data) for title, data in self.chart_data().items()]

    def console_charts(self) -> str:
        return "\n\n".join(console_bar_chart(t, d) for t, d in self.chart_data().items())


def build_report(
    results: Results,
    views: ViewLog | None = None,
    appeal_records: Sequence[Mapping[str, Any]] | None = None,
    sample_size: int = 10_000,
    seed: int = 0,
) -> TransparencyReport:
    decisions = results.decisions
    prevalence = None
    if views is not None and views.violating:
        prevalence = sample_prevalence(views.violating, sample_size, seed)
    return TransparencyReport(
        actions_by_type=figures.actions_by_type(decisions),
        actions_by_role=figures.actions_by_role(decisions),
        proactive=figures.proactive(decisions),
        time_to_action=figures.time_to_action(decisions),
        appeals=figures.appeals(decisions, appeal_records),
        prevalence=prevalence,
        views_quarantined=len(views.problems) if views else 0,
    )
