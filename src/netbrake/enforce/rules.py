"""Role -> action mapping as data, loaded from the policy file's ``[enforce]`` section.

docs/failures.md, "Roles in such networks": sellers are often minors and victims
(content removal, clearinghouse report, safeguarding; never an automatic
ban); adult buyers get person-level removal and a report; watchdogs and users
who touched the network once get nothing. The defaults encode that; a policy
may tune them, but not against the two safety invariants checked here.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from netbrake.enforce.actions import Action
from netbrake.errors import InputError, Location

#: Roles that must never receive an action (F2: watchdogs are not members).
NEVER_ACTIONED = ("watchdog", "touched", "benign")
#: The rule for any flagged person who states an age under 18.
MINOR = "minor"


class RoleRule(BaseModel):
    """What happens to a subject of one role.

    ``scope`` person: one decision for the person plus one per linked account;
    account: only the flagged account. Below ``min_score`` no decision is
    proposed; below ``review_below`` the actions become ``downgrade_actions``
    and a human must confirm.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    rule_id: str
    actions: tuple[Action, ...]
    scope: Literal["account", "person"] = "person"
    needs_human_review: bool = False
    min_score: Annotated[float, Field(ge=0.0, le=1.0)] = 0.0
    review_below: Annotated[float, Field(ge=0.0, le=1.0)] = 0.0
    downgrade_actions: tuple[Action, ...] = (Action.RESTRICT_DISCOVERY, Action.REQUIRE_REVIEW)


def _none(role: str) -> RoleRule:
    return RoleRule(rule_id=f"enforce.{role}", actions=(Action.NONE,), scope="account")


def _default_roles() -> dict[str, RoleRule]:
    a = Action
    return {
        MINOR: RoleRule(
            rule_id="enforce.minor",
            actions=(a.REMOVE_CONTENT, a.REPORT_CLEARINGHOUSE, a.SAFEGUARD, a.REQUIRE_REVIEW),
            needs_human_review=True,
        ),
        "seller": RoleRule(
            rule_id="enforce.seller",
            actions=(a.REMOVE_CONTENT, a.REPORT_CLEARINGHOUSE, a.REMOVE_ACCOUNT),
            # Age is often unstated: a human confirms before any ban.
            needs_human_review=True,
            review_below=0.6,
        ),
        "buyer": RoleRule(
            rule_id="enforce.buyer",
            actions=(a.REMOVE_ACCOUNT, a.REPORT_CLEARINGHOUSE),
            review_below=0.8,
        ),
        "trader": RoleRule(
            rule_id="enforce.trader",
            actions=(a.REMOVE_ACCOUNT, a.REMOVE_CONTENT, a.REPORT_CLEARINGHOUSE),
            review_below=0.8,
        ),
        "aggregator": RoleRule(
            rule_id="enforce.aggregator",
            actions=(a.REMOVE_ACCOUNT, a.REMOVE_CONTENT, a.REPORT_CLEARINGHOUSE),
            review_below=0.8,
        ),
        # A backup whose owner is not (yet) linked: keep it out of discovery, ask a human.
        "backup": RoleRule(
            rule_id="enforce.backup",
            actions=(a.RESTRICT_DISCOVERY, a.REQUIRE_REVIEW),
            scope="account",
            needs_human_review=True,
        ),
        **{role: _none(role) for role in NEVER_ACTIONED},
    }


#: The largest limits a policy may set (the safety floor of the breaker).
MAX_PLATFORM_SHARE = 0.01
MAX_NETWORK_SHARE = 0.01


class CircuitBreaker(BaseModel):
    """Limits of one scan's irreversible actions (the policy's ``[enforce.breaker]``)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    platform_share: Annotated[float, Field(gt=0.0, le=MAX_PLATFORM_SHARE)] = 0.005
    network_share: Annotated[float, Field(gt=0.0, le=MAX_NETWORK_SHARE)] = 0.002
    min_accounts: Annotated[int, Field(ge=1, le=100_000)] = 1000

    def limits(self, accounts: int) -> tuple[int, int]:
        """(platform limit, per-network limit) in accounts for a platform of ``accounts``."""
        return (
            max(round(self.platform_share * accounts), self.min_accounts),
            max(round(self.network_share * accounts), self.min_accounts // 2),
        )


class EnforcementRules(BaseModel):
    """The enforcement part of a policy: rules per role and the linking threshold.

    ``min_link_confidence``: a linked account less certainly the person's
    than this gets review instead of the person's actions. ``breaker``: the
    circuit breaker's limits (`netbrake.enforce.breaker`). ``role_priority``:
    which role names a person whose accounts have several roles.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    version: str = "builtin-1"
    roles: dict[str, RoleRule] = Field(default_factory=_default_roles)
    min_link_confidence: Annotated[float, Field(ge=0.0, le=1.0)] = 0.8
    role_priority: tuple[str, ...] = ("seller", "trader", "aggregator", "buyer", "backup")
    breaker: CircuitBreaker = Field(default_factory=lambda: CircuitBreaker())

    @model_validator(mode="after")
    def _safety(self) -> EnforcementRules:
        minor = self.roles.get(MINOR)
        if minor is None or Action.REMOVE_ACCOUNT in minor.actions:
            raise ValueError("the 'minor' rule must exist and must not remove the account")
        if Action.SAFEGUARD not in minor.actions:
            raise ValueError("the 'minor' rule must include 'safeguard'")
        for role in NEVER_ACTIONED:
            rule = self.roles.get(role)
            if rule is not None and set(rule.actions) != {Action.NONE}:
                raise ValueError(f"role '{role}' must map to 'none' (watchdogs are not members)")
        return self

    def rule_for(self, role: str) -> RoleRule:
        return self.roles.get(role) or _none(role)

    @classmethod
    def from_mapping(cls, data: dict[str, Any], version: str | None = None) -> EnforcementRules:
        """Rules from a policy's ``[enforce]`` table; role entries merge over the defaults."""
        roles = _default_roles()
        merged: dict[str, Any] = {k: v for k, v in data.items() if k != "roles"}
        try:
            path: tuple[str, ...] = ("enforce", "roles")
            for role, entry in dict(data.get("roles", {})).items():
                path = ("enforce", "roles", role)
                base = roles[role].model_dump() if role in roles else {"rule_id": f"enforce.{role}"}
                roles[role] = RoleRule.model_validate(base | dict(entry))
            path = ("enforce",)
            if version is not None:
                merged["version"] = version
            return cls.model_validate(merged | {"roles": roles})
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in (*path, *first["loc"]))
            raise InputError(str(first["msg"]), Location(field=where)) from exc
        except KeyError as exc:
            raise InputError(f"unknown setting {exc}", Location(field="enforce")) from exc
