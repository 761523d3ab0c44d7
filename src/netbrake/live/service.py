"""`LiveService`: the event log, the incremental state and the guard engine, wired (F9).

:meth:`LiveService.ingest` appends a batch durably and wakes the applier; the
applier thread reads the log past its offset, applies each event to the
:class:`LiveState`, lays the changed flags on the engine's current guard state
(so the next guard call sees them) and then commits the offset with the
effects. A service started from a scan also knows the identifier hashes of
the scan's dataset, so a sign-up on a scanned person's device is linked (F6).
On start the log is replayed up to the stored offset without
writing effects (memory is rebuilt; nothing is applied twice), then the
applier resumes from there (nothing is lost).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from pathlib import Path

from netbrake.guard import GuardEngine, GuardState
from netbrake.live.events import Event
from netbrake.live.log import AppendResult, Effect, EventLog
from netbrake.live.state import LiveState
from netbrake.live.tail import FolderTail
from netbrake.platform import Dataset, IdentifierHasher
from netbrake.policy import Policy
from netbrake.results import DATASET_DIR
from netbrake.scan import PipelineSettings
from netbrake.store import Store
from netbrake.text import Matcher

CONSUMER = "live-state"
#: Events read from the log per step of the applier.
STEP = 5_000


class LiveService:
    """Live mode over one store and guard engine."""

    def __init__(
        self,
        store: Store,
        engine: GuardEngine,
        *,
        policy: Policy | None = None,
        folder: Path | None = None,
        hasher: IdentifierHasher | None = None,
        tail_interval: float = 0.2,
        anchors: Sequence[str] = (),
    ):
        policy = policy or Policy.load(engine.policy_path)
        self.store = store
        self.engine = engine
        base = engine.results if engine.results.size else None
        self.state = LiveState(
            PipelineSettings.from_policy(policy), Matcher.from_policy(policy), base, anchors
        )
        if base is not None and base.path is not None:
            dataset = base.path / DATASET_DIR
            if (dataset / "identifiers.parquet").is_file():
                found = Dataset.open(dataset).table("identifiers", ["account_id", "kind", "value"])
                self.state.know_identifiers(
                    zip(*(found.column(c).to_pylist() for c in found.column_names), strict=True)
                )
        self.log = EventLog(
            store,
            hasher,
            known_accounts=base.ids if base is not None else (),
        )
        self._lock = threading.RLock()
        self._applying = threading.Lock()
        self._wake = threading.Condition()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.applied = self.log.offset(CONSUMER)
        self.replayed = 0
        for offset, event in self.log.events_with_offsets(0):
            if offset > self.applied:
                break
            self.state.apply(offset, event)  # effects were committed with the offset
            self.replayed += 1
        self.state.take_withdrawn()  # the engine's state holds no live flag yet
        self.tail = FolderTail(folder, self.log, tail_interval) if folder is not None else None
        engine.state_hooks.append(self._lay_on)
        self._lay_on(engine.state)
        #: Wall-clock instant each offset became visible to the guards (benchmarks).
        self.visible_at: dict[int, float] = {}
        self.track_visibility = False
        #: Apply a batch before answering it (F6: no impression between the answer and the
        #: suppression); False leaves it to the applier thread (lower answer latency).
        self.apply_before_ack = True
        #: Apply a batch just appended from memory rather than reading it back from the
        #: store (the same events: the store holds what was parsed); False: read it back.
        self.apply_in_memory = True

    def _lay_on(self, state: GuardState) -> None:
        with self._lock:
            self.state.lay_on(state)

    def ingest(self, lines: Sequence[str | bytes], source: str) -> AppendResult:
        """Append a batch (durable when this returns) and wake the applier."""
        result = self.log.append(lines, source)
        if result.accepted and self.apply_before_ack:
            self.apply_pending(list(zip(result.accepted, result.events, strict=True)))
        if result.accepted:
            with self._wake:
                self._wake.notify_all()
        return result

    def apply_pending(self, appended: list[tuple[int, Event]] | None = None) -> int:
        """Apply everything past the offset now (the applier's step); events applied.

        ``appended``: a batch just appended, applied from memory when it is the next in
        the log (:attr:`apply_in_memory`) instead of being read back from the store.
        """
        with self._applying:  # the applier thread and ingest never apply the same offset
            return self._apply_pending(appended)

    def _apply_pending(self, appended: list[tuple[int, Event]] | None) -> int:
        done = 0
        while True:
            if appended and self.apply_in_memory and appended[0][0] == self.applied + 1:
                batch, appended = appended, None
            else:
                batch, appended = self.log.events_with_offsets(self.applied, STEP), None
            if not batch:
                return done
            effects: list[Effect] = []
            with self._lock:
                state = self.engine.state
                for offset, event in batch:
                    found = self.state.apply(offset, event)
                    if found:
                        self.state.lay_on(state, [e.subject_id for e in found])
                        effects += found
            if self.state.withdrawn:
                # Laying on only adds: a withdrawn link or membership needs a state rebuilt
                # from the scan and the store, with the remaining live flags laid on again.
                self.state.take_withdrawn()
                self.engine.rebuild()
            last = batch[-1][0]
            self.log.commit(CONSUMER, last, effects)
            self.applied = last
            if self.track_visibility:
                now = time.perf_counter()
                for offset, _ in batch:
                    self.visible_at[offset] = now
            done += len(batch)

    def wait_applied(self, offset: int, timeout: float) -> bool:
        with self._wake:
            return self._wake.wait_for(lambda: self.applied >= offset, timeout)

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="live-apply", daemon=True)
        self._thread.start()
        if self.tail is not None:
            self.tail.start()

    def stop(self) -> None:
        if self.tail is not None:
            self.tail.stop()
        self._stop.set()
        with self._wake:
            self._wake.notify_all()
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def _run(self) -> None:
        while not self._stop.is_set():
            if self.apply_pending():
                with self._wake:
                    self._wake.notify_all()
                continue
            with self._wake:
                self._wake.wait(0.05)

    def status(self) -> dict[str, object]:
        c = self.state.counts
        return {
            "last_offset": self.log.last_offset(),
            "applied_offset": self.applied,
            "replayed_on_start": self.replayed,
            "events_applied": c.events,
            "by_kind": dict(c.by_kind),
            "person_links": c.links,
            "reregistrations": c.reregistrations,
            "network_joins": c.joins,
            "deferred_to_scan": c.deferred,
            "text_hits": c.text_hits,
            "flagged": len(self.state.flags),
            "tail": self.tail.status() if self.tail is not None else None,
        }
