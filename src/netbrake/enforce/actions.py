"""Enforcement actions and how a reason sentence names them."""

from __future__ import annotations

from enum import StrEnum


class Action(StrEnum):
    """What the platform does to a subject."""

    REMOVE_ACCOUNT = "remove_account"
    REMOVE_CONTENT = "remove_content"
    RESTRICT_DISCOVERY = "restrict_discovery"
    REQUIRE_REVIEW = "require_review"
    SAFEGUARD = "safeguard"
    REPORT_CLEARINGHOUSE = "report_clearinghouse"
    NONE = "none"


#: Most severe first: the order actions are listed in a decision and a reason.
ACTION_ORDER = (
    Action.REMOVE_ACCOUNT,
    Action.REMOVE_CONTENT,
    Action.REPORT_CLEARINGHOUSE,
    Action.SAFEGUARD,
    Action.RESTRICT_DISCOVERY,
    Action.REQUIRE_REVIEW,
    Action.NONE,
)

#: Actions that concern the person, not each account: the person decision carries them.
PERSON_ONLY = frozenset({Action.REPORT_CLEARINGHOUSE, Action.SAFEGUARD})

_PHRASES = {
    Action.REMOVE_ACCOUNT: "account removal",
    Action.REMOVE_CONTENT: "content removal",
    Action.REPORT_CLEARINGHOUSE: "clearinghouse report",
    Action.SAFEGUARD: "safeguarding referral",
    Action.RESTRICT_DISCOVERY: "no recommendation or search exposure",
    Action.REQUIRE_REVIEW: "human review",
    Action.NONE: "no action",
}


def ordered(actions: object) -> tuple[Action, ...]:
    """Distinct actions, most severe first; ``none`` only when nothing else is left."""
    chosen = {Action(a) for a in actions}  # type: ignore[attr-defined]
    if len(chosen) > 1:
        chosen.discard(Action.NONE)
    return tuple(a for a in ACTION_ORDER if a in chosen) or (Action.NONE,)


def phrase(actions: tuple[Action, ...], accounts: int = 1) -> str:
    """Actions as words: "content removal, clearinghouse report and safeguarding referral"."""
    words = [
        f"removal of all {accounts} accounts"
        if a is Action.REMOVE_ACCOUNT and accounts > 1
        else _PHRASES[a]
        for a in actions
    ]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
