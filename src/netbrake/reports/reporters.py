"""Reporter reliability and mass-reporter detection.

Rate limits refuse a burst (HTTP 429, the client retries later); they protect
the service. Mass reporting is different: a reporter filing far more reports
than a person could is still heard (every report is stored and lands in a case)
but counts for little when cases are prioritised. Reliability is the share of
a reporter's closed reports that reviewers upheld (Laplace-smoothed, so a new
reporter starts at 1.0).
"""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass
from datetime import datetime, timedelta

#: Reports per hour above which a reporter is a mass reporter.
MASS_PER_HOUR = 100
MASS_WEIGHT = 0.1
WINDOW = timedelta(hours=1)


def reliability_weight(upheld: int, rejected: int, *, mass_flagged: bool) -> float:
    """Weight in [0.1, 1.5]: 1.0 for a new reporter, up with upheld, down with rejected reports."""
    if mass_flagged:
        return MASS_WEIGHT
    weight = 2.0 * (upheld + 1) / (upheld + rejected + 2)
    return round(min(max(weight, 0.2), 1.5), 3)


@dataclass(frozen=True)
class Admission:
    """Whether a report may enter now; ``recent`` counts the reporter's reports this hour."""

    allowed: bool
    recent: int
    retry_after: float = 0.0


class ReporterLimiter:
    """Per-reporter token bucket (``per_minute``, ``burst``) plus an hourly volume count.

    Lives in the serving process; a restart forgets buckets (harmless: it only
    lets a burst through once), never reports.
    """

    def __init__(self, per_minute: float | None = 60.0, burst: int = 120):
        self.rate = None if per_minute is None else per_minute / 60.0
        self.burst = float(burst)
        self._buckets: dict[str, tuple[float, datetime]] = {}
        self._seen: dict[str, deque[datetime]] = {}
        self._lock = threading.Lock()

    def admit(self, reporter_id: str, now: datetime) -> Admission:
        with self._lock:
            if self.rate is not None:
                tokens, last = self._buckets.get(reporter_id, (self.burst, now))
                tokens = min(self.burst, tokens + (now - last).total_seconds() * self.rate)
                if tokens < 1.0:
                    self._buckets[reporter_id] = (tokens, now)
                    return Admission(False, self._count(reporter_id, now), (1 - tokens) / self.rate)
                self._buckets[reporter_id] = (tokens - 1.0, now)
            seen = self._seen.setdefault(reporter_id, deque())
            seen.append(now)
            return Admission(True, self._count(reporter_id, now))

    def _count(self, reporter_id: str, now: datetime) -> int:
        seen = self._seen.get(reporter_id)
        if seen is None:
            return 0
        while seen and seen[0] <= now - WINDOW:
            seen.popleft()
        return len(seen)
