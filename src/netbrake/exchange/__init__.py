"""Reports out: clearinghouse reports, DSA statements of reasons, shared signals, transparency figures.

Everything here is built from a ``netbrake scan`` RESULTS folder
(:func:`read_results`). netbrake never holds media bytes: every export
identifies media by hash only.
"""

from netbrake.exchange.cybertip import (
    CybertipExport,
    ReportedFile,
    Reporter,
    ReportPackage,
    build_file_details_xml,
    build_packages,
    build_report_xml,
    validate,
)
from netbrake.exchange.dsa import (
    BATCH_LIMIT,
    DsaExport,
    StatementOfReasons,
    batches,
    build_statements,
)
from netbrake.exchange.export import (
    EXPORTS,
    export_cybertip,
    export_dsa,
    export_signals,
    export_stix,
)
from netbrake.exchange.journal import JournalEntry, SubmissionJournal
from netbrake.exchange.metrics import TransparencyReport, build_report, read_view_log
from netbrake.exchange.results import Results, read_results
from netbrake.exchange.signals import read_signals, write_signals
from netbrake.exchange.submitter import (
    ClearinghouseError,
    CybertipClient,
    MediaUploader,
    RetryPolicy,
    Submission,
)

__all__ = [
    "BATCH_LIMIT",
    "EXPORTS",
    "ClearinghouseError",
    "CybertipClient",
    "CybertipExport",
    "DsaExport",
    "JournalEntry",
    "MediaUploader",
    "ReportPackage",
    "ReportedFile",
    "Reporter",
    "Results",
    "RetryPolicy",
    "StatementOfReasons",
    "Submission",
    "SubmissionJournal",
    "TransparencyReport",
    "batches",
    "build_file_details_xml",
    "build_packages",
    "build_report",
    "build_report_xml",
    "build_statements",
    "export_cybertip",
    "export_dsa",
    "export_signals",
    "export_stix",
    "read_results",
    "read_signals",
    "read_view_log",
    "validate",
    "write_signals",
]
