"""The decisions every exchange is built from, read through :class:`netbrake.results.ScanResults`.

The folder layout is the results contract (docs/results.md): files are
opened, and a missing folder or file, a truncated file or a newer results
version reported, by the one reader every consumer shares. Reading the
decisions is defensive: optional fields may be missing, and a line that
cannot be read becomes a :class:`Problem` instead of crashing the export
(STYLE.md rule 9, ARCHITECTURE.md quarantine). Each decision's ``evidence``
carries the structured evidence of docs/results.md "Evidence", read by
:mod:`netbrake.exchange.evidence`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from netbrake.platform import Problem
from netbrake.results import ACCOUNTS_FILE, ENFORCEMENT_FILE, ScanResults

#: Actions a decision may carry (ARCHITECTURE.md, enforcement plan).
ACTIONS = frozenset(
    {
        "remove_account",
        "remove_content",
        "restrict_discovery",
        "require_review",
        "safeguard",
        "report_clearinghouse",
        "none",
    }
)

_REQUIRED = ("decision_id", "subject_id", "actions")


@dataclass(frozen=True)
class Decision:
    """One enforcement decision as the scan wrote it; ``evidence`` is its snapshot."""

    decision_id: str
    subject_kind: str
    subject_id: str
    person_id: str | None
    actions: tuple[str, ...]
    role: str | None
    reason: str
    rule_id: str | None
    policy_version: str | None
    confidence: float | None
    needs_human_review: bool
    evidence: Mapping[str, Any]
    created_at: datetime

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


@dataclass(frozen=True)
class AccountRow:
    """One row of ``accounts.parquet`` (the columns exchanges use)."""

    account_id: str
    person_id: str | None
    role: str | None
    action: str | None


@dataclass
class Results:
    """A RESULTS folder read into memory, with the problems met while reading."""

    path: Path
    decisions: list[Decision]
    accounts: list[AccountRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def accounts_of(self, person_id: str) -> list[str]:
        return sorted(a.account_id for a in self.accounts if a.person_id == person_id)


def parse_time(value: Any) -> datetime | None:
    """An ISO 8601 timestamp as an aware UTC datetime (naive values are taken as UTC)."""
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _problem(path: Path, row: int, column: str | None, reason: str, kind: str) -> Problem:
    return Problem("enforcement", str(path), row, column, reason, kind)


def decision_from_json(raw: Mapping[str, Any], path: Path, row: int) -> Decision | Problem:
    """One decision from one JSON object, or the problem that stops it being read."""
    for name in _REQUIRED:
        if raw.get(name) in (None, "", []):
            return _problem(path, row, name, f"missing required field '{name}'", "missing")
    actions = raw["actions"]
    if not isinstance(actions, list) or not all(isinstance(a, str) for a in actions):
        return _problem(path, row, "actions", "actions must be a list of strings", "type")
    unknown = sorted(set(actions) - ACTIONS)
    if unknown:
        return _problem(path, row, "actions", f"unknown action {unknown[0]!r}", "value")
    created = parse_time(raw.get("created_at"))
    if created is None:
        return _problem(path, row, "created_at", "created_at is not ISO 8601", "type")
    evidence = raw.get("evidence") or {}
    if not isinstance(evidence, dict):
        return _problem(path, row, "evidence", "evidence must be an object", "type")
    confidence = raw.get("confidence")
    return Decision(
        decision_id=str(raw["decision_id"]),
        subject_kind=str(raw.get("subject_kind") or "account"),
        subject_id=str(raw["subject_id"]),
        person_id=str(raw["person_id"]) if raw.get("person_id") else None,
        actions=tuple(actions),
        role=str(raw["role"]) if raw.get("role") else None,
        reason=str(raw.get("reason") or ""),
        rule_id=str(raw["rule_id"]) if raw.get("rule_id") else None,
        policy_version=str(raw["policy_version"]) if raw.get("policy_version") else None,
        confidence=float(confidence) if isinstance(confidence, int | float) else None,
        needs_human_review=bool(raw.get("needs_human_review", False)),
        evidence=evidence,
        created_at=created,
    )


def _read_decisions(scan: ScanResults) -> tuple[list[Decision], list[Problem]]:
    path = scan.file(ENFORCEMENT_FILE)
    decisions: list[Decision] = []
    problems: list[Problem] = []
    for line in scan.decision_rows():
        if line.data is None:
            problems.append(_problem(path, line.row, None, str(line.error), "parse"))
            continue
        read = decision_from_json(line.data, path, line.row)
        if isinstance(read, Problem):
            problems.append(read)
        else:
            decisions.append(read)
    return decisions, problems


def _read_accounts(scan: ScanResults) -> list[AccountRow]:
    if not scan.has(ACCOUNTS_FILE):
        return []
    table = scan.accounts()
    names = set(table.column_names)
    rows = table.to_pylist()

    def get(row: dict[str, Any], name: str) -> str | None:
        value = row.get(name) if name in names else None
        return None if value is None else str(value)

    return [
        AccountRow(str(r["account_id"]), get(r, "person_id"), get(r, "role"), get(r, "action"))
        for r in rows
        if r.get("account_id") is not None
    ]


def read_results(path: Path) -> Results:
    """Read a RESULTS folder; a missing folder or ``enforcement.jsonl`` is a user error."""
    scan = ScanResults.open(path)
    decisions, problems = _read_decisions(scan)
    return Results(scan.path, decisions, _read_accounts(scan), problems)
