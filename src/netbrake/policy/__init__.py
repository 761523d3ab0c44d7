"""The policy file: one versioned TOML document holding the lexicon and other sections."""

from netbrake.policy.combination import EXTRACTED_PARTS, Combination, alternatives
from netbrake.policy.floors import check_floors
from netbrake.policy.lexicon import CATEGORIES, Kind, LexiconEntry, MatchMode, Severity, State
from netbrake.policy.loader import DEFAULT_POLICY
from netbrake.policy.policy import Policy, PolicyMeta

__all__ = [
    "CATEGORIES",
    "DEFAULT_POLICY",
    "EXTRACTED_PARTS",
    "Combination",
    "Kind",
    "LexiconEntry",
    "MatchMode",
    "Policy",
    "PolicyMeta",
    "Severity",
    "State",
    "alternatives",
    "check_floors",
]
