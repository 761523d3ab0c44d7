"""Probe isolation: every probe account starts from the same recommender state (F1, F2, F9).

A reference recommender branches: ``with_interactions`` returns a new
recommender and leaves the one given as it was, so each probe account, the
contamination baseline and the takedown start from the platform as exported,
without any earlier probe's interactions. A platform's recommender changes in
place (:class:`InPlaceRecommender`): one probe's interactions would change
what the next probe is shown (item-item similarities, neighbour sets), so the
audit asks it to reset before each of those starts (:func:`fresh`): forget
every interaction recorded since the last reset and the probe accounts that
made them, keep takedowns (docs/audit.md "Probe isolation"). A platform
without the reset hook cannot be isolated; the report then says so
(:func:`isolation_note`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol, TypeVar, runtime_checkable

from netbrake.audit.interaction import PROBE_PREFIX, Interaction
from netbrake.audit.recommender import Recommender

R = TypeVar("R", bound=Recommender)

#: Why a report's figures of an in-place recommender without a reset may differ.
NOT_ISOLATED = (
    "{name} changes in place and has no reset hook: each probe account saw the earlier probes' "
    'interactions, so its figures may differ from an isolated run (docs/audit.md "Probe '
    'isolation"; over HTTP give --reset-url)'
)


@runtime_checkable
class InPlaceRecommender(Protocol):
    """A recommender whose state the probes change in place (a platform's own).

    ``isolates_probes`` says whether ``reset_probes`` takes it back to the
    state before the probes' interactions; without a reset hook it is a
    no-op and probes share state.
    """

    @property
    def isolates_probes(self) -> bool: ...

    def reset_probes(self) -> None: ...


@dataclass(eq=False)
class ProbeLog:
    """What an in-place recommender recorded since its last reset, and the hook to undo it.

    ``reset`` receives the probe accounts that acted since the last reset
    (sorted); it must forget every interaction recorded since then, those
    accounts' and any other (a watchdog's contact), and keep takedowns.
    """

    reset: Callable[[list[str]], None] | None = None
    accounts: set[str] = field(default_factory=set)
    dirty: bool = False

    def record(self, interactions: Sequence[Interaction]) -> None:
        """Note interactions just recorded, and the probe accounts that made them."""
        if interactions:
            self.dirty = True
            self.accounts.update(x.src for x in interactions if x.src.startswith(PROBE_PREFIX))

    def undo(self) -> list[str]:
        """Call ``reset`` if anything was recorded; returns the probe accounts it forgot."""
        if self.reset is None or not self.dirty:
            return []
        gone = sorted(self.accounts)
        self.reset(gone)
        self.accounts.clear()
        self.dirty = False
        return gone


def fresh(recommender: R) -> R:
    """``recommender`` without earlier probes' interactions: where each probe account starts."""
    if isinstance(recommender, InPlaceRecommender):
        recommender.reset_probes()
    return recommender


def isolates(recommender: Recommender) -> bool:
    """Whether every probe account starts from the same state (branching, or a reset hook)."""
    return not isinstance(recommender, InPlaceRecommender) or recommender.isolates_probes


def isolation_note(recommender: Recommender) -> str | None:
    """The report's note when probes of ``recommender`` share state, else None."""
    return None if isolates(recommender) else NOT_ISOLATED.format(name=recommender.name)
