"""Plain records of the report pipeline: an incoming report, a case as a reviewer sees it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from netbrake.errors import InputError, Location
from netbrake.platform import REPORT_REASONS, REPORT_TARGET_KINDS

#: Longest report text kept; longer input is refused (HTTP 413/422), never truncated silently.
MAX_TEXT = 10_000
MAX_ID = 128
MAX_TARGET_ID = 256

#: Review queues: child-safety reviewers see only the first.
QUEUES = ("child_safety", "general")
VERDICTS = ("violation", "no_violation", "escalate")
STAGES = ("review", "second_review", "quality", "escalated")


@dataclass(frozen=True)
class IncomingReport:
    """One user report as delivered (the platform ``reports`` table contract)."""

    report_id: str
    reporter_id: str
    target_kind: str
    target_id: str
    reason: str
    text: str | None = None
    created_at: datetime | None = None

    def __post_init__(self) -> None:
        for name, limit in (
            ("report_id", MAX_ID),
            ("reporter_id", MAX_ID),
            ("target_id", MAX_TARGET_ID),
        ):
            value = getattr(self, name)
            if not isinstance(value, str) or not value.strip():
                raise InputError(f"'{name}' must be a non-empty string", Location(field=name))
            if len(value) > limit:
                raise InputError(
                    f"'{name}' is longer than {limit} characters", Location(field=name)
                )
        if self.target_kind not in REPORT_TARGET_KINDS:
            raise InputError(
                f"unknown target kind '{self.target_kind}' (expected {', '.join(REPORT_TARGET_KINDS)})",
                Location(field="target_kind"),
            )
        if self.reason not in REPORT_REASONS:
            raise InputError(
                f"unknown reason '{self.reason}' (expected {', '.join(REPORT_REASONS)})",
                Location(field="reason"),
            )
        if self.text is not None and len(self.text) > MAX_TEXT:
            raise InputError(f"'text' is longer than {MAX_TEXT} characters", Location(field="text"))
        if self.created_at is not None and self.created_at.tzinfo is None:
            raise InputError("'created_at' needs a time zone", Location(field="created_at"))

    @property
    def target(self) -> tuple[str, str]:
        return (self.target_kind, self.target_id)


@dataclass(frozen=True)
class Receipt:
    """The answer to a delivery: the stored row, its case, and whether this delivery created it."""

    report_id: str
    id: int
    case_id: int
    created: bool
    received_at: datetime


def queue_of(reason: str | None) -> str:
    """The review queue a case belongs to."""
    return "child_safety" if reason == "child_safety" else "general"


@dataclass(frozen=True)
class CaseSummary:
    """A case as queues and the console list it."""

    id: int
    target_kind: str
    target_id: str
    reason: str | None
    priority: int
    status: str
    stage: str
    claimed_by: str | None
    lease_expires_at: datetime | None
    report_count: int
    opened_at: datetime
    sla_due_at: datetime
    closed_at: datetime | None

    @property
    def queue(self) -> str:
        return queue_of(self.reason)
