"""The operational store (issue 5, item 5): decisions, overrides, audit log, keys, reports.

SQLite in WAL mode is the embedded default (one file in the data directory);
PostgreSQL is selected by URL. The schema is migrated by Alembic revisions
shipped in ``netbrake/store/migrations``. Tables live in
:mod:`netbrake.store.tables`; writers use :meth:`Store.write` transactions.
"""

from netbrake.store.apikeys import AccessDenied
from netbrake.store.clock import Clock, ManualClock, utc_now
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
from netbrake.store.transaction import Transaction, UnauditedWrite

__all__ = [
    "AccessDenied",
    "ApiKey",
    "AuditEntry",
    "Clock",
    "DecisionRecord",
    "EffectiveDecision",
    "IssuedApiKey",
    "ManualClock",
    "Override",
    "PlanRecorded",
    "PlannedDecision",
    "Receipt",
    "Scope",
    "Source",
    "Store",
    "StoreNotMigrated",
    "Subject",
    "Transaction",
    "UnauditedWrite",
    "VerifyResult",
    "utc_now",
]
