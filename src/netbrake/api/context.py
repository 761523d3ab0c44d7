"""What every route reaches through ``request.app.state.context``: one store, one writer."""

from __future__ import annotations

import gc
import random
import threading
from dataclasses import dataclass, field

from fastapi import Request

from netbrake.api.config import ApiConfig
from netbrake.api.keycache import KeyCache
from netbrake.reports import (
    ReporterLimiter,
    ReportWriter,
    ScanResults,
    adopt_stray_reports,
    triage_once,
)
from netbrake.store import Store


@dataclass
class AppContext:
    """The app's shared state, created by ``create_app`` and started by its lifespan."""

    config: ApiConfig
    store: Store
    writer: ReportWriter
    limiter: ReporterLimiter
    results: ScanResults
    owns_store: bool
    #: The loaded policy's version, recorded with every review decision.
    policy_version: str | None = None
    rng: random.Random = field(default_factory=random.Random)
    rate_limited: int = 0
    keys: KeyCache = field(default_factory=KeyCache)
    _stop: threading.Event = field(default_factory=threading.Event)
    _triage: threading.Thread | None = None

    def start(self) -> None:
        # The framework's long-lived objects (~170,000 after start-up) are never garbage, yet
        # every full collection walked them all: ~0.2 s, several times a minute at 2,000
        # requests/s. Frozen, collections look at request garbage only (Python docs, gc.freeze).
        if gc.get_freeze_count() == 0:
            gc.freeze()
        self.writer.start()
        if self.config.triage_interval > 0 and self._triage is None:
            self._stop.clear()
            self._triage = threading.Thread(target=self._triage_loop, name="triage", daemon=True)
            self._triage.start()

    def stop(self) -> None:
        self._stop.set()
        if self._triage is not None:
            self._triage.join()
            self._triage = None
        self.writer.stop()
        if self.owns_store:
            self.store.close()

    def _triage_loop(self) -> None:
        worker = f"triage-{threading.get_native_id()}"
        while not self._stop.wait(self.config.triage_interval):
            adopt_stray_reports(self.store)
            while not self._stop.is_set() and triage_once(self.store, worker, self.results) > 0:
                pass


def context(request: Request) -> AppContext:
    found = request.app.state.context
    assert isinstance(found, AppContext)
    return found
