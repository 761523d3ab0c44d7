"""The scan's output as a contract, as :mod:`netbrake.platform` is for its input.

docs/results.md: the RESULTS file names, the structured evidence each
decision carries, and :class:`ScanResults`, the one reader every consumer uses.
"""

from netbrake.results.account_evidence import (
    EVIDENCE_KEYS,
    AccountEvidence,
    GraphEvidence,
    MediaHash,
    TextHit,
)
from netbrake.results.files import (
    ACCOUNTS_FILE,
    DATASET_DIR,
    EDGES_FILE,
    ENFORCEMENT_FILE,
    EVIDENCE_FILE,
    HITS_FILE,
    MEDIA_MATCHES_FILE,
    NETWORKS_FILE,
    PERSONS_FILE,
    QUARANTINE_FILE,
    REPORT_CANDIDATES_FILE,
    RESULTS_VERSION,
    SUMMARY_FILE,
)
from netbrake.results.scan_results import DecisionRow, ScanResults

__all__ = [
    "ACCOUNTS_FILE",
    "DATASET_DIR",
    "EDGES_FILE",
    "ENFORCEMENT_FILE",
    "EVIDENCE_FILE",
    "EVIDENCE_KEYS",
    "HITS_FILE",
    "MEDIA_MATCHES_FILE",
    "NETWORKS_FILE",
    "PERSONS_FILE",
    "QUARANTINE_FILE",
    "REPORT_CANDIDATES_FILE",
    "RESULTS_VERSION",
    "SUMMARY_FILE",
    "AccountEvidence",
    "DecisionRow",
    "GraphEvidence",
    "MediaHash",
    "ScanResults",
    "TextHit",
]
