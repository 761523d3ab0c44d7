"""Hashtag states: usable, searchable, suggestible.

- ``blocked``: the tag matches the lexicon (any standalone live entry) or a
  store decision blocks it: not usable, searchable or suggestible.
- ``flagged``: most of its posters are flagged accounts: usable, but neither
  searchable nor suggestible.
- ``review``: a tag that co-occurs with blocked or flagged tags: usable and
  searchable, suggested only after a reviewer clears it (review-before-suggest:
  new variants appear within days, F4).
- ``ok``: everything else, and tags a reviewer cleared (a store decision
  whose action is a clearing one).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from netbrake.guard.snapshot import ResultsSnapshot, normalise_tag
from netbrake.policy import State
from netbrake.text import Matcher

if TYPE_CHECKING:
    from netbrake.guard.overlay import StoreOverlay
    from netbrake.guard.settings import GuardPolicy

_FLAGS = {
    "blocked": (False, False, False),
    "flagged": (True, False, False),
    "review": (True, True, False),
    "ok": (True, True, True),
}


@dataclass(frozen=True, slots=True)
class HashtagState:
    """One hashtag's state and what it allows."""

    tag: str
    state: str
    reason: str

    @property
    def usable(self) -> bool:
        return _FLAGS[self.state][0]

    @property
    def searchable(self) -> bool:
        return _FLAGS[self.state][1]

    @property
    def suggestible(self) -> bool:
        return _FLAGS[self.state][2]

    def to_dict(self) -> dict[str, Any]:
        return {
            "tag": self.tag,
            "state": self.state,
            "usable": self.usable,
            "searchable": self.searchable,
            "suggestible": self.suggestible,
            "reason": self.reason,
        }


def lexicon_reason(matcher: Matcher, text: str) -> str | None:
    """Why ``text`` hits the lexicon (a live, standalone entry), or None."""
    for hit in matcher.scan(text).hits:
        if hit.state == State.LIVE.value and hit.standalone:
            return f"matches lexicon entry {hit.entry_id} ({hit.category}, {hit.variant})"
    return None


def hashtag_states(
    results: ResultsSnapshot,
    overlay: StoreOverlay,
    policy: GuardPolicy,
    matcher: Matcher,
    bad: np.ndarray,
) -> dict[str, HashtagState]:
    """The state of every hashtag seen in posts or named by a store decision."""
    posters, posts = results.tag_index()
    verdicts = results.memo(("lexicon", policy.version))
    states: dict[str, HashtagState] = {}
    for tag, who in posters.items():
        if tag not in verdicts:
            verdicts[tag] = lexicon_reason(matcher, f"#{tag}")
        reason = verdicts[tag]
        if reason is not None:
            states[tag] = HashtagState(tag, "blocked", reason)
            continue
        share = float(bad[who].mean())
        if len(who) >= policy.flagged_tag_min_posters and share >= policy.flagged_tag_share:
            states[tag] = HashtagState(
                tag, "flagged", f"{share:.0%} of its {len(who)} posters are flagged accounts"
            )
    harmful = {t for t, s in states.items() if s.state in ("blocked", "flagged")}
    together: Counter[str] = Counter()
    seen_posts = {k for t in harmful for k in posts.get(t, ())}
    for k in seen_posts:
        together.update(t for t in results.post_tags[k] if t not in harmful)
    for tag in posters:
        if tag not in states:
            seen = together.get(tag, 0)
            if seen >= policy.review_cooccurrence:
                states[tag] = HashtagState(
                    tag, "review", f"used with blocked or flagged hashtags in {seen} posts"
                )
            else:
                states[tag] = HashtagState(tag, "ok", "no evidence")
    clearing = set(policy.clearing_actions)
    for (kind, subject), held in overlay.holdings.items():
        if kind != "hashtag":
            continue
        tag = normalise_tag(subject)
        current = states.get(tag)
        if held.decision is not None and held.decision.action not in clearing:
            why = f"store: {held.decision.action} by {held.decision.decided_by}"
            states[tag] = HashtagState(tag, "blocked", why)
        elif current is None or current.state in ("review", "flagged"):
            states[tag] = HashtagState(tag, "ok", "cleared by a reviewer")
    return states
