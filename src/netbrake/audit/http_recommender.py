"""`HttpRecommender`: a platform's recommender behind an HTTP endpoint.

The wire contract, all JSON over POST:

- ``url``: ``{"viewer", "n", "surface"}`` -> ``{"suggestions": [account ids]}``
- ``interactions_url``: ``{"interactions": [{"src", "dst", "kind"}]}`` -> any 2xx
- ``takedown_url``: ``{"removed": [account ids]}`` -> any 2xx

The platform's test environment keeps the state; probe accounts are fresh,
uniquely named accounts, so their interactions do not disturb each other.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

import httpx

from netbrake.audit.interaction import SUGGESTED_ACCOUNTS, Interaction
from netbrake.errors import InputError, Location


@dataclass(frozen=True, eq=False)
class HttpRecommender:
    """Calls a platform endpoint for suggestions; ``client`` may be shared or mocked."""

    url: str
    name: str = "http"
    interactions_url: str | None = None
    takedown_url: str | None = None
    timeout: float = 10.0
    client: httpx.Client | None = None

    def recommend(self, viewer_id: str, n: int, *, surface: str = SUGGESTED_ACCOUNTS) -> list[str]:
        body = self._post(self.url, {"viewer": viewer_id, "n": n, "surface": surface})
        suggestions = body.get("suggestions") if isinstance(body, dict) else None
        if not isinstance(suggestions, list) or not all(isinstance(s, str) for s in suggestions):
            raise InputError("answer has no 'suggestions' list of account ids", Location(self.url))
        return suggestions[:n]

    def with_interactions(self, interactions: Sequence[Interaction]) -> HttpRecommender:
        if interactions:
            url = self._require(self.interactions_url, "interactions_url")
            rows = [{"src": x.src, "dst": x.dst, "kind": x.kind} for x in interactions]
            self._post(url, {"interactions": rows})
        return self

    def without_accounts(self, account_ids: Collection[str]) -> HttpRecommender:
        if account_ids:
            self._post(
                self._require(self.takedown_url, "takedown_url"), {"removed": sorted(account_ids)}
            )
        return self

    def _require(self, url: str | None, what: str) -> str:
        if url is None:
            raise InputError(f"recommender {self.name!r} has no {what}: probes cannot act on it")
        return url

    def _post(self, url: str, payload: dict[str, Any]) -> Any:
        try:
            if self.client is not None:
                response = self.client.post(url, json=payload, timeout=self.timeout)
            else:
                response = httpx.post(url, json=payload, timeout=self.timeout)
            response.raise_for_status()
            return response.json() if response.content else None
        except httpx.HTTPStatusError as exc:
            raise InputError(
                f"endpoint answered {exc.response.status_code}", Location(url)
            ) from exc
        except (httpx.HTTPError, ValueError) as exc:
            raise InputError(f"endpoint failed: {exc}", Location(url)) from exc
