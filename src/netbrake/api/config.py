"""What the service needs to start: store, scan results, policy, clock and limits."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from netbrake.store import Clock, Store, utc_now


@dataclass(frozen=True)
class Limits:
    """Request and intake limits; the defaults suit one platform feeding one service."""

    #: Largest request body accepted (HTTP 413 above it).
    max_body_bytes: int = 1_048_576
    #: Reports per minute and burst per reporter (HTTP 429 above it); None disables.
    reporter_per_minute: float | None = 60.0
    reporter_burst: int = 120
    #: Most reports in one ``POST /v1/reports/batch``.
    max_batch: int = 1000
    #: Most events in one ``POST /v1/live/events`` batch (HTTP 413 above it).
    max_live_events: int = 5000
    #: Most reports in one group-commit transaction.
    max_group_commit: int = 1000
    #: A reviewer's claim on a case lapses after this.
    claim_lease: timedelta = timedelta(minutes=15)
    #: Console sessions expire after this.
    session_max_age: timedelta = timedelta(hours=8)


@dataclass(frozen=True)
class ApiConfig:
    """Configuration of :func:`netbrake.api.create_app`."""

    #: Store URL (None: ``NETBRAKE_DB`` or the data directory's SQLite); ignored if ``store`` is given.
    db_url: str | None = None
    #: An already open store (tests); the app then does not close it.
    store: Store | None = None
    #: ``netbrake scan --out`` folder shown by the console and used by triage (optional).
    results_dir: Path | None = None
    policy_path: Path | None = None
    #: Hash bank folder matched by ``POST /v1/media/match`` (None: ``<data dir>/banks``).
    banks_dir: Path | None = None
    clock: Clock = utc_now
    limits: Limits = field(default_factory=Limits)
    #: Key signing console session cookies (None: the data directory's secret).
    session_secret: bytes | None = None
    #: Share of first review decisions sent to quality re-review.
    quality_share: float = 0.05
    #: Seconds between triage rounds of the background worker; 0 disables the worker.
    triage_interval: float = 1.0
    #: Run live mode (its applier keeps memory per process: one server process only).
    live: bool = True
    #: Folder of JSONL/Parquet event files live mode tails (None: HTTP intake only).
    live_folder: Path | None = None
    #: What reads ``live_folder``: "embedded" (the folder tail) or "spark" (a Structured
    #: Streaming query; checkpoint beside the folder, ``<folder>.spark-checkpoint``).
    live_engine: str = "embedded"
    #: Mark cookies Secure (behind TLS).
    secure_cookies: bool = False
