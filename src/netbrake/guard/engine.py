"""`GuardEngine`: the guards a platform calls on its serving path, over live state.

The engine holds one :class:`GuardState` and replaces it whole when the
policy file, the scan results or the store's ``state_version`` change
(:meth:`reload`, run every ``poll_interval`` seconds by a background thread
once :meth:`start` is called): a takedown recorded in the store is visible to
the guards about one poll interval later (within 5 s).

When live state cannot be read (no state loaded yet, or the store has not
answered for ``stale_after_seconds``), the engine is *degraded*: child-safety
surfaces fail closed (lists keep only the policy's allow-list; queries are
judged by the lexicon alone, which needs no live state) and every answer
carries ``degraded = true``.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from netbrake.errors import NetbrakeError
from netbrake.guard.decision import GuardDecision, GuardResult
from netbrake.guard.overlay import StoreOverlay, read_overlay
from netbrake.guard.recommendations import Provenance, fail_closed, filter_candidates
from netbrake.guard.settings import GuardPolicy
from netbrake.guard.snapshot import ResultsSnapshot
from netbrake.guard.state import MEMBERISH, PROTECTED, GuardState, build_state
from netbrake.guard.status import AccountStatus, account_status
from netbrake.guard.text import decide_hashtag, decide_query, filter_suggestions
from netbrake.policy import DEFAULT_POLICY, Policy
from netbrake.results import ACCOUNTS_FILE
from netbrake.store import Store
from netbrake.text import Matcher


class InteractionLike(Protocol):
    """An interaction a recommender would learn from (``netbrake.audit.Interaction``)."""

    @property
    def src(self) -> str: ...

    @property
    def dst(self) -> str: ...


@dataclass(frozen=True)
class _Sources:
    """What the current state was built from, to tell when to rebuild."""

    policy_mtime: tuple[int, ...]
    results_mtime: int
    state_version: int


def _mtime(path: Path | None) -> int:
    try:
        return path.stat().st_mtime_ns if path is not None else 0
    except OSError:
        return -1


class GuardEngine:
    """Guards over live state from scan ``results`` and the operational ``store``.

    Either source may be absent: offline (``netbrake guard ... --results``)
    there is no store; a service without a scan reads the store alone.
    """

    def __init__(
        self,
        *,
        results: Path | None = None,
        store: Store | None = None,
        policy_path: Path | None = None,
        poll_interval: float = 1.0,
        refresh_interval: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.results_path = results
        self.store = store
        self.policy_path = policy_path
        self.poll_interval = poll_interval
        #: Re-read the store at least this often: a decision that expires moves no counter.
        self.refresh_interval = refresh_interval
        self._overlay_at = -float("inf")
        self._clock = clock
        self._lock = threading.Lock()
        self._changed = threading.Condition()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._state: GuardState | None = None
        self._sources: _Sources | None = None
        self._results = ResultsSnapshot.empty()
        self._overlay = StoreOverlay(0)
        self._last_ok = -float("inf")
        self.reloads = 0
        self.error: str | None = None
        #: Called with every state the engine builds, before it is served: live mode lays
        #: its incremental decisions on each rebuilt state (F9).
        self.state_hooks: list[Callable[[GuardState], None]] = []
        self._policy, self._guard, self._matcher = self._load_policy()
        self._fallback = build_state(
            ResultsSnapshot.empty(), StoreOverlay(-1), self._guard, self._matcher
        )
        self.reload()

    # -- loading ---------------------------------------------------------------------

    def _load_policy(self) -> tuple[Policy, GuardPolicy, Matcher]:
        policy = Policy.load(self.policy_path)
        return policy, GuardPolicy.from_policy(policy), Matcher.from_policy(policy)

    def _policy_mtime(self) -> tuple[int, ...]:
        return (_mtime(DEFAULT_POLICY), _mtime(self.policy_path))

    def reload(self) -> bool:
        """Rebuild the state if the policy, results or store moved; True when it did.

        Never raises for unreadable sources: the error is kept in :attr:`error`
        and the engine degrades once its state is older than the policy allows.
        """
        with self._lock:
            try:
                return self._reload()
            except Exception as exc:
                # Any failure to read live state (store down, file half-written): keep serving
                # the last state until it is stale, then fail closed. Never crash the poller.
                self.error = f"{type(exc).__name__}: {exc}"
                return False

    def _reload(self) -> bool:
        old = self._sources
        policy_mtime = self._policy_mtime()
        rebuilt = False
        if old is not None and policy_mtime != old.policy_mtime:
            try:
                self._policy, self._guard, self._matcher = self._load_policy()
            except NetbrakeError as exc:
                # A bad edit keeps the last good policy in force (and says so in status()).
                self.error = f"policy not reloaded: {exc.one_line()}"
                policy_mtime = old.policy_mtime
            else:
                self._fallback = build_state(ResultsSnapshot.empty(), StoreOverlay(-1),
                                             self._guard, self._matcher)  # fmt: skip
                rebuilt = True
        results_mtime = _mtime(self.results_path / ACCOUNTS_FILE) if self.results_path else 0
        if self.results_path is not None and (old is None or results_mtime != old.results_mtime):
            self._results = ResultsSnapshot.load(self.results_path)
            rebuilt = True
        version = self.store.state_version() if self.store is not None else 0
        expired = self._clock() - self._overlay_at > self.refresh_interval
        if self.store is not None and (
            old is None or version != old.state_version or rebuilt or expired
        ):
            self._overlay = read_overlay(self.store)
            self._overlay_at = self._clock()
            version = self._overlay.state_version
            rebuilt = True
        if old is None:
            rebuilt = True
        self._last_ok = self._clock()
        if rebuilt:
            state = build_state(self._results, self._overlay, self._guard, self._matcher)
            for hook in self.state_hooks:
                hook(state)
            self._state = state
            self._sources = _Sources(policy_mtime, results_mtime, version)
            if not (self.error or "").startswith("policy not reloaded"):
                self.error = None
            with self._changed:
                self.reloads += 1
                self._changed.notify_all()
        elif self.error and not self.error.startswith("policy not reloaded"):
            self.error = None
        return rebuilt

    def rebuild(self) -> None:
        """Build the state again from the sources held now, hooks included (live mode
        withdrew a decision it had laid on, docs/live.md)."""
        with self._lock:
            state = build_state(self._results, self._overlay, self._guard, self._matcher)
            for hook in self.state_hooks:
                hook(state)
            self._state = state
            with self._changed:
                self.reloads += 1
                self._changed.notify_all()

    def wait_for_reload(self, after: int, timeout: float) -> bool:
        """Wait until :attr:`reloads` passes ``after`` (tests; bounded by ``timeout``)."""
        with self._changed:
            return self._changed.wait_for(lambda: self.reloads > after, timeout)

    def wait_for_state(self, version: int, timeout: float) -> bool:
        """Wait until the state reflects store ``state_version`` ``version`` (bounded)."""
        with self._changed:
            return self._changed.wait_for(lambda: self.state.state_version >= version, timeout)

    def start(self) -> None:
        """Poll for changes every ``poll_interval`` seconds in a daemon thread."""
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._poll, name="guard-reload", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def _poll(self) -> None:
        while not self._stop.wait(self.poll_interval):
            self.reload()

    # -- state ---------------------------------------------------------------------

    @property
    def state(self) -> GuardState:
        """The current state (the policy-only fallback before any state was read)."""
        return self._state or self._fallback

    @property
    def results(self) -> ResultsSnapshot:
        """The scan results the state is built from (empty without a scan)."""
        return self._results

    @property
    def degraded(self) -> bool:
        """True when live state is missing or stale: child-safety surfaces fail closed."""
        if self._state is None:
            return True
        if self.store is None:
            return False
        return self._clock() - self._last_ok > self._guard.stale_after_seconds

    def status(self) -> dict[str, Any]:
        state = self.state
        return {
            "policy_version": state.policy.version,
            "state_version": state.state_version,
            "degraded": self.degraded,
            "reloads": self.reloads,
            "error": self.error,
            "accounts_flagged": sum(1 for b in state.bits.values() if b & MEMBERISH),
            "hashtags": len(state.hashtags),
        }

    # -- guards ----------------------------------------------------------------------

    def filter_recommendations(
        self,
        viewer: str,
        candidates: Sequence[str],
        surface: str = "suggested_accounts",
        reached_via: Provenance | None = None,
    ) -> GuardResult:
        """Candidates ``viewer`` may be shown on ``surface`` (audit interface)."""
        if self.degraded:
            state = self.state
            name, policy = state.policy.surface(surface)
            allow = frozenset(state.policy.fail_closed_allow)
            return fail_closed(policy, name, candidates, allow, state.policy.version)
        return filter_candidates(self.state, surface, viewer, candidates, reached_via)

    def check_search(self, query: str, surface: str = "search") -> GuardDecision:
        return decide_query(self.state, surface, query, degraded=self.degraded)

    def filter_autocomplete(
        self, prefix: str, suggestions: Sequence[str], surface: str = "autocomplete"
    ) -> GuardResult:
        return filter_suggestions(self.state, prefix, suggestions, surface, degraded=self.degraded)

    def check_hashtag(self, tag: str) -> GuardDecision:
        return decide_hashtag(self.state, tag, degraded=self.degraded)

    def account(self, account_id: str) -> AccountStatus | None:
        """What the guards know about one account (None when it is unknown)."""
        return account_status(self.state, account_id)

    def admits(self, interaction: InteractionLike) -> bool:
        """Whether a recommender may learn from ``interaction``: never from a protected
        account's contact (F2), never with a flagged account (F1, F9)."""
        state = self.state
        src = state.bits.get(interaction.src, 0)
        if state.policy.ignore_protected_contact and src & PROTECTED:
            return False
        if state.policy.ignore_flagged_contact:
            return not ((src | state.bits.get(interaction.dst, 0)) & MEMBERISH)
        return True
