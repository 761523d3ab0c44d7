"""The scan's output as a contract, as :mod:`netbrake.platform` is for its input.

docs/results.md: the RESULTS file names, the structured evidence each
decision carries, and :class:`ScanResults`, the one reader every consumer uses.
"""

from netbrake.results import account_evidence
from netbrake.results.account_evidence import (
    EVIDENCE_KEYS,
    AccountEvidence,
    GraphEvidence,
    MediaHash,
    TextHit,
)
from netbrake.results.decisions import ACTIONS, parse_time, read_decision
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
from netbrake.results.schema import FILE_SCHEMAS, VERSION_KEY, FileSchema, file_versions, stamp

__all__ = [
    "ACCOUNTS_FILE",
    "ACTIONS",
    "DATASET_DIR",
    "EDGES_FILE",
    "ENFORCEMENT_FILE",
    "EVIDENCE_FILE",
    "EVIDENCE_KEYS",
    "FILE_SCHEMAS",
    "HITS_FILE",
    "MEDIA_MATCHES_FILE",
    "NETWORKS_FILE",
    "PERSONS_FILE",
    "QUARANTINE_FILE",
    "REPORT_CANDIDATES_FILE",
    "RESULTS_VERSION",
    "SUMMARY_FILE",
    "VERSION_KEY",
    "AccountEvidence",
    "DecisionRow",
    "FileSchema",
    "GraphEvidence",
    "MediaHash",
    "ScanResults",
    "TextHit",
    "account_evidence",
    "file_versions",
    "parse_time",
    "read_decision",
    "stamp",
]
