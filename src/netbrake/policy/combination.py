"""Combination rules: indicators of different kinds in one text that together are strong.

F5: a seller's advertisement is made of parts that are each
innocent somewhere ("seller", a pizza emoji, an age, "dm me"); only their
co-occurrence in one bio or post says what it is. A ``[[combination]]``
rule names its parts (lexicon entry ids, categories, or extracted values:
``minor_age``, ``payment``, ``menu``, ``obfuscated_link``; ``"a|b"`` for
either) and makes their
co-occurrence one hit of its own severity, with an explanation for the
reasons. Weak alone still holds: a rule whose parts are all of one kind is
rejected (several map emoji are still only map emoji).
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict, Field

from netbrake.policy.lexicon import CATEGORIES, LexiconEntry, Severity, State

#: Values the extractors find, usable as parts, and the kind each counts as.
EXTRACTED_PARTS = {
    "minor_age": "age_claim",
    "payment": "payment",
    "menu": "content_menu",
    "obfuscated_link": "offplatform",
}


class Combination(BaseModel):
    """One rule: every part in ``all`` found in one text makes a hit of ``severity``.

    ``category`` is what the combined hit counts as (a seller advertisement
    by default); ``explain`` is the sentence the reasons carry; ``state``
    works as for lexicon entries (shadow: recorded, never acted on).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_.\-]*$", max_length=80)
    all: tuple[str, ...] = Field(min_length=2, max_length=8)
    severity: Severity
    explain: str = Field(min_length=1, max_length=300)
    category: str = Field(default="seller_ad", pattern=r"^[a-z][a-z0-9_]*$")
    state: State = State.LIVE
    note: str = ""


def alternatives(part: str) -> tuple[str, ...]:
    """The names a part accepts: ``"kw.seller|kw.selling"`` is either entry."""
    return tuple(a.strip() for a in part.split("|") if a.strip())


def part_kinds(rule: Combination, lexicon: Iterable[LexiconEntry]) -> dict[str, frozenset[str]]:
    """Each part of ``rule`` and the kinds (categories) it counts as.

    Raises ``ValueError`` naming the part that is neither a lexicon entry, a
    category nor an extracted value, and when all parts are of one kind.
    """
    by_id = {e.id: e.category for e in lexicon}
    categories = set(CATEGORIES) | set(by_id.values())
    kinds: dict[str, frozenset[str]] = {}
    for part in rule.all:
        found: set[str] = set()
        for name in alternatives(part) or (part,):
            if name in by_id:
                found.add(by_id[name])
            elif name in EXTRACTED_PARTS:
                found.add(EXTRACTED_PARTS[name])
            elif name in categories:
                found.add(name)
            else:
                known = ", ".join(EXTRACTED_PARTS)
                raise ValueError(
                    f"part '{name}' is not a lexicon entry id, a category or an extracted "
                    f"value ({known})"
                )
        kinds[part] = frozenset(found)
    every = set().union(*kinds.values())
    if len(every) < 2:
        raise ValueError(
            f"all parts are of one kind ('{next(iter(every))}'): a combination needs "
            "indicators of at least two kinds (weak indicators never decide alone)"
        )
    return kinds
