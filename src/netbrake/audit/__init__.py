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
from netbrake.audit.impression_chart import exposure_chart
from netbrake.audit.impression_html import render_impressions
from netbrake.audit.impression_report import EntryPoint, ExposureCell, ImpressionAudit
from netbrake.audit.impression_scan import (
    IMPRESSIONS_AUDIT_FILE,
    IMPRESSIONS_HTML_FILE,
    IMPRESSIONS_QUARANTINE_FILE,
    audit_scan_impressions,
    impression_members,
    write_impressions_audit,
)
from netbrake.audit.impressions import audit_impressions
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
from netbrake.audit.table import audit_table, impressions_audit_table
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
    "IMPRESSIONS_AUDIT_FILE",
    "IMPRESSIONS_HTML_FILE",
    "IMPRESSIONS_QUARANTINE_FILE",
    "PROBES",
    "RECOMMENDERS",
    "REFERENCE_RECOMMENDERS",
    "SUGGESTED_ACCOUNTS",
    "AuditReport",
    "AutocompleteGuard",
    "CallableRecommender",
    "Contamination",
    "EntryPoint",
    "Exposure",
    "ExposureCell",
    "FlaggedSetGuard",
    "GraphRecommender",
    "GroundTruth",
    "Guard",
    "GuardEngineLike",
    "GuardedRecommender",
    "HashtagIndex",
    "HttpRecommender",
    "ImpressionAudit",
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
    "audit_impressions",
    "audit_scan",
    "audit_scan_impressions",
    "audit_table",
    "exposure_chart",
    "guard_from_engine",
    "guarded_leaks",
    "impression_members",
    "impressions_audit_table",
    "lexicon_probe_queries",
    "no_guard",
    "probe_variants",
    "reference_recommenders",
    "render_impressions",
    "run_audit",
    "scan_guards",
    "wilson",
    "write_audit",
    "write_impressions_audit",
]
