"""Transparency figures from decisions: actions by type and role, proactive rate,
time to action, appeals and reversals.

"Proactive" means found before any user report: the decision's evidence
names no user report. Time to action runs from the first signal (first
report or first detection in the evidence) to the decision. Appeals come from
the operational store later; until then they are an optional list of
``{"decision_id", "outcome": "upheld" | "reversed" | "pending"}`` records.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from netbrake.enforce import Decision
from netbrake.exchange import evidence as ev

_ACTED = {
    "remove_account",
    "remove_content",
    "restrict_discovery",
    "report_clearinghouse",
    "safeguard",
}


def actions_by_type(decisions: Iterable[Decision]) -> dict[str, int]:
    counts = Counter(a for d in decisions for a in d.actions if a != "none")
    return dict(sorted(counts.items()))


def actions_by_role(decisions: Iterable[Decision]) -> dict[str, dict[str, int]]:
    table: dict[str, Counter[str]] = defaultdict(Counter)
    for d in decisions:
        table[d.role or "unknown"].update(a for a in d.actions if a != "none")
    return {role: dict(sorted(c.items())) for role, c in sorted(table.items())}


def proactive(decisions: Iterable[Decision]) -> dict[str, Any]:
    acted = [d for d in decisions if set(d.actions) & _ACTED]
    found_first = sum(1 for d in acted if not ev.report_ids_of(d))
    return {
        "actioned": len(acted),
        "proactive": found_first,
        "rate": found_first / len(acted) if acted else None,
    }


def _quantile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def time_to_action(decisions: Iterable[Decision]) -> dict[str, Any]:
    hours = []
    for d in decisions:
        first = ev.first_signal_at(d)
        if first is not None and set(d.actions) & _ACTED and d.created_at >= first:
            hours.append((d.created_at - first).total_seconds() / 3600)
    if not hours:
        return {"measured": 0, "median_hours": None, "p90_hours": None}
    return {
        "measured": len(hours),
        "median_hours": statistics.median(hours),
        "p90_hours": _quantile(hours, 0.9),
    }


def appeals(
    decisions: Iterable[Decision], records: Iterable[Mapping[str, Any]] | None
) -> dict[str, Any]:
    if records is None:
        return {"available": False}
    known = {d.decision_id for d in decisions}
    outcomes = Counter(
        str(r.get("outcome", "pending")) for r in records if str(r.get("decision_id")) in known
    )
    decided = outcomes["upheld"] + outcomes["reversed"]
    return {
        "available": True,
        "appeals": sum(outcomes.values()),
        "upheld": outcomes["upheld"],
        "reversed": outcomes["reversed"],
        "pending": outcomes["pending"],
        "reversal_rate": outcomes["reversed"] / decided if decided else None,
    }
