"""`AuditReport` and its parts: what the audit measured, before and after the guards.

Every part is a frozen dataclass with ``to_json`` so that ``audit.json`` is a
plain rendering of the report. "Unguarded" is the recommender alone;
"guarded" is the same recommender with the guard on its output (and, when
the guard has one, its interaction filter on its input).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from netbrake.audit.estimate import Estimate
from netbrake.audit.rate import Rate


@dataclass(frozen=True)
class Exposure:
    """Probe ``probe`` at ``step`` on ``surface``: share of suggestions that are members.

    ``*_suggestions`` pools every suggestion shown to the probe accounts;
    ``*_accounts`` is the share of probe accounts shown at least one member.
    With a sampled truth, ``*_estimate`` scales the suggestion share by the
    truth's coverage (the ``*_accounts`` shares are then lower bounds).
    """

    probe: str
    recommender: str
    surface: str
    step: int
    unguarded_suggestions: Rate
    guarded_suggestions: Rate
    unguarded_accounts: Rate
    guarded_accounts: Rate
    unguarded_estimate: Estimate | None = None
    guarded_estimate: Estimate | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "probe": self.probe,
            "recommender": self.recommender,
            "surface": self.surface,
            "step": self.step,
            "unguarded": self.unguarded_suggestions.to_json(),
            "guarded": self.guarded_suggestions.to_json(),
            "unguarded_accounts_exposed": self.unguarded_accounts.to_json(),
            "guarded_accounts_exposed": self.guarded_accounts.to_json(),
        }
        if self.unguarded_estimate is not None and self.guarded_estimate is not None:
            out["unguarded_estimate"] = self.unguarded_estimate.to_json()
            out["guarded_estimate"] = self.guarded_estimate.to_json()
        return out


@dataclass(frozen=True)
class TimeToExposure:
    """Interactions a probe account needs before a member is first suggested.

    ``*_steps`` holds one entry per probe account: the step of first exposure,
    or ``None`` when none came within ``max_steps`` (censored).
    """

    probe: str
    recommender: str
    surface: str
    max_steps: int
    unguarded_steps: tuple[int | None, ...]
    guarded_steps: tuple[int | None, ...]

    @staticmethod
    def reached(steps: tuple[int | None, ...]) -> Rate:
        return Rate(sum(s is not None for s in steps), len(steps))

    @staticmethod
    def median(steps: tuple[int | None, ...]) -> float | None:
        """Median over all probe accounts, censored ones counting as never (None if most are)."""
        never = float("inf")
        ordered = sorted(never if s is None else float(s) for s in steps)
        if not ordered:
            return None
        mid = len(ordered) // 2
        m = ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2
        return None if m == never else m

    def to_json(self) -> dict[str, Any]:
        return {
            "probe": self.probe,
            "recommender": self.recommender,
            "surface": self.surface,
            "max_steps": self.max_steps,
            "unguarded_median": self.median(self.unguarded_steps),
            "guarded_median": self.median(self.guarded_steps),
            "unguarded_reached": self.reached(self.unguarded_steps).to_json(),
            "guarded_reached": self.reached(self.guarded_steps).to_json(),
        }


@dataclass(frozen=True)
class Contamination:
    """Watchdog followers shown the member the watchdog touched (F2).

    ``before_contact`` is the same followers and members before the probe's
    contact, so the effect of the contact itself is visible.
    """

    recommender: str
    watchdogs: int
    before_contact: Rate
    unguarded: Rate
    guarded: Rate

    def to_json(self) -> dict[str, Any]:
        return {
            "recommender": self.recommender,
            "watchdogs": self.watchdogs,
            "before_contact": self.before_contact.to_json(),
            "unguarded": self.unguarded.to_json(),
            "guarded": self.guarded.to_json(),
        }


@dataclass(frozen=True)
class Utility:
    """Recall@N of held-out benign follows, without and with the guard: the cost of safety."""

    recommender: str
    n: int
    users: int
    unguarded: Rate
    guarded: Rate

    @property
    def ratio(self) -> float | None:
        """Guarded recall over unguarded recall (1.0 = safety cost nothing)."""
        return self.guarded.value / self.unguarded.value if self.unguarded.hits else None

    def to_json(self) -> dict[str, Any]:
        return {
            "recommender": self.recommender,
            "n": self.n,
            "users": self.users,
            "unguarded_recall": self.unguarded.to_json(),
            "guarded_recall": self.guarded.to_json(),
            "ratio": None if self.ratio is None else round(self.ratio, 6),
        }


@dataclass(frozen=True)
class TextSurfaceExposure:
    """Search or autocomplete probes with the lexicon's variants (F3, F4).

    ``unguarded``/``guarded``: share of probe queries (search) or typed prefixes
    (autocomplete) that lead to network content; ``leaked``: share of probe
    queries the guard did not block (search) or of harmful completions it kept
    (autocomplete), whatever the index holds.
    """

    surface: str
    probes: int
    unguarded: Rate
    guarded: Rate
    leaked: Rate

    def to_json(self) -> dict[str, Any]:
        return {
            "surface": self.surface,
            "probes": self.probes,
            "unguarded": self.unguarded.to_json(),
            "guarded": self.guarded.to_json(),
            "leaked": self.leaked.to_json(),
        }


@dataclass(frozen=True)
class AuditReport:
    """The whole audit of one dataset: every probe, recommender and metric."""

    dataset: str
    seed: int
    n: int
    settings: dict[str, Any]
    recommenders: tuple[str, ...]
    exposures: tuple[Exposure, ...] = ()
    time_to_exposure: tuple[TimeToExposure, ...] = ()
    contamination: tuple[Contamination, ...] = ()
    utility: tuple[Utility, ...] = ()
    text_surfaces: tuple[TextSurfaceExposure, ...] = ()
    notes: tuple[str, ...] = field(default=())
    #: The ground truth measured with (``AuditTruth.to_json()``: source, members, coverage).
    truth: dict[str, Any] = field(default_factory=dict)

    def exposure(self, probe: str, recommender: str, surface: str, step: int = 1) -> Exposure:
        for e in self.exposures:
            if (e.probe, e.recommender, e.surface, e.step) == (probe, recommender, surface, step):
                return e
        raise KeyError((probe, recommender, surface, step))

    def to_json(self) -> dict[str, Any]:
        return {
            "dataset": self.dataset,
            "seed": self.seed,
            "n": self.n,
            "settings": self.settings,
            "recommenders": list(self.recommenders),
            "exposures": [e.to_json() for e in self.exposures],
            "time_to_exposure": [t.to_json() for t in self.time_to_exposure],
            "contamination": [c.to_json() for c in self.contamination],
            "utility": [u.to_json() for u in self.utility],
            "text_surfaces": [t.to_json() for t in self.text_surfaces],
            "notes": list(self.notes),
            "truth": self.truth,
        }
