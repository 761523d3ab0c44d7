"""What the guards answer: a decision per item, lists of kept and dropped ids.

Every decision names the rule that decided it (``decided_by``), a reason and
the policy version (docs/architecture.md); shadow rules that matched are
listed in ``shadow`` (recorded, not applied).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from netbrake.guard.actions import GuardAction
from netbrake.guard.settings import HelpResource


@dataclass(frozen=True, slots=True)
class _RuleOutcome:
    """What a rule did (or would do) to one item, and why."""

    id: str
    action: GuardAction
    decided_by: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "action": self.action.value,
            "decided_by": self.decided_by,
            "reason": self.reason,
        }


@dataclass(frozen=True, slots=True)
class ShadowHit(_RuleOutcome):
    """A shadow rule that matched an item: what it would have done."""


@dataclass(frozen=True, slots=True)
class Dropped(_RuleOutcome):
    """An item left out of a list (or moved down, for ``downrank``) and why."""


@dataclass(frozen=True)
class GuardResult:
    """A filtered list: ``kept`` in order (downranked ones last) and the ``dropped`` ones.

    ``degraded`` is true when live state could not be read and the surface
    failed closed (or open, as its policy says).
    """

    kept: list[str]
    dropped: list[Dropped]
    surface: str
    policy_version: str
    state_version: int
    degraded: bool = False
    downranked: list[Dropped] = field(default_factory=list)
    shadow: list[ShadowHit] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kept": list(self.kept),
            "dropped": [d.to_dict() for d in self.dropped],
            "downranked": [d.to_dict() for d in self.downranked],
            "shadow": [s.to_dict() for s in self.shadow],
            "surface": self.surface,
            "policy_version": self.policy_version,
            "state_version": self.state_version,
            "degraded": self.degraded,
        }


@dataclass(frozen=True)
class GuardDecision:
    """The decision on one query or hashtag.

    A ``block`` carries ``help`` resources and never a click-through to
    results (F3): there is no "see results anyway".
    """

    action: GuardAction
    decided_by: str
    reason: str
    policy_version: str
    surface: str
    state_version: int = 0
    degraded: bool = False
    help: tuple[HelpResource, ...] = ()
    shadow: tuple[ShadowHit, ...] = ()
    #: Hashtag decisions only: what the hashtag may be used for.
    hashtag: dict[str, Any] | None = None

    @property
    def show_results(self) -> bool:
        """Whether results may be shown at all (after an interstitial for that action)."""
        return not self.action.removes or self.action is GuardAction.INTERSTITIAL

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "action": self.action.value,
            "decided_by": self.decided_by,
            "reason": self.reason,
            "policy_version": self.policy_version,
            "surface": self.surface,
            "state_version": self.state_version,
            "degraded": self.degraded,
            "show_results": self.show_results,
            "help": [h.model_dump() for h in self.help],
            "shadow": [s.to_dict() for s in self.shadow],
        }
        if self.hashtag is not None:
            out["hashtag"] = self.hashtag
        return out
