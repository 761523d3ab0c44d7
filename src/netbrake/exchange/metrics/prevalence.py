"""Prevalence of violating views, estimated from a random sample of a view log.

Why Clopper-Pearson: transparency reports claim rates like "under 1 in 10,000
views" (docs/failures.md), i.e. a binomial proportion near zero with few hits. The
exact (Clopper-Pearson) interval is built from the binomial distribution
itself and its coverage is at least the nominal level for every true rate;
the Wilson interval is shorter but its coverage oscillates and dips below
nominal exactly at small n*p, which is the regime that matters here.

Two figures are kept apart on purpose. ``lower``/``upper`` is always the
two-sided exact interval. ``upper_one_sided`` is the exact one-sided bound
(``1 - alpha**(1/n)``, about 3/n, the "rule of three", when there are no
hits): the figure behind a claim like "under 1 in 10,000". Swapping the
one-sided bound into the two-sided interval only when there are no hits looks
natural but breaks coverage: simulated at rate 1e-4 with n = 30,000 it
covered 93.5%, because the zero-hit bound (3/n) sits right on the true rate.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from scipy import stats


@dataclass(frozen=True)
class Prevalence:
    """A prevalence estimate: ``hits`` violating views among ``sample_size`` sampled views."""

    sample_size: int
    hits: int
    estimate: float
    lower: float
    upper: float
    confidence: float
    upper_one_sided: float
    method: str
    population: int | None = None

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["estimate_per_10000"] = self.estimate * 10_000
        out["upper_per_10000"] = self.upper_one_sided * 10_000
        return out


def clopper_pearson(hits: int, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """The exact two-sided interval for a binomial proportion."""
    if n <= 0 or not 0 <= hits <= n:
        raise ValueError("need 0 <= hits <= n and n > 0")
    alpha = 1.0 - confidence
    lower = 0.0 if hits == 0 else float(stats.beta.ppf(alpha / 2, hits, n - hits + 1))
    upper = 1.0 if hits == n else float(stats.beta.ppf(1 - alpha / 2, hits + 1, n - hits))
    return lower, upper


def zero_hit_upper_bound(n: int, confidence: float = 0.95) -> float:
    """Exact one-sided upper bound when no sampled view violated: ``1 - alpha**(1/n)``."""
    if n <= 0:
        raise ValueError("need n > 0")
    return float(1.0 - (1.0 - confidence) ** (1.0 / n))


def one_sided_upper(hits: int, n: int, confidence: float = 0.95) -> float:
    """Exact one-sided upper bound: the rate that is exceeded with probability ``1 - confidence``."""
    if hits == 0:
        return zero_hit_upper_bound(n, confidence)
    if hits == n:
        return 1.0
    return float(stats.beta.ppf(confidence, hits + 1, n - hits))


def estimate(
    hits: int, n: int, confidence: float = 0.95, population: int | None = None
) -> Prevalence:
    """Point estimate, exact two-sided interval and exact one-sided upper bound."""
    lower, upper = clopper_pearson(hits, n, confidence)
    method = "clopper-pearson"
    if hits == 0:
        method += " (no hits: one-sided bound 1 - alpha^(1/n))"
    bound = one_sided_upper(hits, n, confidence)
    return Prevalence(n, hits, hits / n, lower, upper, confidence, bound, method, population)


def sample_prevalence(
    violating: Sequence[bool],
    sample_size: int,
    seed: int = 0,
    confidence: float = 0.95,
) -> Prevalence:
    """Sample views uniformly without replacement and estimate the violating share.

    ``violating`` has one flag per logged view. Sampling without replacement
    from a finite log makes the binomial interval slightly conservative.
    """
    population = len(violating)
    if population == 0:
        raise ValueError("the view log is empty")
    size = min(sample_size, population)
    rng = np.random.default_rng(seed)
    flags = np.asarray(violating, dtype=bool)
    chosen = rng.choice(population, size=size, replace=False)
    return estimate(int(flags[chosen].sum()), size, confidence, population)
