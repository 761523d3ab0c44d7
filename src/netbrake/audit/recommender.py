"""The contract every audited recommender meets, reference or a platform's own.

a platform audits its own system by wrapping it in this
protocol (in-process with :class:`CallableRecommender`, or over HTTP with
:class:`HttpRecommender`). Probes need three things of a recommender: its
suggestions for an account on a surface, a way to tell it about the probe
accounts' interactions, and a way to apply a takedown (F9).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Protocol, runtime_checkable

from netbrake.audit.interaction import SUGGESTED_ACCOUNTS, Interaction


@runtime_checkable
class Recommender(Protocol):
    """Suggestions of accounts for a viewer on a discovery surface.

    ``recommend`` returns at most ``n`` distinct account ids, best first, never
    the viewer. ``with_interactions`` and ``without_accounts`` return the
    recommender as it is after those interactions or after those accounts are
    taken down (a platform-side recommender may change in place and return
    itself).
    """

    @property
    def name(self) -> str: ...

    def recommend(
        self, viewer_id: str, n: int, *, surface: str = SUGGESTED_ACCOUNTS
    ) -> list[str]: ...

    def with_interactions(self, interactions: Sequence[Interaction]) -> Recommender: ...

    def without_accounts(self, account_ids: Collection[str]) -> Recommender: ...


@runtime_checkable
class SupportsHoldout(Protocol):
    """A recommender that can forget chosen (src, dst) contacts, to measure utility.

    Recall of held-out follows needs the recommender as it
    would be without those follows; reference recommenders can do that,
    an HTTP endpoint usually cannot, and then utility is not measured.
    """

    def without_pairs(self, pairs: Collection[tuple[str, str]]) -> Recommender: ...
