"""Identity linking: accounts -> persons, with evidence, caps and a re-registration check.

F6 (penalties hit accounts, not people).
"""

from netbrake.identity.components import connected_components, connected_components_reference
from netbrake.identity.evaluation import LinkScore, score_links, score_links_reference
from netbrake.identity.handles import (
    LINKING_RELATIONS,
    handle_key,
    handle_stem,
    mention_evidence,
    plain_mention_evidence,
    stem_evidence,
)
from netbrake.identity.identifiers import KINDS
from netbrake.identity.link_evidence import SUSPICIOUS_SCHEMA, EvidenceBatch, batch, supported_weak
from netbrake.identity.linker import (
    PersonLinker,
    component_report,
    links_table,
    persons_table,
    split_oversized,
)
from netbrake.identity.person_links import PERSONS_SCHEMA, PersonLinks
from netbrake.identity.profiles import bio_evidence, normalise_bio
from netbrake.identity.reregistration import (
    MatchEvidence,
    NewAccount,
    ReregistrationMatch,
    check_reregistration,
)
from netbrake.identity.rules import STRONG_KINDS, LinkingRules
from netbrake.identity.signatures import build_signatures

__all__ = [
    "KINDS",
    "LINKING_RELATIONS",
    "PERSONS_SCHEMA",
    "STRONG_KINDS",
    "SUSPICIOUS_SCHEMA",
    "EvidenceBatch",
    "LinkScore",
    "LinkingRules",
    "MatchEvidence",
    "NewAccount",
    "PersonLinker",
    "PersonLinks",
    "ReregistrationMatch",
    "batch",
    "bio_evidence",
    "build_signatures",
    "check_reregistration",
    "component_report",
    "connected_components",
    "connected_components_reference",
    "handle_key",
    "handle_stem",
    "links_table",
    "mention_evidence",
    "normalise_bio",
    "persons_table",
    "plain_mention_evidence",
    "score_links",
    "score_links_reference",
    "split_oversized",
    "stem_evidence",
    "supported_weak",
]
