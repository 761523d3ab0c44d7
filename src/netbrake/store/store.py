"""The operational store: one object owning the engine, the writer lock and the clock.

Open it with :meth:`Store.open` (the data directory's SQLite file by default,
PostgreSQL through a ``postgresql://`` URL). Reads use :meth:`Store.read`;
every write goes through :meth:`Store.write`, which serialises writers and
appends audit entries in the same transaction as the change.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager, nullcontext
from datetime import datetime
from types import TracebackType
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from netbrake.errors import InputError, Location, NetbrakeError
from netbrake.home import default_db_url
from netbrake.store import apikeys, enforcement, intake, migrate, subjects
from netbrake.store.audit_log import to_entry, verify_store
from netbrake.store.clock import Clock, utc_now
from netbrake.store.engine import WRITE_OPTION, create_store_engine, is_memory, normalise_url
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
from netbrake.store.tables import AuditEntryRow, StoreStateRow
from netbrake.store.transaction import Transaction


class StoreNotMigrated(NetbrakeError):
    """The database schema is not at the packaged head revision."""


class Store:
    """The operational store. Thread-safe; one instance per process is the intent."""

    def __init__(self, engine: Engine, *, now: Clock = utc_now):
        self.engine = engine
        self.now = now
        self._writer = engine.execution_options(**{WRITE_OPTION: True})
        self._lock = threading.RLock()
        # An in-memory SQLite database is one shared connection: serialise reads too.
        self._serial_reads = is_memory(engine.url)
        #: Keys revoked through this object; caches of verified keys drop them when it moves.
        self.key_revocations = 0

    @classmethod
    def open(
        cls, url: str | None = None, *, now: Clock = utc_now, migrate_schema: bool | None = None
    ) -> Store:
        """Open the store at ``url`` (default: ``NETBRAKE_DB`` or the data directory's SQLite).

        ``migrate_schema`` defaults to True for SQLite (an embedded file upgrades
        itself) and False for PostgreSQL, where ``netbrake db upgrade`` runs once
        per deployment; an outdated schema then raises :class:`StoreNotMigrated`.
        """
        target = url or default_db_url()
        engine = create_store_engine(target)
        auto = normalise_url(target).get_backend_name() == "sqlite"
        current: str | None = ""
        head = ""
        try:
            if migrate_schema if migrate_schema is not None else auto:
                migrate.upgrade(engine)
            else:
                current, head = migrate.current_revision(engine), migrate.head_revision()
        except OperationalError as exc:
            # A server that does not answer or a file that cannot be opened is the URL's
            # problem, named in one line; the driver's first line says why.
            engine.dispose()
            shown = normalise_url(target).render_as_string(hide_password=True)
            reason = str(exc.orig or exc).strip().splitlines()[0]
            raise InputError(
                f"cannot open the store {shown}: {reason}", Location(field="--db")
            ) from exc
        if current != head:
            engine.dispose()
            raise StoreNotMigrated(
                f"store schema is at {current or 'nothing'}, not {head}: run `netbrake db upgrade`"
            )
        return cls(engine, now=now)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only session on one snapshot (REPEATABLE READ on PostgreSQL)."""
        guard = self._lock if self._serial_reads else nullcontext()
        with guard, Session(self.engine, expire_on_commit=False) as session:
            if self.engine.dialect.name == "postgresql":
                session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
            yield session
            session.rollback()

    @contextmanager
    def write(self) -> Iterator[Transaction]:
        """A write transaction holding the writer lock; commits on success, else rolls back."""
        with (
            self._lock,
            Session(self._writer, expire_on_commit=False) as session,
            session.begin(),
        ):
            tx = Transaction(session, self.now())
            yield tx
            tx.finish()

    # -- decisions -----------------------------------------------------------------

    def record_decision(
        self,
        subject: Subject,
        action: str,
        *,
        source: Source,
        decided_by: str,
        reason: str,
        evidence: Mapping[str, Any] | None = None,
        role: str | None = None,
        rule_id: str | None = None,
        policy_version: str | None = None,
        confidence: float | None = None,
        needs_human_review: bool = False,
        expires_at: datetime | None = None,
        case_id: int | None = None,
    ) -> DecisionRecord:
        """Store a decision with its evidence snapshot; it supersedes the subject's active
        decision of the same source (see :mod:`netbrake.store.enforcement` for the rule)."""
        with self.write() as tx:
            return enforcement.record_decision(
                tx,
                subject,
                action,
                source=source,
                decided_by=decided_by,
                reason=reason,
                evidence=evidence or {},
                role=role,
                rule_id=rule_id,
                policy_version=policy_version,
                confidence=confidence,
                needs_human_review=needs_human_review,
                expires_at=expires_at,
                case_id=case_id,
            )

    def record_plan(self, decisions: Iterable[PlannedDecision], *, decided_by: str) -> PlanRecorded:
        """Record a scan's plan in one transaction (:func:`netbrake.store.enforcement.record_plan`)."""
        with self.write() as tx:
            return enforcement.record_plan(tx, decisions, decided_by=decided_by)

    def record_override(
        self,
        subject: Subject,
        *,
        decided_by: str,
        reason: str,
        expires_at: datetime,
        rule_id: str | None = None,
        decision_id: int | None = None,
    ) -> Override:
        """A reviewer's "not a violation" on ``subject`` until ``expires_at``."""
        with self.write() as tx:
            return enforcement.record_override(
                tx,
                subject,
                decided_by=decided_by,
                reason=reason,
                expires_at=expires_at,
                rule_id=rule_id,
                decision_id=decision_id,
            )

    def revoke_override(self, override_id: int, *, actor: str, reason: str) -> Override:
        with self.write() as tx:
            return enforcement.revoke_override(tx, override_id, actor=actor, reason=reason)

    def effective_decision(self, subject: Subject) -> EffectiveDecision:
        """What holds for ``subject`` now: manual > automatic unless overridden > nothing."""
        with self.read() as session:
            return enforcement.effective_decision(session, subject, self.now())

    def decisions(self, subject: Subject) -> list[DecisionRecord]:
        """Every decision on ``subject``, oldest first, superseded ones included."""
        with self.read() as session:
            return enforcement.decision_history(session, subject)

    # -- live state of subjects and policy -------------------------------------------

    def set_account_state(
        self,
        account_id: str,
        *,
        actor: str,
        reason: str,
        status: str | None = None,
        person_id: str | None = None,
        network_id: str | None = None,
        role: str | None = None,
        risk_score: float | None = None,
    ) -> None:
        """Create or update an account; None leaves a field as it is. A status change
        bumps ``state_version``."""
        with self.write() as tx:
            subjects.set_account_state(
                tx,
                account_id,
                actor=actor,
                reason=reason,
                status=status,
                person_id=person_id,
                network_id=network_id,
                role=role,
                risk_score=risk_score,
            )

    def set_person_status(self, person_id: str, status: str, *, actor: str, reason: str) -> None:
        with self.write() as tx:
            subjects.set_person_status(tx, person_id, status, actor=actor, reason=reason)

    def record_policy_version(self, version: str, toml_text: str, *, actor: str) -> str:
        """Keep a loaded policy's text; returns its SHA-256 (same version, new text: refused)."""
        with self.write() as tx:
            return subjects.record_policy_version(tx, version, toml_text, actor=actor)

    # -- audit log and live state ----------------------------------------------------

    def append_audit_log(
        self,
        actor: str,
        action: str,
        reason: str,
        *,
        subject_kind: str | None = None,
        subject_id: str | None = None,
        payload: Mapping[str, Any] | None = None,
    ) -> AuditEntry:
        """Record an event that changes no table (an export, a login, a lookup)."""
        with self.write() as tx:
            return tx.audit_log(
                actor,
                action,
                reason,
                subject_kind=subject_kind,
                subject_id=subject_id,
                payload=payload,
            )

    def verify_audit_log(self) -> VerifyResult:
        with self.read() as session:
            return verify_store(session)

    def audit_log_entries(self, *, after_seq: int = 0, limit: int = 100) -> list[AuditEntry]:
        with self.read() as session:
            query = (
                select(AuditEntryRow)
                .where(AuditEntryRow.seq > after_seq)
                .order_by(AuditEntryRow.seq)
                .limit(limit)
            )
            return [to_entry(row) for row in session.execute(query).scalars()]

    def state_version(self) -> int:
        """The live-state counter guards poll; moves on every enforcement change."""
        with self.read() as session:
            return session.execute(select(StoreStateRow.state_version)).scalar_one()

    def bump_state(self, *, actor: str, reason: str) -> int:
        """Force guards to reload (e.g. after an out-of-band takedown)."""
        with self.write() as tx:
            version = tx.bump_state()
            tx.audit_log(actor, "state.bump", reason, payload={"state_version": version})
            return version

    # -- reports ----------------------------------------------------------------------

    def receive_report(
        self,
        *,
        report_id: str,
        reporter_id: str,
        target_kind: str,
        target_id: str,
        reason: str,
        text: str | None = None,
        created_at: datetime | None = None,
    ) -> intake.Receipt:
        """Keep a user report durably; a repeated ``report_id`` is recognised, never doubled."""
        with self.write() as tx:
            return intake.receive_report(
                tx,
                report_id=report_id,
                reporter_id=reporter_id,
                target_kind=target_kind,
                target_id=target_id,
                reason=reason,
                text=text,
                created_at=created_at,
            )

    # -- API keys ----------------------------------------------------------------------

    def create_api_key(
        self, scopes: Iterable[str], *, created_by: str, label: str = ""
    ) -> IssuedApiKey:
        with self.write() as tx:
            return apikeys.create_api_key(tx, scopes, created_by=created_by, label=label)

    def verify_api_key(self, secret: str, scope: Scope) -> ApiKey:
        """The key when live and allowed ``scope``; raises ``AccessDenied`` (401/403) otherwise."""
        with self.read() as session:
            return apikeys.verify_api_key(session, secret, scope)

    def revoke_api_key(self, key_id: str, *, actor: str, reason: str) -> ApiKey:
        with self.write() as tx:
            key = apikeys.revoke_api_key(tx, key_id, actor=actor, reason=reason)
        self.key_revocations += 1
        return key
