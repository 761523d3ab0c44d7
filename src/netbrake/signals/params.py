"""`SignalParams`: how text hits become per-account evidence (the policy's ``[signals]``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

from netbrake.errors import InputError
from netbrake.policy import Policy

#: Wording that marks advocates, researchers and reviewers (docs/failures.md: watchdogs
#: must never be treated as members). Matched on the casefolded bio.
PROTECTIVE_TERMS = (
    "child safety",
    "child protection",
    "protecting kids",
    "protect children",
    "advocate against",
    "anti-exploitation",
    "reporting abuse",
    "report abuse",
    "trust & safety",
    "trust and safety",
    "researcher",
    "survivor advocate",
)


@dataclass(frozen=True)
class SignalParams:
    """Weights and thresholds for turning text hits into evidence in [0, 1].

    ``severity_weight`` maps a hit's severity to its weight in a noisy-or
    (1 - prod(1 - w)) over distinct lexicon entries; hits marked not
    ``standalone`` (emoji codes, "faceless") count at ``weak_factor`` of their
    weight and only beside another signal. A stated age under 18 adds
    ``minor_age_weight`` only beside a seller signal: teenagers state their
    age innocently, so an age alone is never evidence. ``watchdog_reports``
    child-safety reports filed make reporting behaviour count as watchdog
    evidence; posts naming ``aggregator_mentions`` distinct accounts with
    hashtags make ``aggregator_weight`` of aggregator evidence; ``seed_min`` is the seller evidence that makes an account a seed.
    """

    critical: float = 0.95
    high: float = 0.7
    medium: float = 0.45
    low: float = 0.2
    weak_factor: float = 0.5
    minor_age_weight: float = 0.5
    payment_weight: float = 0.15
    menu_weight: float = 0.35
    obfuscated_link_weight: float = 0.4
    post_factor: float = 1.0
    protective_weight: float = 0.7
    watchdog_reports: int = 3
    watchdog_report_weight: float = 0.5
    backup_named_weight: float = 0.8
    aggregator_mentions: int = 5
    aggregator_weight: float = 0.7
    seed_min: float = 0.8
    protective_terms: tuple[str, ...] = PROTECTIVE_TERMS

    def severity_weight(self, severity: str) -> float:
        return float(getattr(self, severity, self.low))

    @classmethod
    def from_mapping(
        cls, values: Mapping[str, Any], source: str = "policy [signals]"
    ) -> SignalParams:
        known = {f.name: f for f in fields(cls)}
        kwargs: dict[str, Any] = {}
        for key, value in values.items():
            if key not in known:
                raise InputError(f"{source}: unknown setting '{key}'")
            if key == "protective_terms":
                if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                    raise InputError(f"{source}: 'protective_terms' must be a list of strings")
                kwargs[key] = tuple(v.casefold() for v in value)
            elif isinstance(value, bool) or not isinstance(value, int | float):
                raise InputError(f"{source}: '{key}' must be a number")
            else:
                kwargs[key] = type(getattr(cls(), key))(value)
        return cls(**kwargs)

    @classmethod
    def from_policy(cls, policy: Policy) -> SignalParams:
        return cls.from_mapping(policy.section("signals"))
