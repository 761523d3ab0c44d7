"""How the audit calls a guard, and a recommender seen through one.

A guard is a callable ``(viewer_id, candidate_ids, surface) -> kept ids`` in
the candidates' order. The guard engine answers
``filter_recommendations(viewer, candidates, surface) -> GuardResult(kept,
dropped)``; :func:`guard_from_engine` adapts it. A guard may also refuse to
let some interactions into the recommender's state (contact by watchdog
accounts, F2): that is an :data:`InteractionFilter`.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import Protocol

from netbrake.audit.interaction import SUGGESTED_ACCOUNTS, Interaction
from netbrake.audit.isolation import fresh, isolates
from netbrake.audit.recommender import Recommender

#: ``(viewer_id, candidate_ids, surface) -> kept candidate ids``.
Guard = Callable[[str, list[str], str], list[str]]
#: ``interaction -> whether the recommender may learn from it``.
InteractionFilter = Callable[[Interaction], bool]


def no_guard(viewer_id: str, candidate_ids: list[str], surface: str) -> list[str]:
    """The unguarded baseline: every candidate is kept."""
    return list(candidate_ids)


class GuardResultLike(Protocol):
    """What the guard engine's ``filter_recommendations`` returns (only ``kept`` is read)."""

    @property
    def kept(self) -> Sequence[str]: ...


class GuardEngineLike(Protocol):
    """The part of the guard engine the audit calls."""

    def filter_recommendations(
        self, viewer: str, candidates: list[str], surface: str
    ) -> GuardResultLike: ...


def guard_from_engine(engine: GuardEngineLike) -> Guard:
    """A :data:`Guard` calling the guard engine's ``filter_recommendations``."""

    def guard(viewer_id: str, candidate_ids: list[str], surface: str) -> list[str]:
        return list(engine.filter_recommendations(viewer_id, candidate_ids, surface).kept)

    return guard


@dataclass(frozen=True, eq=False)
class GuardedRecommender:
    """A recommender whose suggestions pass through a guard, as on the serving path.

    The inner recommender is asked for ``n * overfetch`` candidates so that a
    guard which drops some still leaves ``n`` to show; interactions the
    ``admits`` filter refuses never reach the inner recommender's state.
    Probe isolation is the inner recommender's (a reset resets it).
    """

    inner: Recommender
    guard: Guard
    admits: InteractionFilter | None = None
    overfetch: int = 3

    @property
    def name(self) -> str:
        return self.inner.name

    @property
    def isolates_probes(self) -> bool:
        return isolates(self.inner)

    def reset_probes(self) -> None:
        fresh(self.inner)

    def recommend(self, viewer_id: str, n: int, *, surface: str = SUGGESTED_ACCOUNTS) -> list[str]:
        candidates = self.inner.recommend(viewer_id, n * self.overfetch, surface=surface)
        allowed = set(candidates)
        kept = [c for c in self.guard(viewer_id, candidates, surface) if c in allowed]
        return kept[:n]

    def with_interactions(self, interactions: Sequence[Interaction]) -> GuardedRecommender:
        admitted = [x for x in interactions if self.admits is None or self.admits(x)]
        return GuardedRecommender(
            self.inner.with_interactions(admitted), self.guard, self.admits, self.overfetch
        )

    def without_accounts(self, account_ids: Collection[str]) -> GuardedRecommender:
        return GuardedRecommender(
            self.inner.without_accounts(account_ids), self.guard, self.admits, self.overfetch
        )
