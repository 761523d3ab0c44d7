"""Recommendation safety audit: probes, reference recommenders, exposure metrics.

Reproduces the outside researchers' probes (F1, F2, F9) against
any recommender and measures exposure to network members before and after
the guards, with the cost in benign utility.
"""

from netbrake.audit.callable_recommender import CallableRecommender, SuggestFn
from netbrake.audit.flagged_set_guard import FlaggedSetGuard
from netbrake.audit.graph_recommender import GraphRecommender
from netbrake.audit.ground_truth import GroundTruth
from netbrake.audit.guard import (
    Guard,
    GuardedRecommender,
    GuardEngineLike,
    InteractionFilter,
    guard_from_engine,
    no_guard,
)
from netbrake.audit.http_recommender import HttpRecommender
from netbrake.audit.interaction import FEED, SUGGESTED_ACCOUNTS, Interaction
from netbrake.audit.interaction_graph import InteractionGraph
from netbrake.audit.item_cooccurrence import ItemCooccurrence
from netbrake.audit.people_you_may_know import PeopleYouMayKnow
from netbrake.audit.rate import Rate, wilson
from netbrake.audit.recommender import Recommender, SupportsHoldout
from netbrake.audit.reference import REFERENCE_RECOMMENDERS, reference_recommenders
from netbrake.audit.report import (
    AuditReport,
    Contamination,
    Exposure,
    TextSurfaceExposure,
    TimeToExposure,
    Utility,
)
from netbrake.audit.run import PROBES, ProbeSettings, run_audit
from netbrake.audit.scan_audit import (
    AUDIT_FILE,
    RECOMMENDERS,
    ScanGuards,
    audit_dataset,
    audit_scan,
    guarded_leaks,
    scan_guards,
    write_audit,
)
from netbrake.audit.table import audit_table
from netbrake.audit.text_probes import (
    AutocompleteGuard,
    HashtagIndex,
    SearchGuard,
    TextProbes,
    lexicon_probe_queries,
    probe_variants,
)

__all__ = [
    "AUDIT_FILE",
    "FEED",
    "PROBES",
    "RECOMMENDERS",
    "REFERENCE_RECOMMENDERS",
    "SUGGESTED_ACCOUNTS",
    "AuditReport",
    "AutocompleteGuard",
    "CallableRecommender",
    "Contamination",
    "Exposure",
    "FlaggedSetGuard",
    "GraphRecommender",
    "GroundTruth",
    "Guard",
    "GuardEngineLike",
    "GuardedRecommender",
    "HashtagIndex",
    "HttpRecommender",
    "Interaction",
    "InteractionFilter",
    "InteractionGraph",
    "ItemCooccurrence",
    "PeopleYouMayKnow",
    "ProbeSettings",
    "Rate",
    "Recommender",
    "ScanGuards",
    "SearchGuard",
    "SuggestFn",
    "SupportsHoldout",
    "TextProbes",
    "TextSurfaceExposure",
    "TimeToExposure",
    "Utility",
    "audit_dataset",
    "audit_scan",
    "audit_table",
    "guard_from_engine",
    "guarded_leaks",
    "lexicon_probe_queries",
    "no_guard",
    "probe_variants",
    "reference_recommenders",
    "run_audit",
    "scan_guards",
    "wilson",
    "write_audit",
]
