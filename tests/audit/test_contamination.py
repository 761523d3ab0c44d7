"""Probe (c), contamination (F2), against a recommender that is contaminated.

``RecentContact`` is a test double of the failing platform: it shows each
viewer the accounts that the people the viewer follows touched most recently.
A watchdog's single view of a member therefore reaches all her followers,
unless the guard drops the member or refuses the watchdog's contact.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

import pytest

from netbrake.audit import (
    SUGGESTED_ACCOUNTS,
    FlaggedSetGuard,
    GuardedRecommender,
    Interaction,
    Recommender,
    no_guard,
)
from netbrake.audit.probes import ContactCase, contamination

FOLLOWERS = tuple(f"parent{i}" for i in range(6))


@dataclass(frozen=True)
class RecentContact:
    follows: dict[str, tuple[str, ...]]
    recent: dict[str, tuple[str, ...]] = field(default_factory=dict)
    removed: frozenset[str] = frozenset()
    name: str = "RecentContact"

    def recommend(self, viewer_id: str, n: int, *, surface: str = SUGGESTED_ACCOUNTS) -> list[str]:
        seen = set(self.follows.get(viewer_id, ())) | {viewer_id}
        out: list[str] = []
        for friend in self.follows.get(viewer_id, ()):
            out += [a for a in self.recent.get(friend, ()) if a not in seen and a not in out]
        return [a for a in out if a not in self.removed][:n]

    def with_interactions(self, interactions: Sequence[Interaction]) -> Recommender:
        recent = dict(self.recent)
        for x in interactions:
            if x.kind != "report":
                recent[x.src] = (x.dst, *recent.get(x.src, ()))
        return RecentContact(self.follows, recent, self.removed)

    def without_accounts(self, account_ids: Collection[str]) -> Recommender:
        return RecentContact(self.follows, self.recent, self.removed | set(account_ids))


@pytest.fixture
def platform() -> RecentContact:
    follows = {p: ("advocate", "bakery") for p in FOLLOWERS}
    return RecentContact(follows, {"bakery": ("cafe",)})


CASE = ContactCase("advocate", "seller1", FOLLOWERS)


def test_the_double_is_contaminated_by_one_view(platform):
    assert contamination(platform, [CASE], 5, contact=False).hits == 0
    assert contamination(platform, [CASE], 5).value == 1.0


@pytest.mark.parametrize(
    ("guard", "expected"),
    [
        (no_guard, 1.0),
        (FlaggedSetGuard(frozenset({"seller1"})), 0.0),  # the member is flagged: dropped
        (FlaggedSetGuard(frozenset(), frozenset({"advocate"})), 0.0),  # missed, but contact ignored
    ],
)
def test_guard_stops_contamination(platform, guard, expected):
    admits = guard.admits if isinstance(guard, FlaggedSetGuard) else None
    guarded = GuardedRecommender(platform, guard, admits)
    assert contamination(guarded, [CASE], 5).value == expected


def test_benign_suggestions_survive_the_guard(platform):
    guard = FlaggedSetGuard(frozenset({"seller1"}), frozenset({"advocate"}))
    guarded = GuardedRecommender(platform, guard, guard.admits).with_interactions(CASE.contact())
    assert guarded.recommend("parent0", 5) == ["cafe"]
