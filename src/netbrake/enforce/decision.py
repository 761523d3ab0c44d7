"""Decisions, manual decisions and reviewer overrides: the records that cross into the store.

decisions are data. Each keeps the evidence snapshot it was
based on, the rule and the policy version, so a reviewer (or an auditor) can
see why it was proposed long after the scan that proposed it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from netbrake.enforce.actions import Action, ordered

SubjectKind = Literal["account", "person"]
Source = Literal["automatic", "manual", "override"]


def decision_id(
    subject_kind: str, subject_id: str, rule_id: str, version: str, actions: tuple[Action, ...]
) -> str:
    """A stable id: the same subject, rule, policy version and actions give the same id."""
    text = "|".join([subject_kind, subject_id, rule_id, version, ",".join(actions)])
    return "d-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


@dataclass(frozen=True)
class Decision:
    """One proposed (or manual) enforcement decision on one account or person.

    ``confidence`` is how sure the evidence makes us (mapping score, times the
    link confidence for a linked account). ``parent_decision_id`` names the
    person decision an account decision follows from. ``notes`` records
    anything a reviewer must see, such as conflicting manual decisions.
    """

    decision_id: str
    subject_kind: SubjectKind
    subject_id: str
    person_id: str | None
    actions: tuple[Action, ...]
    role: str
    reason: str
    rule_id: str
    policy_version: str
    confidence: float | None
    needs_human_review: bool
    evidence: Mapping[str, Any]
    created_at: datetime
    source: Source = "automatic"
    parent_decision_id: str | None = None
    notes: tuple[str, ...] = ()

    @property
    def owner(self) -> str:
        """The person the decision is about (the subject when no person was linked)."""
        return self.person_id or self.subject_id

    @property
    def has_evidence(self) -> bool:
        return bool(self.evidence)

    @property
    def reviewer_confirmed(self) -> bool:
        """True only when the evidence says a human reviewer confirmed the decision."""
        return bool(self.evidence.get("reviewer_confirmed"))

    @property
    def acts(self) -> bool:
        """Whether the decision does anything."""
        return self.actions != (Action.NONE,)

    def to_json(self) -> dict[str, Any]:
        return {
            "decision_id": self.decision_id,
            "subject_kind": self.subject_kind,
            "subject_id": self.subject_id,
            "person_id": self.person_id,
            "actions": [str(a) for a in self.actions],
            "role": self.role,
            "reason": self.reason,
            "rule_id": self.rule_id,
            "policy_version": self.policy_version,
            "confidence": None if self.confidence is None else round(self.confidence, 4),
            "needs_human_review": self.needs_human_review,
            "evidence": dict(self.evidence),
            "created_at": self.created_at.isoformat(),
            "source": self.source,
            "parent_decision_id": self.parent_decision_id,
            "notes": list(self.notes),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Decision:
        return cls(
            decision_id=data["decision_id"],
            subject_kind=data["subject_kind"],
            subject_id=data["subject_id"],
            person_id=data.get("person_id"),
            actions=ordered(data["actions"]),
            role=data["role"],
            reason=data["reason"],
            rule_id=data["rule_id"],
            policy_version=data["policy_version"],
            confidence=None if data["confidence"] is None else float(data["confidence"]),
            needs_human_review=bool(data["needs_human_review"]),
            evidence=dict(data.get("evidence", {})),
            created_at=datetime.fromisoformat(data["created_at"]),
            source=data.get("source", "automatic"),
            parent_decision_id=data.get("parent_decision_id"),
            notes=tuple(data.get("notes", ())),
        )


@dataclass(frozen=True)
class ManualDecision:
    """A reviewer's decision on a subject; it beats any automatic one."""

    subject_kind: SubjectKind
    subject_id: str
    actions: tuple[Action, ...]
    reason: str
    decided_by: str
    created_at: datetime


@dataclass(frozen=True)
class Override:
    """A reviewer's "not a violation": suppresses automatic decisions until ``expires_at``.

    ``rule_id`` None suppresses every rule's decision on the subject.
    """

    subject_kind: SubjectKind
    subject_id: str
    reason: str
    decided_by: str
    created_at: datetime
    expires_at: datetime
    rule_id: str | None = None
    revoked_at: datetime | None = field(default=None)

    def active(self, now: datetime) -> bool:
        if self.revoked_at is not None and self.revoked_at <= now:
            return False
        return self.created_at <= now < self.expires_at
