"""Recently verified API keys (see :mod:`netbrake.api.auth` for why and for how long)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from netbrake.store import ApiKey, Scope

CACHE_SECONDS = 5.0
_MAX_CACHED = 1024


class KeyCache:
    """Recently verified (key digest, scope) pairs and when they stop counting.

    ``revocations`` is the store's count of keys revoked through it
    (:attr:`netbrake.store.Store.key_revocations`): when it moves, every entry
    is dropped, so a key revoked in this process stops working at once; one
    revoked by another process stops within :data:`CACHE_SECONDS`.
    """

    def __init__(
        self, *, seconds: float = CACHE_SECONDS, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.seconds = seconds
        self._clock = clock
        self._entries: dict[tuple[str, Scope], tuple[float, ApiKey]] = {}
        self._revocations = 0
        self._lock = threading.Lock()

    def get(self, digest: str, scope: Scope, revocations: int) -> ApiKey | None:
        with self._lock:
            if revocations != self._revocations:
                self._entries.clear()
                self._revocations = revocations
                return None
            found = self._entries.get((digest, scope))
        if found is None or found[0] <= self._clock():
            return None
        return found[1]

    def put(self, digest: str, scope: Scope, key: ApiKey, revocations: int) -> None:
        with self._lock:
            if revocations != self._revocations:  # verified before a revocation: do not keep
                return
            if len(self._entries) >= _MAX_CACHED:
                self._entries.clear()
            self._entries[(digest, scope)] = (self._clock() + self.seconds, key)
