"""The ``[guard]`` section of the policy file: thresholds, help resources, per-surface rules.

Validated here, with errors naming the file, line and field.
Format (the packaged default is in ``netbrake/policy/default.toml``)::

    [guard]
    high_risk = 0.5                   # score at or above: high risk
    help_resources = [{ name = "...", url = "https://help.example/..." }]
    [guard.aliases]
    feed = "feed_recommendations"
    [guard.surfaces.suggested_accounts]
    child_safety = true               # fails closed; never an interstitial for lexicon hits
    kill_switch = false               # true: the surface shows nothing (every item dropped)
    default = "allow"                 # action when no rule matches
    rules = [{ id = "sa.flagged", when = "flagged", action = "drop", state = "live" }]

An unknown surface gets :meth:`GuardPolicy.strictest`: every condition any
surface tests, each with the most severe action any surface gives it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from netbrake.errors import InputError, Location
from netbrake.guard.actions import Condition, GuardAction
from netbrake.platform import IMPRESSION_SURFACES
from netbrake.policy import Policy, Severity, State

#: The discovery surfaces of the data contract (the impressions table logs the same);
#: policies may add their own.
SURFACES = IMPRESSION_SURFACES
UNKNOWN = "unknown"


class Rule(BaseModel):
    """One ordered rule of a surface: when ``when`` holds, ``action`` (if ``state`` is live)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_.\-]*$", max_length=80)
    when: Condition
    action: GuardAction
    state: State = State.LIVE
    #: Lexicon rules only: categories that count (empty: all) and the least severity.
    categories: tuple[str, ...] = ()
    min_severity: Severity = Severity.LOW
    #: Lexicon rules only: whether weak entries (``standalone = false``) count alone.
    weak: bool = False
    reason: str = ""


class SurfacePolicy(BaseModel):
    """One surface: ordered rules, kill switch, default action, failure mode."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    child_safety: bool = True
    kill_switch: bool = False
    default: GuardAction = GuardAction.ALLOW
    #: When live state cannot be read: ``closed`` drops/blocks, ``open`` allows.
    on_state_error: Literal["closed", "open"] = "closed"
    rules: tuple[Rule, ...] = ()

    @model_validator(mode="after")
    def _child_safety(self) -> SurfacePolicy:
        if self.child_safety and self.on_state_error == "open":
            raise ValueError("a child_safety surface must fail closed (on_state_error = 'closed')")
        for rule in self.rules:
            if (
                self.child_safety
                and rule.when is Condition.LEXICON
                and rule.action is GuardAction.INTERSTITIAL
            ):
                raise ValueError(
                    f"rule '{rule.id}': a lexicon hit on a child_safety surface blocks; "
                    "an interstitial would offer a click-through (F3)"
                )
        return self


class HelpResource(BaseModel):
    """Where a blocked searcher is sent instead of results."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(min_length=1)
    url: str = Field(pattern=r"^https://")


class GuardPolicy(BaseModel):
    """The validated ``[guard]`` section, plus the policy version decisions cite."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    version: str = ""
    high_risk: float = Field(default=0.5, ge=0.0, le=1.0)
    evidence_risk: float = Field(default=0.2, ge=0.0, le=1.0)
    dominance_share: float = Field(default=0.3, gt=0.0, le=1.0)
    dominance_min_contacts: int = Field(default=3, ge=1)
    evidence_share: float = Field(default=0.15, gt=0.0, le=1.0)
    dominance_kinds: tuple[str, ...] = ("follow", "like", "comment", "mention", "message", "view")
    protected_roles: tuple[str, ...] = ("watchdog",)
    clearing_actions: tuple[str, ...] = ("none", "allow", "no_action", "not_a_violation")
    #: Store account and person statuses that do not flag (anything else: removed, restricted...).
    active_statuses: tuple[str, ...] = ("active",)
    flagged_tag_share: float = Field(default=0.5, gt=0.0, le=1.0)
    flagged_tag_min_posters: int = Field(default=2, ge=1)
    review_cooccurrence: int = Field(default=1, ge=1)
    ignore_protected_contact: bool = True
    ignore_flagged_contact: bool = True
    stale_after_seconds: float = Field(default=10.0, gt=0.0)
    fail_closed_allow: tuple[str, ...] = ()
    help_resources: tuple[HelpResource, ...] = ()
    aliases: dict[str, str] = {}
    surfaces: dict[str, SurfacePolicy] = {}

    @model_validator(mode="after")
    def _aliases(self) -> GuardPolicy:
        for alias, target in self.aliases.items():
            if target not in self.surfaces:
                raise ValueError(f"alias '{alias}' names no surface '{target}'")
        return self

    @classmethod
    def from_policy(cls, policy: Policy) -> GuardPolicy:
        """The ``[guard]`` section of ``policy``; errors name the file and line."""
        section = policy.section("guard")
        try:
            return cls.model_validate({**section, "version": policy.version})
        except ValidationError as exc:
            error = exc.errors()[0]
            loc = tuple(str(p) for p in error["loc"])
            file, line = _locate(policy, loc, section)
            field = ".".join(loc) or None
            raise InputError(
                f"[guard] {error['msg']}", Location(file=file, row=line, field=field)
            ) from None

    def surface(self, name: str) -> tuple[str, SurfacePolicy]:
        """(canonical name, policy) of a surface; an unknown one gets the strictest policy."""
        name = self.aliases.get(name, name)
        found = self.surfaces.get(name)
        if found is not None:
            return name, found
        return UNKNOWN, self.strictest()

    def strictest(self) -> SurfacePolicy:
        """Every rule of every surface, live, each condition at its most severe action."""
        best: dict[tuple[Any, ...], Rule] = {}
        for surface in self.surfaces.values():
            for rule in surface.rules:
                key = (rule.when, rule.categories, rule.min_severity, rule.weak)
                held = best.get(key)
                if held is None or rule.action.rank > held.action.rank:
                    best[key] = rule
        rules = tuple(
            Rule(**{**r.model_dump(), "id": f"{UNKNOWN}.{r.when.value}.{n}", "state": State.LIVE})
            for n, r in enumerate(sorted(best.values(), key=lambda r: -r.action.rank))
        )
        defaults = [s.default for s in self.surfaces.values()] or [GuardAction.ALLOW]
        default = max(defaults, key=lambda a: a.rank)
        return SurfacePolicy(child_safety=True, default=default, rules=rules)


_HEADER = re.compile(r"^\s*\[\[?\s*([A-Za-z0-9_.\-]+)\s*\]")


def _guard_lines(source: str) -> list[tuple[int, str, str]]:
    """(line number, table name, text) of every line inside a ``[guard...]`` table."""
    out: list[tuple[int, str, str]] = []
    table = ""
    for number, line in enumerate(source.splitlines(), start=1):
        header = _HEADER.match(line)
        if header:
            table = header.group(1)
        if table == "guard" or table.startswith("guard."):
            out.append((number, table, line))
    return out


def _locate(
    policy: Policy, loc: tuple[str, ...], section: dict[str, Any]
) -> tuple[str | None, int | None]:
    """The file and line of the ``[guard]`` value at ``loc`` (best effort, last file wins)."""
    needles: list[tuple[str | None, re.Pattern[str]]] = []
    if len(loc) >= 4 and loc[0] == "surfaces" and loc[2] == "rules":
        rules = section.get("surfaces", {}).get(loc[1], {}).get("rules", [])
        index = int(loc[3]) if loc[3].isdigit() else -1
        if 0 <= index < len(rules) and isinstance(rules[index], dict):
            rule_id = re.escape(str(rules[index].get("id")))
            needles.append((None, re.compile(rf"id\s*=\s*[\"']{rule_id}[\"']")))
    if len(loc) >= 3 and loc[0] == "surfaces":
        needles.append((f"guard.surfaces.{loc[1]}", re.compile(rf"^\s*{re.escape(loc[2])}\s*=")))
    if len(loc) >= 2 and loc[0] == "surfaces":
        needles.append((None, re.compile(rf"^\s*\[\s*guard\.surfaces\.{re.escape(loc[1])}\s*\]")))
    if loc:
        needles.append(("guard", re.compile(rf"^\s*{re.escape(loc[0])}\s*=")))
    needles.append((None, re.compile(r"^\s*\[\s*guard")))
    for source in reversed(policy.sources):
        try:
            lines = _guard_lines(Path(source).read_text(encoding="utf-8"))
        except OSError:
            continue
        for table, needle in needles:
            for number, name, line in lines:
                if (table is None or name == table) and needle.search(line):
                    return source, number
    return (policy.sources[-1] if policy.sources else None), None
