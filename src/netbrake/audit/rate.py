"""`Rate`: a sampled proportion with its Wilson score interval, cluster-robust when it has units.

Probes sample accounts, so every rate the audit reports is an estimate; the
Wilson interval (Wilson 1927; recommended by Brown, Cai & DasGupta 2001 over
the normal approximation) stays inside [0, 1] and is honest at 0 hits, which
is the guarded case that matters most. A probe account yields many
correlated trials (its ``n`` suggestions), so a rate that knows its sampling
units takes the Wilson interval at the effective sample size over the units
(:mod:`netbrake.audit.clusters`; F1, F9; docs/audit.md "Rates").
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from netbrake.audit.clusters import design_effect

#: z for a two-sided 95% interval.
Z95 = 1.959963984540054


def wilson_share(share: float, size: float, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval for a ``share`` of ``size`` trials (an effective size may be
    fractional); (0, 1) when nothing was tried."""
    if size <= 0:
        return (0.0, 1.0)
    p = min(1.0, max(0.0, share))
    denom = 1 + z * z / size
    centre = (p + z * z / (2 * size)) / denom
    half = z * math.sqrt(p * (1 - p) / size + z * z / (4 * size * size)) / denom
    return (max(0.0, centre - half), min(1.0, centre + half))


def wilson(hits: int, trials: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval for ``hits`` successes in ``trials``; (0, 1) when nothing was tried."""
    if trials <= 0:
        return (0.0, 1.0)
    return wilson_share(hits / trials, trials, z)


@dataclass(frozen=True)
class Rate:
    """``hits`` out of ``trials``; ``value`` is the share and ``low``/``high`` its 95% interval.

    ``units`` holds ``(unit, hits, trials)`` per sampling unit (a probe
    account, a watchdog case, a benign user), sorted by unit; empty when the
    trials are independent draws. With units the interval is cluster-robust.
    """

    hits: int
    trials: int
    units: tuple[tuple[str, int, int], ...] = field(default=())

    def __post_init__(self) -> None:
        if not 0 <= self.hits <= max(self.trials, 0):
            raise ValueError(f"hits {self.hits} not within 0..{self.trials}")
        if self.units:
            for unit, h, n in self.units:
                if not 0 <= h <= n:
                    raise ValueError(f"unit {unit}: hits {h} not within 0..{n}")
            if (sum(u[1] for u in self.units), sum(u[2] for u in self.units)) != (
                self.hits,
                self.trials,
            ):
                raise ValueError("units do not add up to the rate's hits and trials")

    @classmethod
    def of_units(cls, units: Iterable[tuple[str, int, int]]) -> Rate:
        """Pooled over sampling units; the trials of a unit named twice add up."""
        merged: dict[str, tuple[int, int]] = {}
        for unit, h, n in units:
            before = merged.get(unit, (0, 0))
            merged[unit] = (before[0] + h, before[1] + n)
        rows = tuple(sorted((u, h, n) for u, (h, n) in merged.items()))
        return cls(sum(r[1] for r in rows), sum(r[2] for r in rows), rows)

    @property
    def value(self) -> float:
        return self.hits / self.trials if self.trials else 0.0

    @property
    def design_effect(self) -> float:
        """How much the clustering inflates the variance over independent trials (1 without units)."""
        return design_effect([(h, n) for _, h, n in self.units]) if self.units else 1.0

    @property
    def interval(self) -> tuple[float, float]:
        if not self.units:
            return wilson(self.hits, self.trials)
        return wilson_share(self.value, self.trials / self.design_effect)

    def __add__(self, other: Rate) -> Rate:
        """Pooled; units of the same name add up, and independent trials drop the units."""
        if all(r.units or not r.trials for r in (self, other)):
            return Rate.of_units((*self.units, *other.units))
        return Rate(self.hits + other.hits, self.trials + other.trials)

    def to_json(self) -> dict[str, float | int]:
        low, high = self.interval
        out: dict[str, float | int] = {
            "hits": self.hits,
            "trials": self.trials,
            "value": round(self.value, 6),
            "low": round(low, 6),
            "high": round(high, 6),
        }
        if self.units:
            out["units"] = len(self.units)
            out["design_effect"] = round(self.design_effect, 6)
        return out
