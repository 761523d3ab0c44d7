"""Plain records the store hands out: frozen, detached from any database session."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from netbrake.errors import InputError, Location
from netbrake.store.tables import SUBJECT_KINDS


class Source(StrEnum):
    """Who produced a decision: a rule (automatic) or a person (manual)."""

    AUTOMATIC = "automatic"
    MANUAL = "manual"


class Scope(StrEnum):
    """What an API key may do. ``admin`` includes every other scope."""

    GUARD = "guard"
    REVIEW = "review"
    ADMIN = "admin"


@dataclass(frozen=True, order=True)
class Subject:
    """What a decision is about: ``Subject("account", "a123")``."""

    kind: str
    id: str

    def __post_init__(self) -> None:
        if self.kind not in SUBJECT_KINDS:
            raise InputError(
                f"unknown subject kind '{self.kind}' (expected one of {', '.join(SUBJECT_KINDS)})",
                Location(field="subject_kind"),
            )
        if not self.id:
            raise InputError("empty subject id", Location(field="subject_id"))

    def __str__(self) -> str:
        return f"{self.kind}:{self.id}"


@dataclass(frozen=True)
class DecisionRecord:
    """A stored enforcement decision with the evidence it was based on."""

    id: int
    subject: Subject
    action: str
    source: Source
    decided_by: str
    reason: str
    created_at: datetime
    role: str | None = None
    rule_id: str | None = None
    policy_version: str | None = None
    confidence: float | None = None
    needs_human_review: bool = False
    expires_at: datetime | None = None
    superseded_by: int | None = None
    case_id: int | None = None
    evidence: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Override:
    """A reviewer's "not a violation" on a subject, valid until ``expires_at``."""

    id: int
    subject: Subject
    rule_id: str | None
    decision_id: int | None
    reason: str
    decided_by: str
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None = None

    def active(self, now: datetime) -> bool:
        return self.revoked_at is None and now < self.expires_at

    def covers(self, decision: DecisionRecord) -> bool:
        """Whether this override suppresses ``decision`` (automatic, same subject and rule)."""
        return (
            decision.source is Source.AUTOMATIC
            and decision.subject == self.subject
            and (self.rule_id is None or self.rule_id == decision.rule_id)
        )


@dataclass(frozen=True)
class EffectiveDecision:
    """What holds for a subject now, and why.

    ``basis`` is ``manual`` or ``automatic`` when ``decision`` holds,
    ``override`` when automatic decisions exist but a reviewer's override
    suppresses them all, and ``none`` when nothing applies.
    """

    subject: Subject
    decision: DecisionRecord | None
    basis: str
    suppressed_by: Override | None = None


@dataclass(frozen=True)
class AuditEntry:
    """One link of the audit chain: who (actor) did what (action) to what, when and why.

    ``subject_kind`` is free-form here (``account``, ``api_key``, ``case``,
    ``store``, ...): the log records every write, not only decisions.
    """

    seq: int
    ts: datetime
    actor: str
    action: str
    subject_kind: str | None
    subject_id: str | None
    reason: str
    payload: dict[str, Any]
    prev_hash: str
    hash: str


@dataclass(frozen=True)
class VerifyResult:
    """The outcome of walking the audit chain.

    ``first_broken_seq`` is the first entry whose content, link or position
    does not check out (None when the chain is intact); ``head_hash`` is the
    last verified hash, worth publishing outside the store as an anchor.
    """

    ok: bool
    entries: int
    head_seq: int
    head_hash: str
    first_broken_seq: int | None = None
    problem: str | None = None


@dataclass(frozen=True)
class ApiKey:
    """A stored API key's public facts (never the key itself)."""

    key_id: str
    scopes: frozenset[Scope]
    label: str
    created_by: str
    created_at: datetime
    revoked_at: datetime | None = None

    def allows(self, scope: Scope) -> bool:
        return Scope.ADMIN in self.scopes or scope in self.scopes


@dataclass(frozen=True)
class IssuedApiKey:
    """A newly created key: ``secret`` is shown once and not stored anywhere."""

    key: ApiKey
    secret: str


@dataclass(frozen=True)
class PlannedDecision:
    """An automatic decision of a scan's plan, as the store records it (one action: the most
    severe of the plan's; the rest stay in the evidence)."""

    subject: Subject
    action: str
    reason: str
    evidence: dict[str, Any]
    role: str | None = None
    rule_id: str | None = None
    policy_version: str | None = None
    confidence: float | None = None
    needs_human_review: bool = False


@dataclass(frozen=True)
class PlanRecorded:
    """What recording a plan did: decisions written, and decisions already active as planned."""

    recorded: int
    unchanged: int
