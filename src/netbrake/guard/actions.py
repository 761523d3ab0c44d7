"""What a guard can do to an item, ordered by severity.

``allow < downrank < no_promote < interstitial < drop = block``: ``drop``
removes an account from a list, ``block`` refuses a query; they are the same
severity on different kinds of input.
"""

from __future__ import annotations

from enum import StrEnum


class GuardAction(StrEnum):
    """A guard decision's action; :attr:`rank` orders them by severity."""

    ALLOW = "allow"
    DOWNRANK = "downrank"
    NO_PROMOTE = "no_promote"
    INTERSTITIAL = "interstitial"
    DROP = "drop"
    BLOCK = "block"

    @property
    def rank(self) -> int:
        return _RANK[self]

    @property
    def removes(self) -> bool:
        """Whether an item under this action leaves a list of suggestions (kept: allow, downrank)."""
        return self.rank >= _RANK[GuardAction.NO_PROMOTE]

    def for_list(self) -> GuardAction:
        """The action as applied to a list of accounts or suggestions (block -> drop)."""
        return GuardAction.DROP if self is GuardAction.BLOCK else self

    def for_query(self) -> GuardAction:
        """The action as applied to a query (drop -> block)."""
        return GuardAction.BLOCK if self is GuardAction.DROP else self


_RANK = {
    GuardAction.ALLOW: 0,
    GuardAction.DOWNRANK: 1,
    GuardAction.NO_PROMOTE: 2,
    GuardAction.INTERSTITIAL: 3,
    GuardAction.DROP: 4,
    GuardAction.BLOCK: 4,
}


class Condition(StrEnum):
    """What a rule tests. Account conditions apply to candidate lists, text ones to strings."""

    # -- accounts (recommendation lists) ------------------------------------------
    FLAGGED = "flagged"
    FLAGGED_PERSON = "flagged_person"
    NETWORK_MEMBER = "network_member"
    HIGH_RISK = "high_risk"
    DOMINATED_NEIGHBOURHOOD = "dominated_neighbourhood"
    FLAGGED_PAIR = "flagged_pair"
    WATCHDOG_CONTACT = "watchdog_contact"
    FLAGGED_PROVENANCE = "flagged_provenance"
    # -- text (queries, suggestions, hashtags) -------------------------------------
    LEXICON = "lexicon"
    FLAGGED_HASHTAG = "flagged_hashtag"
    FLAGGED_HANDLE = "flagged_handle"
    HASHTAG_REVIEW = "hashtag_review"

    @property
    def on_text(self) -> bool:
        return self in _TEXT


_TEXT = frozenset(
    {
        Condition.LEXICON,
        Condition.FLAGGED_HASHTAG,
        Condition.FLAGGED_HANDLE,
        Condition.HASHTAG_REVIEW,
    }
)
