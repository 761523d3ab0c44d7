"""Recently verified API keys (see :mod:`netbrake.api.auth` for why and for how long)."""

from __future__ import annotations

import threading
import time

from netbrake.store import ApiKey, Scope

CACHE_SECONDS = 5.0
_MAX_CACHED = 1024


class KeyCache:
    """Recently verified (key digest, scope) pairs and when they stop counting."""

    def __init__(self) -> None:
        self._entries: dict[tuple[str, Scope], tuple[float, ApiKey]] = {}
        self._lock = threading.Lock()

    def get(self, digest: str, scope: Scope) -> ApiKey | None:
        with self._lock:
            found = self._entries.get((digest, scope))
        if found is None or found[0] < time.monotonic():
            return None
        return found[1]

    def put(self, digest: str, scope: Scope, key: ApiKey) -> None:
        with self._lock:
            if len(self._entries) >= _MAX_CACHED:
                self._entries.clear()
            self._entries[(digest, scope)] = (time.monotonic() + CACHE_SECONDS, key)
