"""Enforcement: persons and mapped accounts -> proportionate, explained, reviewable decisions.

The pure part of enforcement; docs/failures.md "Roles in such networks".
"""

from netbrake.enforce.actions import ACTION_ORDER, Action, ordered
from netbrake.enforce.breaker import IRREVERSIBLE, BreakerResult, apply_breaker
from netbrake.enforce.decision import (
    Decision,
    ManualDecision,
    Override,
    Source,
    SubjectKind,
    decision_id,
)
from netbrake.enforce.evaluation import EvasionCoverage, evasion_coverage
from netbrake.enforce.jsonl import read_enforcement_jsonl, write_enforcement_jsonl
from netbrake.enforce.overrides import apply_overrides
from netbrake.enforce.plan import ACCOUNT_ACTIONS_SCHEMA, EnforcementPlan, plan_enforcement
from netbrake.enforce.rules import EnforcementRules, RoleRule

__all__ = [
    "ACCOUNT_ACTIONS_SCHEMA",
    "ACTION_ORDER",
    "IRREVERSIBLE",
    "Action",
    "BreakerResult",
    "Decision",
    "EnforcementPlan",
    "EnforcementRules",
    "EvasionCoverage",
    "ManualDecision",
    "Override",
    "RoleRule",
    "Source",
    "SubjectKind",
    "apply_breaker",
    "apply_overrides",
    "decision_id",
    "evasion_coverage",
    "ordered",
    "plan_enforcement",
    "read_enforcement_jsonl",
    "write_enforcement_jsonl",
]
