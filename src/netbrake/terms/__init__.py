"""Term discovery: new coded terms found from the network itself (F4)."""

from netbrake.terms.candidate import FLAGS, KINDS, Candidate, DiscoverySettings
from netbrake.terms.discovery import discover, english_zipf
from netbrake.terms.logodds import PRIOR_WEIGHT, log_odds_z, reference_log_odds_z
from netbrake.terms.review import (
    CANDIDATES_FILE,
    Edit,
    TermReview,
    entry_id,
    find_candidate,
    read_candidates,
    write_candidates,
)
from netbrake.terms.synthetic import write_tagged_results

__all__ = [
    "CANDIDATES_FILE",
    "FLAGS",
    "KINDS",
    "PRIOR_WEIGHT",
    "Candidate",
    "DiscoverySettings",
    "Edit",
    "TermReview",
    "discover",
    "english_zipf",
    "entry_id",
    "find_candidate",
    "log_odds_z",
    "read_candidates",
    "reference_log_odds_z",
    "write_candidates",
    "write_tagged_results",
]
