"""Term discovery: new coded terms found from the network itself (F4)."""

from netbrake.terms.candidate import FLAGS, KINDS, Candidate, DiscoverySettings
from netbrake.terms.discovery import discover, english_zipf
from netbrake.terms.logodds import PRIOR_WEIGHT, log_odds_z, reference_log_odds_z

__all__ = [
    "FLAGS",
    "KINDS",
    "PRIOR_WEIGHT",
    "Candidate",
    "DiscoverySettings",
    "discover",
    "english_zipf",
    "log_odds_z",
    "reference_log_odds_z",
]
