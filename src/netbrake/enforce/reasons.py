"""Reason sentences: what a reviewer reads first, in plain words.

Example: "seller in network 3 who states age 14: content removal, clearinghouse
report, safeguarding referral and human review, no ban without review".
"""

from __future__ import annotations

from netbrake.enforce.actions import Action, phrase


def network_words(network_id: int | None) -> str:
    return f"in network {network_id}" if network_id is not None else "outside any mapped network"


def age_words(minor: bool, age: int | None) -> str:
    if not minor:
        return ""
    return f" who states age {age}" if age is not None else " who states an age under 18"


def _tail(minor: bool, review: bool) -> str:
    if minor:
        return ", no ban without review"
    return ", confirmed by a reviewer first" if review else ""


def account_reason(
    role: str,
    network_id: int | None,
    actions: tuple[Action, ...],
    *,
    minor: bool,
    age: int | None,
    review: bool,
) -> str:
    """The reason for a decision on a flagged account."""
    return (
        f"{role} {network_words(network_id)}{age_words(minor, age)}: "
        f"{phrase(actions)}{_tail(minor, review)}"
    )


def person_reason(
    role: str,
    person_id: str,
    accounts: int,
    network_id: int | None,
    actions: tuple[Action, ...],
    *,
    minor: bool,
    age: int | None,
    review: bool,
) -> str:
    """The reason for a person decision ("buyer person p-a1 with 3 linked accounts ...")."""
    linked = f"with {accounts} linked accounts" if accounts > 1 else "with one account"
    return (
        f"{role} person {person_id} {linked} {network_words(network_id)}"
        f"{age_words(minor, age)}: {phrase(actions, accounts)}{_tail(minor, review)}"
    )


def linked_reason(
    person_role: str, person_id: str, kinds: list[str], actions: tuple[Action, ...], review: bool
) -> str:
    """The reason for an account covered by its person's decision."""
    by = ", ".join(kinds) if kinds else "the person's links"
    return (
        f"linked account of {person_role} person {person_id} (linked by {by}): "
        f"{phrase(actions)}, covered by the person's decision{_tail(False, review)}"
    )
