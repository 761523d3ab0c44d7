"""`Estimate`: an exposure share measured against a *sample* of the members.

When the audit's truth holds only part of the members (reviewer decisions
cover a subset; ``--truth-sample N``), a suggested member is counted only if
it is in the sample, so the observed share undercounts by the coverage ``f``.
Taking the sample as a random draw (each member in with probability ``f``),
the Horvitz-Thompson estimate of the suggested members is ``hits / f``, with
variance ``(1 - f) / f^2 * sum(c_m^2)`` over the sampled members ``m``
suggested ``c_m`` times (a member shown often moves the count by all its
showings at once). The interval is the Wilson interval of the estimated count
(probe sampling, docs/audit.md "Rates") widened on each side by ``z`` times
the sample's standard error; it stays inside [0, 1] (F1, F2, F9 figures on a
platform without labels).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from netbrake.audit.rate import Z95, wilson


@dataclass(frozen=True)
class Estimate:
    """Estimated share of suggestions that are members, its 95% interval, and the coverage."""

    value: float
    low: float
    high: float
    coverage: float
    sampled_hits: int
    trials: int

    @classmethod
    def of(cls, member_hits: Sequence[int], trials: int, coverage: float) -> Estimate:
        """From how often each sampled member was suggested, in ``trials`` suggestions."""
        hits = sum(member_hits)
        if trials <= 0:
            return cls(0.0, 0.0, 1.0, coverage, hits, trials)
        f = coverage
        count = hits / f
        value = min(1.0, count / trials)
        low, high = wilson(min(trials, round(count)), trials)
        spread = Z95 * math.sqrt((1.0 - f) / (f * f) * sum(c * c for c in member_hits)) / trials
        return cls(value, max(0.0, low - spread), min(1.0, high + spread), coverage, hits, trials)

    def covers(self, share: float) -> bool:
        return self.low <= share <= self.high

    def to_json(self) -> dict[str, float | int]:
        return {
            "value": round(self.value, 6),
            "low": round(self.low, 6),
            "high": round(self.high, 6),
            "coverage": round(self.coverage, 6),
            "sampled_hits": self.sampled_hits,
            "trials": self.trials,
        }
