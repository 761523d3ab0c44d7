"""The platform export contract: schemas, readers, validating ingest and the clean dataset."""

from netbrake.platform.dataset import Dataset
from netbrake.platform.identifiers import IdentifierHasher, normalise_identifier
from netbrake.platform.ingest import (
    QUARANTINE_FILE,
    IngestResult,
    TableReport,
    ingest,
    ingest_table,
)
from netbrake.platform.problem import Problem
from netbrake.platform.readers import ROW, read_table
from netbrake.platform.schema import (
    EDGE_KINDS,
    IDENTIFIER_KINDS,
    IMPRESSION_GUARD_ACTIONS,
    IMPRESSION_ITEM_KINDS,
    IMPRESSION_SURFACES,
    IMPRESSIONS,
    MEMBER_ROLES,
    REPORT_REASONS,
    REPORT_TARGET_KINDS,
    REPORTS,
    ROLES,
    TABLES,
    TIMESTAMP,
    Column,
    ColumnType,
    TableSpec,
)

__all__ = [
    "EDGE_KINDS",
    "IDENTIFIER_KINDS",
    "IMPRESSIONS",
    "IMPRESSION_GUARD_ACTIONS",
    "IMPRESSION_ITEM_KINDS",
    "IMPRESSION_SURFACES",
    "MEMBER_ROLES",
    "QUARANTINE_FILE",
    "REPORTS",
    "REPORT_REASONS",
    "REPORT_TARGET_KINDS",
    "ROLES",
    "ROW",
    "TABLES",
    "TIMESTAMP",
    "Column",
    "ColumnType",
    "Dataset",
    "IdentifierHasher",
    "IngestResult",
    "Problem",
    "TableReport",
    "TableSpec",
    "ingest",
    "ingest_table",
    "normalise_identifier",
    "read_table",
]
