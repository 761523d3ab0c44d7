"""Identity linking: accounts -> persons, with evidence, caps and a re-registration check.

Issue 5, items 1 and 2; CONTEXT.md F6 (penalties hit accounts, not people).
"""

from netbrake.identity.components import connected_components, connected_components_reference
from netbrake.identity.evaluation import LinkScore, score_links, score_links_reference
from netbrake.identity.handles import LINKING_RELATIONS, handle_key, handle_stem
from netbrake.identity.linker import PersonLinker
from netbrake.identity.person_links import PERSONS_SCHEMA, PersonLinks
from netbrake.identity.profiles import normalise_bio
from netbrake.identity.reregistration import (
    MatchEvidence,
    NewAccount,
    ReregistrationMatch,
    check_reregistration,
)
from netbrake.identity.rules import STRONG_KINDS, LinkingRules

__all__ = [
    "LINKING_RELATIONS",
    "PERSONS_SCHEMA",
    "STRONG_KINDS",
    "LinkScore",
    "LinkingRules",
    "MatchEvidence",
    "NewAccount",
    "PersonLinker",
    "PersonLinks",
    "ReregistrationMatch",
    "check_reregistration",
    "connected_components",
    "connected_components_reference",
    "handle_key",
    "handle_stem",
    "normalise_bio",
    "score_links",
    "score_links_reference",
]
