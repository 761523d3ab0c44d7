"""Case priority and SLA: child safety first, then evidence, reliability, age.

Lower numbers are more urgent. The reason sets the band (child safety is always
ahead of every other reason, because F7's reports of nudity involving children
waited months); network membership and the scan's risk score move a case up
within its band; many reports from reliable reporters move it up a little, mass
reporters (weight ~0.1) hardly at all; a case past its SLA moves up further.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

#: Band per reason: a band is 1000 wide, so no adjustment crosses into another reason's.
REASON_BAND = {"child_safety": 0, "nudity": 1000, "harassment": 2000, "other": 3000, "spam": 4000}
#: How long a case of each reason may wait for its first decision.
SLA = {
    "child_safety": timedelta(hours=1),
    "nudity": timedelta(hours=4),
    "harassment": timedelta(hours=24),
    "other": timedelta(hours=72),
    "spam": timedelta(hours=72),
}
REASON_ORDER = tuple(sorted(REASON_BAND, key=REASON_BAND.__getitem__))


def most_urgent(reasons: list[str | None]) -> str:
    """The reason among ``reasons`` whose band comes first."""
    known = [r for r in reasons if r in REASON_BAND]
    return min(known, key=REASON_BAND.__getitem__) if known else "other"


@dataclass(frozen=True)
class TargetEvidence:
    """What the scan and the store know about a report's target account."""

    network_id: str | None = None
    risk_score: float | None = None
    role: str | None = None
    person_id: str | None = None

    @property
    def in_network(self) -> bool:
        return self.network_id is not None


def base_priority(reason: str) -> int:
    """Priority at intake, before triage has looked at evidence."""
    return REASON_BAND.get(reason, REASON_BAND["other"]) + 500


def case_priority(
    reason: str,
    *,
    evidence: TargetEvidence | None,
    reporter_weight: float,
    opened_at: datetime,
    now: datetime,
) -> int:
    """The triaged priority; stays within the reason's band [band, band + 999]."""
    score = 500
    if evidence is not None:
        if evidence.in_network:
            score -= 200
        if evidence.risk_score is not None:
            score -= round(200 * min(max(evidence.risk_score, 0.0), 1.0))
    score -= round(min(reporter_weight, 5.0) * 20)  # at most 100
    overdue = (now - opened_at) / SLA.get(reason, SLA["other"])
    score -= round(min(max(overdue, 0.0), 2.0) * 50)  # at most 100
    return REASON_BAND.get(reason, REASON_BAND["other"]) + min(max(score, 0), 999)


def sla_due(reason: str, opened_at: datetime) -> datetime:
    return opened_at + SLA.get(reason, SLA["other"])
