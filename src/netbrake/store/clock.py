"""The store's notion of now: injected, so expiry and lease logic can be tested exactly."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

#: Returns the current instant, timezone-aware.
Clock = Callable[[], datetime]


def utc_now() -> datetime:
    """The wall clock in UTC (the default :data:`Clock`)."""
    return datetime.now(UTC)


class ManualClock:
    """A clock that moves only when told to: the test double for :data:`Clock`."""

    def __init__(self, start: datetime | None = None):
        self._now = start or datetime(2026, 1, 1, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self._now

    def advance(self, step: timedelta) -> datetime:
        self._now += step
        return self._now
