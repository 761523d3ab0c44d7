"""`CallableRecommender`: a platform's own recommender, called in-process.

The platform passes its suggestion function and, so that probes can act,
functions that record interactions and apply takedowns in its test
environment. The platform's state changes in place, so the methods return
the same object. ``reset``, when given, is the test environment's reset hook:
called with the probe accounts that acted since the last reset, it forgets
every interaction recorded since then and keeps takedowns, so that each probe
account starts from the same state (docs/audit.md "Probe isolation"; F1).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field

from netbrake.audit.interaction import SUGGESTED_ACCOUNTS, Interaction
from netbrake.audit.isolation import ProbeLog
from netbrake.errors import InputError

#: ``(viewer_id, n, surface) -> suggested account ids``.
SuggestFn = Callable[[str, int, str], list[str]]


@dataclass(frozen=True, eq=False)
class CallableRecommender:
    """Wraps ``suggest``; ``observe`` records probe interactions, ``take_down`` removals,
    ``reset`` forgets the interactions recorded since the last reset."""

    suggest: SuggestFn
    name: str = "platform"
    observe: Callable[[Sequence[Interaction]], None] | None = None
    take_down: Callable[[Collection[str]], None] | None = None
    reset: Callable[[list[str]], None] | None = None
    _log: ProbeLog = field(default_factory=ProbeLog, init=False, repr=False)

    def __post_init__(self) -> None:
        self._log.reset = self.reset

    def recommend(self, viewer_id: str, n: int, *, surface: str = SUGGESTED_ACCOUNTS) -> list[str]:
        return list(self.suggest(viewer_id, n, surface))[:n]

    def with_interactions(self, interactions: Sequence[Interaction]) -> CallableRecommender:
        if interactions:
            if self.observe is None:
                raise InputError(f"recommender {self.name!r} cannot record probe interactions")
            self.observe(list(interactions))
            self._log.record(interactions)
        return self

    def without_accounts(self, account_ids: Collection[str]) -> CallableRecommender:
        if account_ids:
            if self.take_down is None:
                raise InputError(f"recommender {self.name!r} cannot apply a takedown")
            self.take_down(list(account_ids))
        return self

    @property
    def isolates_probes(self) -> bool:
        return self.reset is not None

    def reset_probes(self) -> None:
        self._log.undo()
