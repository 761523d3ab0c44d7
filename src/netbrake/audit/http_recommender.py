"""`HttpRecommender`: a platform's recommender behind an HTTP endpoint.

The wire contract (docs/audit.md "HTTP contract"), all JSON over POST:

- ``url``: ``{"viewer", "n", "surface"}`` -> ``{"suggestions": [account ids]}``
- ``interactions_url``: ``{"interactions": [{"src", "dst", "kind"}]}`` -> any 2xx
- ``takedown_url``: ``{"removed": [account ids]}`` -> any 2xx
- ``probes_url`` (the platform's test hook): ``{"accounts": [probe ids]}`` ->
  ``{"created": [probe ids]}``, called once per probe account before its
  first interaction
- ``reset_url`` (the test hook that isolates probes): ``{"accounts": [probe
  ids]}`` -> ``{"deleted": [probe ids]}``, called before a probe account, the
  contamination baseline or the takedown starts whenever interactions were
  recorded since the last reset; the platform forgets every interaction
  recorded since then (the probe accounts named and the watchdogs' contact)
  and keeps takedowns

The platform's test environment keeps the state and changes it in place;
probe accounts are fresh, uniquely named accounts (``netbrake-probe-...``).
With ``reset_url`` each probe starts from the same state, as in the
in-process audit; without it, probes share state and the report says so
(docs/audit.md "Probe isolation"; F1). Every request carries the API key when one is given
(``Authorization: Bearer KEY``, or the key alone in another header), is paced
to ``rate_limit`` requests per second, and is retried ``retries`` times with
exponential backoff when the endpoint cannot be reached, times out, or
answers 429, 502, 503 or 504. What still fails is one line naming the URL
(and the field, for an answer not in the contract's shape).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx

from netbrake.audit.interaction import PROBE_PREFIX, SUGGESTED_ACCOUNTS, Interaction
from netbrake.audit.isolation import ProbeLog
from netbrake.errors import InputError, Location

#: Statuses worth another attempt: the endpoint is busy or a proxy lost it.
RETRY_STATUSES = frozenset({429, 502, 503, 504})
#: Environment variable ``netbrake audit`` reads the API key from.
API_KEY_ENV = "NETBRAKE_RECOMMENDER_API_KEY"


@dataclass(eq=False)
class _Session:
    """Mutable per-recommender state: the connection pool, the pacer and created probes."""

    client: httpx.Client | None = None
    next_at: float = 0.0
    created: set[str] = field(default_factory=set)
    log: ProbeLog = field(default_factory=ProbeLog)
    lock: threading.Lock = field(default_factory=threading.Lock)


@dataclass(frozen=True, eq=False)
class HttpRecommender:
    """Calls a platform endpoint for suggestions; ``client`` may be shared or mocked."""

    url: str
    name: str = "http"
    interactions_url: str | None = None
    takedown_url: str | None = None
    probes_url: str | None = None
    timeout: float = 10.0
    retries: int = 2
    backoff: float = 0.5
    rate_limit: float | None = None
    api_key: str | None = None
    api_key_header: str = "Authorization"
    client: httpx.Client | None = None
    reset_url: str | None = None
    _session: _Session = field(default_factory=_Session, init=False, repr=False)

    def __post_init__(self) -> None:
        self._session.log.reset = self._reset if self.reset_url is not None else None

    def recommend(self, viewer_id: str, n: int, *, surface: str = SUGGESTED_ACCOUNTS) -> list[str]:
        body = self._post(self.url, {"viewer": viewer_id, "n": n, "surface": surface})
        suggestions = body.get("suggestions") if isinstance(body, dict) else None
        if not isinstance(suggestions, list) or not all(isinstance(s, str) for s in suggestions):
            raise InputError(
                "answer has no 'suggestions' list of account ids",
                Location(self.url, field="suggestions"),
            )
        return suggestions[:n]

    def with_interactions(self, interactions: Sequence[Interaction]) -> HttpRecommender:
        if interactions:
            url = self._require(self.interactions_url, "interactions_url")
            self._create_probes(x.src for x in interactions)
            rows = [{"src": x.src, "dst": x.dst, "kind": x.kind} for x in interactions]
            self._post(url, {"interactions": rows})
            self._session.log.record(interactions)
        return self

    def without_accounts(self, account_ids: Collection[str]) -> HttpRecommender:
        if account_ids:
            self._post(
                self._require(self.takedown_url, "takedown_url"), {"removed": sorted(account_ids)}
            )
        return self

    @property
    def isolates_probes(self) -> bool:
        return self.reset_url is not None

    def reset_probes(self) -> None:
        """Post to ``reset_url`` when interactions were recorded since the last reset."""
        self._session.log.undo()

    def close(self) -> None:
        """Close the connection pool this recommender opened (not a ``client`` passed in)."""
        if self._session.client is not None:
            self._session.client.close()
            self._session.client = None

    def _create_probes(self, sources: Any) -> None:
        """Create the probe accounts among ``sources`` that the platform has not seen yet."""
        if self.probes_url is None:
            return
        new = sorted({s for s in sources if s.startswith(PROBE_PREFIX)} - self._session.created)
        if not new:
            return
        body = self._post(self.probes_url, {"accounts": new})
        created = body.get("created") if isinstance(body, dict) else None
        if not isinstance(created, list) or not set(new) <= set(created):
            raise InputError(
                "answer has no 'created' list naming every probe account asked for",
                Location(self.probes_url, field="created"),
            )
        self._session.created.update(new)

    def _reset(self, accounts: list[str]) -> None:
        url = self._require(self.reset_url, "reset_url")
        body = self._post(url, {"accounts": accounts})
        deleted = body.get("deleted") if isinstance(body, dict) else None
        if not isinstance(deleted, list) or not set(accounts) <= set(deleted):
            raise InputError(
                "answer has no 'deleted' list naming every probe account asked for",
                Location(url, field="deleted"),
            )
        self._session.created.difference_update(accounts)

    def _require(self, url: str | None, what: str) -> str:
        if url is None:
            raise InputError(f"recommender {self.name!r} has no {what}: probes cannot act on it")
        return url

    def _headers(self) -> dict[str, str]:
        if not self.api_key:
            return {}
        bearer = self.api_key_header.lower() == "authorization"
        return {self.api_key_header: f"Bearer {self.api_key}" if bearer else self.api_key}

    def _pace(self) -> None:
        if not self.rate_limit:
            return
        with self._session.lock:
            now = time.monotonic()
            wait = self._session.next_at - now
            self._session.next_at = max(now, self._session.next_at) + 1.0 / self.rate_limit
        if wait > 0:
            time.sleep(wait)

    def _http(self) -> httpx.Client:
        if self.client is not None:
            return self.client
        if self._session.client is None:
            self._session.client = httpx.Client()
        return self._session.client

    def _post(self, url: str, payload: dict[str, Any]) -> Any:
        attempts = max(0, self.retries) + 1
        reason = ""
        for attempt in range(attempts):
            if attempt:
                time.sleep(self.backoff * 2 ** (attempt - 1))
            self._pace()
            try:
                response = self._http().post(
                    url, json=payload, timeout=self.timeout, headers=self._headers()
                )
            except httpx.TimeoutException:
                reason = f"no answer within {self.timeout:g} s"
                continue
            except httpx.TransportError as exc:
                reason = f"cannot connect ({exc})"
                continue
            if response.status_code in RETRY_STATUSES:
                reason = f"answered {response.status_code}"
                continue
            if response.is_error:
                raise InputError(f"endpoint answered {response.status_code}", Location(url))
            try:
                return response.json() if response.content else None
            except ValueError as exc:
                raise InputError(
                    "endpoint answered with something that is not JSON", Location(url)
                ) from exc
        raise InputError(
            f"recommender endpoint failed after {attempts} attempts: {reason}", Location(url)
        )
