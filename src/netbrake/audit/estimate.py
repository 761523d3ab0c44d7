"""`Estimate`: an exposure share measured against a *sample* of the members.

When the audit's truth holds only part of the members (reviewer decisions
cover a subset; ``--truth-sample N``), a suggested member is counted only if
it is in the sample, so the observed share undercounts by the coverage ``f``.
Taking the sample as a random draw (each member in with probability ``f``),
the Horvitz-Thompson estimate of the suggested members is ``hits / f``.

Two draws make it uncertain, and the interval holds both (F1, F2, F9 figures
on a platform without labels; docs/audit.md "Rates"):

* the probe accounts: each is one sampling unit whose ``n`` suggestions are
  correlated, so their variance is the cluster-robust variance of the ratio
  over the probes' estimated hits ``h_i / f``, at least the binomial one:
  Kish's design effect ``deff`` (:mod:`netbrake.audit.clusters`);
* the member sample: variance ``(1 - f) / f^2 * sum(c_m^2) / trials^2`` over
  the sampled members ``m`` suggested ``c_m`` times (a member shown often
  moves the count by all its showings, to every probe at once).

The estimated hits ``h_i / f`` also carry the member sample's noise within
each probe, ``(1 - f) / f^2 * h_i`` (a list names an account once; a repeat
makes the real noise larger, which errs on the wide side); it is taken off
the probes' variance, as the member sample's variance counts it already.

The interval is the Wilson interval at the probes' effective sample size
``trials / deff`` (Korn & Graubard 1998), which stays inside [0, 1] and keeps
Wilson's shape near the ends, widened on each side by ``z`` member-sample
standard errors. Adding the two half-widths rather than the variances errs on
the wide side (by at most a factor of sqrt 2, when they are equal).

``hits / f`` is unbiased only when the probes do not depend on the sample:
the probe design reads the truth's frame, never its sample
(:class:`~netbrake.audit.truth.AuditTruth`; docs/audit.md "Sampled truth").
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from netbrake.audit.clusters import design_effect
from netbrake.audit.rate import Z95, wilson_share


@dataclass(frozen=True)
class Estimate:
    """Estimated share of suggestions that are members, its 95% interval, and the coverage.

    ``units`` is the number of probe accounts the suggestions came from and
    ``design_effect`` their clustering (both 0 and 1 when the suggestions
    were taken as independent).
    """

    value: float
    low: float
    high: float
    coverage: float
    sampled_hits: int
    trials: int
    units: int = 0
    design_effect: float = 1.0

    @classmethod
    def of(
        cls,
        member_hits: Sequence[int],
        trials: int,
        coverage: float,
        units: Sequence[tuple[int, int]] = (),
    ) -> Estimate:
        """From how often each sampled member was suggested, in ``trials`` suggestions.

        ``units`` is ``(sampled hits, suggestions)`` per probe account; without
        them the suggestions are taken as independent trials.
        """
        hits = sum(member_hits)
        if trials <= 0:
            return cls(0.0, 0.0, 1.0, coverage, hits, trials, len(units))
        f = coverage
        value = min(1.0, hits / f / trials)
        noise = (1.0 - f) / (f * f) * sum(h for h, _ in units) / (trials * trials)
        deff = design_effect([(h / f, n) for h, n in units], noise) if units else 1.0
        low, high = wilson_share(value, trials / deff)
        members = (1.0 - f) / (f * f) * sum(c * c for c in member_hits) / (trials * trials)
        spread = Z95 * math.sqrt(members)
        return cls(
            value,
            max(0.0, low - spread),
            min(1.0, high + spread),
            coverage,
            hits,
            trials,
            len(units),
            deff,
        )

    def covers(self, share: float) -> bool:
        return self.low <= share <= self.high

    def to_json(self) -> dict[str, float | int]:
        out: dict[str, float | int] = {
            "value": round(self.value, 6),
            "low": round(self.low, 6),
            "high": round(self.high, 6),
            "coverage": round(self.coverage, 6),
            "sampled_hits": self.sampled_hits,
            "trials": self.trials,
        }
        if self.units:
            out["units"] = self.units
            out["design_effect"] = round(self.design_effect, 6)
        return out
