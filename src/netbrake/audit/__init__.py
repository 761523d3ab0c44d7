"""Recommendation safety audit: probes, reference recommenders, exposure metrics.

Reproduces the outside researchers' probes (F1, F2, F9) against
any recommender and measures exposure to network members before and after
the guards, with the cost in benign utility.
"""

from netbrake.audit.callable_recommender import CallableRecommender, SuggestFn
from netbrake.audit.estimate import Estimate
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
from netbrake.audit.html import render_audit_html, write_audit_html
from netbrake.audit.http_recommender import API_KEY_ENV, HttpRecommender
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
from netbrake.audit.interaction import FEED, PROBE_PREFIX, SUGGESTED_ACCOUNTS, Interaction
from netbrake.audit.interaction_graph import InteractionGraph
from netbrake.audit.isolation import InPlaceRecommender
from netbrake.audit.item_cooccurrence import ItemCooccurrence
from netbrake.audit.people_you_may_know import PeopleYouMayKnow
from netbrake.audit.probe_chart import probe_exposure_charts
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
from netbrake.audit.truth import (
    EVIDENCE_LEVELS,
    TRUTH_SOURCES,
    AuditTruth,
    reviewed_accounts,
    truth_from_labels,
    truth_from_labels_file,
    truth_from_reviews,
    truth_from_scan,
)
from netbrake.audit.truth_choice import TRUTH_MODES, TruthRequest, choose_truth
from netbrake.audit.truth_line import interval_note, truth_line

__all__ = [
    "API_KEY_ENV",
    "AUDIT_FILE",
    "EVIDENCE_LEVELS",
    "FEED",
    "IMPRESSIONS_AUDIT_FILE",
    "IMPRESSIONS_HTML_FILE",
    "IMPRESSIONS_QUARANTINE_FILE",
    "PROBES",
    "PROBE_PREFIX",
    "RECOMMENDERS",
    "REFERENCE_RECOMMENDERS",
    "SUGGESTED_ACCOUNTS",
    "TRUTH_MODES",
    "TRUTH_SOURCES",
    "AuditReport",
    "AuditTruth",
    "AutocompleteGuard",
    "CallableRecommender",
    "Contamination",
    "EntryPoint",
    "Estimate",
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
    "InPlaceRecommender",
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
    "TruthRequest",
    "Utility",
    "audit_dataset",
    "audit_impressions",
    "audit_scan",
    "audit_scan_impressions",
    "audit_table",
    "choose_truth",
    "exposure_chart",
    "guard_from_engine",
    "guarded_leaks",
    "impression_members",
    "impressions_audit_table",
    "interval_note",
    "lexicon_probe_queries",
    "no_guard",
    "probe_exposure_charts",
    "probe_variants",
    "reference_recommenders",
    "render_audit_html",
    "render_impressions",
    "reviewed_accounts",
    "run_audit",
    "scan_guards",
    "truth_from_labels",
    "truth_from_labels_file",
    "truth_from_reviews",
    "truth_from_scan",
    "truth_line",
    "wilson",
    "write_audit",
    "write_audit_html",
    "write_impressions_audit",
]
