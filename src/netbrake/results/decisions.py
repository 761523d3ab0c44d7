"""Reading one ``enforcement.jsonl`` line as a :class:`netbrake.enforce.Decision` (docs/results.md).

Every consumer of a results folder reads decisions through this one function,
so a row that does not parse is named the same way everywhere: file, row and
field. Only ``decision_id``, ``subject_id``, ``actions`` and ``created_at``
are required; the other fields default, so a row written by an older netbrake
(or by hand, for a manual decision) is still read.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from netbrake.enforce import Action, Decision, Source, SubjectKind, ordered
from netbrake.platform import Problem

#: Actions a decision may carry (docs/results.md "enforcement.jsonl").
ACTIONS = frozenset(str(a) for a in Action)

_REQUIRED = ("decision_id", "subject_id", "actions")
_SUBJECT_KINDS = ("account", "person")
_SOURCES = ("automatic", "manual", "override")


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


def _text(raw: Mapping[str, Any], name: str) -> str:
    value = raw.get(name)
    return "" if value is None else str(value)


def read_decision(raw: Mapping[str, Any], path: Path, row: int) -> Decision | Problem:
    """One decision from one JSON object, or the problem (file, row, field) that stops it."""
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
    kind: SubjectKind = raw.get("subject_kind") or "account"
    if kind not in _SUBJECT_KINDS:
        return _problem(path, row, "subject_kind", f"unknown subject kind {kind!r}", "value")
    source: Source = raw.get("source") or "automatic"
    if source not in _SOURCES:
        return _problem(path, row, "source", f"unknown source {source!r}", "value")
    confidence = raw.get("confidence")
    if confidence is not None and (
        isinstance(confidence, bool) or not isinstance(confidence, int | float)
    ):
        return _problem(path, row, "confidence", "confidence must be a number", "type")
    notes = raw.get("notes") or []
    if not isinstance(notes, list):
        return _problem(path, row, "notes", "notes must be a list", "type")
    return Decision(
        decision_id=str(raw["decision_id"]),
        subject_kind=kind,
        subject_id=str(raw["subject_id"]),
        person_id=str(raw["person_id"]) if raw.get("person_id") else None,
        actions=ordered(actions),
        role=_text(raw, "role"),
        reason=_text(raw, "reason"),
        rule_id=_text(raw, "rule_id"),
        policy_version=_text(raw, "policy_version"),
        confidence=None if confidence is None else float(confidence),
        needs_human_review=bool(raw.get("needs_human_review", False)),
        evidence=evidence,
        created_at=created,
        source=source,
        parent_decision_id=_text(raw, "parent_decision_id") or None,
        notes=tuple(str(n) for n in notes),
    )
