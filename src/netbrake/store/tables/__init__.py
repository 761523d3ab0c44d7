"""The operational store's tables (SQLAlchemy 2 typed models), one module per concern.

Other packages read and write these through :class:`netbrake.store.Store`
transactions; a column added here needs a new Alembic revision in
``netbrake/store/migrations/versions`` (a test compares models and migrations).
"""

from netbrake.store.tables.access import ApiKeyRow
from netbrake.store.tables.audit_log import AuditEntryRow
from netbrake.store.tables.base import Base, UTCDateTime
from netbrake.store.tables.enforcement import (
    SUBJECT_KINDS,
    DecisionRow,
    OverrideRow,
    PolicyVersionRow,
    StoreStateRow,
)
from netbrake.store.tables.live import LiveEffectRow, LiveEventRow, LiveOffsetRow, LiveQuarantineRow
from netbrake.store.tables.reports import (
    AppealRow,
    CaseReviewRow,
    CaseRow,
    ReporterRow,
    ReportRow,
    ReviewerRow,
)
from netbrake.store.tables.subjects import AccountRow, NetworkRow, PersonRow

__all__ = [
    "SUBJECT_KINDS",
    "AccountRow",
    "ApiKeyRow",
    "AppealRow",
    "AuditEntryRow",
    "Base",
    "CaseReviewRow",
    "CaseRow",
    "DecisionRow",
    "LiveEffectRow",
    "LiveEventRow",
    "LiveOffsetRow",
    "LiveQuarantineRow",
    "NetworkRow",
    "OverrideRow",
    "PersonRow",
    "PolicyVersionRow",
    "ReportRow",
    "ReporterRow",
    "ReviewerRow",
    "StoreStateRow",
    "UTCDateTime",
]
