"""`Rate`: a sampled proportion with its Wilson score interval.

Probes sample accounts, so every rate the audit reports is an estimate; the
Wilson interval (Wilson 1927; recommended by Brown, Cai & DasGupta 2001 over
the normal approximation) stays inside [0, 1] and is honest at 0 hits, which
is the guarded case that matters most.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

#: z for a two-sided 95% interval.
Z95 = 1.959963984540054


def wilson(hits: int, trials: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval for ``hits`` successes in ``trials``; (0, 1) when nothing was tried."""
    if trials <= 0:
        return (0.0, 1.0)
    p = hits / trials
    denom = 1 + z * z / trials
    centre = (p + z * z / (2 * trials)) / denom
    half = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / denom
    return (max(0.0, centre - half), min(1.0, centre + half))


@dataclass(frozen=True)
class Rate:
    """``hits`` out of ``trials``; ``value`` is the share and ``low``/``high`` its 95% interval."""

    hits: int
    trials: int

    def __post_init__(self) -> None:
        if not 0 <= self.hits <= max(self.trials, 0):
            raise ValueError(f"hits {self.hits} not within 0..{self.trials}")

    @property
    def value(self) -> float:
        return self.hits / self.trials if self.trials else 0.0

    @property
    def interval(self) -> tuple[float, float]:
        return wilson(self.hits, self.trials)

    def __add__(self, other: Rate) -> Rate:
        return Rate(self.hits + other.hits, self.trials + other.trials)

    def to_json(self) -> dict[str, float | int]:
        low, high = self.interval
        return {
            "hits": self.hits,
            "trials": self.trials,
            "value": round(self.value, 6),
            "low": round(low, 6),
            "high": round(high, 6),
        }
