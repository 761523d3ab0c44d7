"""Clustered trials: the probe account, not the suggestion, is the sampling unit.

The audit samples probe accounts (a target member to view, a path to
follow, a watchdog, a benign user); each one yields several trials at once
(its ``n`` suggestions, its followers, its hidden follows), and those trials
are strongly correlated: a probe that views a member of a dense network is
shown mostly members, another is shown none (F1, F9). Treating the pooled
trials as independent understates the variance by the *design effect*
(Kish 1965).

A pooled share ``p = sum(h_i) / sum(n_i)`` over independent units ``i`` is a
ratio estimator; its cluster-robust (linearisation) variance is

    v = m / (m - 1) * sum((h_i - p * n_i) ** 2) / (sum(n_i)) ** 2

over the ``m`` units (Cochran 1977, 6.2; the sandwich estimator with the unit
as the cluster). The design effect is ``v`` over the binomial variance
``p (1 - p) / sum(n_i)``; the Wilson interval is then taken at the effective
sample size ``sum(n_i) / deff`` (Korn & Graubard 1998), which keeps Wilson's
behaviour near 0 and 1 that the guarded figures need. docs/audit.md "Rates".
"""

from __future__ import annotations

from collections.abc import Sequence

#: One sampling unit: its hits (an estimate may be fractional) and its trials.
Unit = tuple[float, int]


def ratio_variance(units: Sequence[Unit]) -> float | None:
    """Cluster-robust variance of ``sum(h) / sum(n)``; ``None`` under two units or no trials."""
    trials = sum(n for _, n in units)
    if len(units) < 2 or trials <= 0:
        return None
    share = sum(h for h, _ in units) / trials
    m = len(units)
    return m / (m - 1) * sum((h - share * n) ** 2 for h, n in units) / (trials * trials)


def design_effect(units: Sequence[Unit], noise: float = 0.0) -> float:
    """The clustered variance over the binomial one, at least 1.

    ``noise`` is variance of the pooled share that the units' hits carry but
    that is not theirs (an estimate's own sampling error, counted apart) and
    is taken off first. The design effect is 1 (independent trials) when it
    cannot be estimated: under two units, or a pooled share of 0 or 1, where
    no unit differs from another. Units less alike than independent trials
    (deff below 1) get 1 too, so clustering never narrows an interval.
    """
    trials = sum(n for _, n in units)
    variance = ratio_variance(units)
    if variance is None:
        return 1.0
    share = sum(h for h, _ in units) / trials
    if not 0.0 < share < 1.0:
        return 1.0
    return max(1.0, (variance - noise) / (share * (1.0 - share) / trials))
