"""The lexicon part of a policy: indicator terms, emoji codes and patterns.

Each entry is one indicator from F3-F5 (or a team's own), with what
it signals (``category``), how strongly (``severity``, ``standalone``) and
how it may appear inside words (``match``).
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator


class Kind(StrEnum):
    """What the term is: a hashtag body, a word, an emoji sequence, a phrase or a domain."""

    HASHTAG = "hashtag"
    KEYWORD = "keyword"
    EMOJI_CODE = "emoji_code"
    PHRASE = "phrase"
    DOMAIN = "domain"


class MatchMode(StrEnum):
    """Where inside a word a hit counts.

    ``whole_token``: the whole word (a plural "s" or appended digits allowed);
    ``prefix``: the start of a word, anything appended ("megalinkfree", the
    failure of F4); ``inside_hashtag``: anywhere the word splits into common
    words around it ("#lovepedobait").
    """

    WHOLE_TOKEN = "whole_token"
    PREFIX = "prefix"
    INSIDE_HASHTAG = "inside_hashtag"


class Severity(StrEnum):
    """How much one hit says on its own; ``rank`` orders them (low=1 .. critical=4)."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {Severity.LOW: 1, Severity.MEDIUM: 2, Severity.HIGH: 3, Severity.CRITICAL: 4}


class State(StrEnum):
    """Rule state (docs/architecture.md): act, record only, or off."""

    LIVE = "live"
    SHADOW = "shadow"
    DISABLED = "disabled"


#: Categories of the default policy; teams may add their own (lowercase names).
CATEGORIES = (
    "seller_ad",
    "age_claim",
    "payment",
    "offplatform",
    "community_code",
    "explicit_tag",
    "content_menu",
    "contact",
)


class LexiconEntry(BaseModel):
    """One indicator. ``term`` is the text (or emoji sequence) as written in the policy.

    ``allow`` lists innocent strings that contain the term and must not hit;
    ``standalone`` false means the hit is a weak signal that only counts in
    combination with others (the map and pizza emoji: travel and food
    communities use them innocently).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_.\-]*$", max_length=80)
    term: str = Field(min_length=1, max_length=200)
    kind: Kind
    category: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    severity: Severity
    match: MatchMode = MatchMode.WHOLE_TOKEN
    allow: tuple[str, ...] = ()
    locale: str = Field(default="en", pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$|^\*$")
    state: State = State.LIVE
    standalone: bool = True
    note: str = ""

    @field_validator("term")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("term is blank")
        return value

    @model_validator(mode="after")
    def _emoji_code_has_an_emoji(self) -> LexiconEntry:
        # U+FE0F is optional in an emoji code: alone it would match everywhere.
        if self.kind is Kind.EMOJI_CODE and not self.term.replace("\ufe0f", ""):
            raise ValueError("an emoji code needs a character besides U+FE0F")
        return self
