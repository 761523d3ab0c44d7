"""Request and response bodies of the guard routes (pydantic; 422 names the failing field)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

#: Most candidates in one recommendation call, suggestions in one autocomplete call.
MAX_CANDIDATES = 5000
MAX_SUGGESTIONS = 200
MAX_ID = 256
MAX_QUERY = 512
MAX_SURFACE = 64

Id = Field(min_length=1, max_length=MAX_ID)


class RecommendationsIn(BaseModel):
    """Candidates a recommender proposes to one viewer on one surface."""

    model_config = ConfigDict(extra="forbid")

    viewer_id: str = Field(min_length=1, max_length=MAX_ID)
    candidates: list[str] = Field(max_length=MAX_CANDIDATES)
    surface: str = Field(default="suggested_accounts", min_length=1, max_length=MAX_SURFACE)
    #: Optional provenance: candidate id -> the accounts it was reached through.
    reached_via: dict[str, list[str]] | None = Field(default=None, max_length=MAX_CANDIDATES)


class SearchIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    query: str = Field(max_length=MAX_QUERY)
    surface: str = Field(default="search", min_length=1, max_length=MAX_SURFACE)


class AutocompleteIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    prefix: str = Field(max_length=MAX_QUERY)
    suggestions: list[str] = Field(max_length=MAX_SUGGESTIONS)
    surface: str = Field(default="autocomplete", min_length=1, max_length=MAX_SURFACE)


class TextScanIn(BaseModel):
    """One text, or several (``texts``) scanned in one call."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(default=None, max_length=20_000)
    texts: list[str] | None = Field(default=None, max_length=1000)


class DroppedOut(BaseModel):
    id: str
    action: str
    decided_by: str
    reason: str


class ListOut(BaseModel):
    """A filtered list: kept ids in order (downranked last), the dropped ones and why."""

    kept: list[str]
    dropped: list[DroppedOut]
    downranked: list[DroppedOut]
    shadow: list[DroppedOut]
    surface: str
    policy_version: str
    state_version: int
    degraded: bool


class HelpOut(BaseModel):
    name: str
    url: str


class DecisionOut(BaseModel):
    """A query decision; ``block`` carries help resources and never results."""

    action: str
    decided_by: str
    reason: str
    policy_version: str
    surface: str
    state_version: int
    degraded: bool
    show_results: bool
    help: list[HelpOut]
    shadow: list[DroppedOut]
    hashtag: dict[str, object] | None = None
