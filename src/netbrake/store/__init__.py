"""The operational store: decisions, overrides, audit log, keys, reports.

SQLite in WAL mode is the embedded default (one file in the data directory);
PostgreSQL is selected by URL. The schema is migrated by Alembic revisions
shipped in ``netbrake/store/migrations``. Tables live in
:mod:`netbrake.store.tables`; writers use :meth:`Store.write` transactions.
"""

from netbrake.store import migrate
from netbrake.store.apikeys import AccessDenied
from netbrake.store.audit_log import to_entry
from netbrake.store.clock import Clock, ManualClock, utc_now
from netbrake.store.enforcement import record_decision, to_decision, to_override
from netbrake.store.engine import create_store_engine, is_memory, normalise_url
from netbrake.store.intake import Receipt
from netbrake.store.records import (
    ApiKey,
    AuditEntry,
    DecisionRecord,
    EffectiveDecision,
    IssuedApiKey,
    Override,
    PlannedDecision,
    PlanRecorded,
    Scope,
    Source,
    Subject,
    VerifyResult,
)
from netbrake.store.store import Store, StoreNotMigrated
from netbrake.store.tables import (
    AccountRow,
    AppealRow,
    AuditEntryRow,
    CaseReviewRow,
    CaseRow,
    DecisionRow,
    LiveEffectRow,
    LiveEventRow,
    LiveOffsetRow,
    LiveQuarantineRow,
    OverrideRow,
    PersonRow,
    ReporterRow,
    ReportRow,
    ReviewerRow,
    StoreStateRow,
)
from netbrake.store.transaction import Transaction, UnauditedWrite

__all__ = [
    "AccessDenied",
    "AccountRow",
    "ApiKey",
    "AppealRow",
    "AuditEntry",
    "AuditEntryRow",
    "CaseReviewRow",
    "CaseRow",
    "Clock",
    "DecisionRecord",
    "DecisionRow",
    "EffectiveDecision",
    "IssuedApiKey",
    "LiveEffectRow",
    "LiveEventRow",
    "LiveOffsetRow",
    "LiveQuarantineRow",
    "ManualClock",
    "Override",
    "OverrideRow",
    "PersonRow",
    "PlanRecorded",
    "PlannedDecision",
    "Receipt",
    "ReportRow",
    "ReporterRow",
    "ReviewerRow",
    "Scope",
    "Source",
    "Store",
    "StoreNotMigrated",
    "StoreStateRow",
    "Subject",
    "Transaction",
    "UnauditedWrite",
    "VerifyResult",
    "create_store_engine",
    "is_memory",
    "migrate",
    "normalise_url",
    "record_decision",
    "to_decision",
    "to_entry",
    "to_override",
    "utc_now",
]
