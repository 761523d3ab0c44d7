"""The structured evidence of the accounts a plan decides on (docs/results.md "Evidence").

Built once per scan from what the pipeline already holds: the lexicon hits,
the ingested identifiers table (HMAC hashes; raw values never exist), each
account's external URL and off-platform domains, hash-bank matches, and the
mapping's placement of the account. The plan asks only for the accounts of
flagged persons (a few thousand of a million), so each lookup filters the
tables by those ids instead of building a dict for every account.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

import pyarrow as pa
import pyarrow.compute as pc

from netbrake.graph import Placement
from netbrake.platform import Dataset
from netbrake.results import AccountEvidence, GraphEvidence, MediaHash, TextHit
from netbrake.signals import AccountSignals


def _rows(table: pa.Table | None, key: str, ids: pa.Array) -> list[dict[str, Any]]:
    if table is None or table.num_rows == 0:
        return []
    rows: list[dict[str, Any]] = table.filter(
        pc.is_in(table.column(key), value_set=ids)
    ).to_pylist()
    return rows


def _web_url(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text:
        return None
    if "://" not in text:
        text = "https://" + text
    parts = urlsplit(text)
    return text if parts.scheme in ("http", "https") and parts.hostname else None


class EvidenceIndex:
    """``index(account_ids)`` -> account id -> :meth:`AccountEvidence.to_json`."""

    def __init__(
        self,
        dataset: Dataset,
        signals: AccountSignals,
        mapped: pa.Table,
        placement: Placement | None,
        matches: pa.Table | None = None,
    ):
        self._signals = signals
        self._hits = signals.hits
        self._identifiers = (
            dataset.table("identifiers", ["account_id", "value"])
            if dataset.has("identifiers")
            else None
        )
        self._accounts = dataset.table("accounts", ["account_id", "handle", "external_url"])
        self._mapped = mapped.select(["account_id", "network_id"])
        self._matches = matches
        self._placement = placement

    def __call__(self, account_ids: Sequence[str]) -> Mapping[str, Mapping[str, Any]]:
        ids = pa.array(sorted(set(account_ids)), pa.string())
        hits: dict[str, list[TextHit]] = defaultdict(list)
        for row in _rows(self._hits, "account_id", ids):
            hits[row["account_id"]].append(TextHit.from_hit(row))
        hashes: dict[str, list[str]] = defaultdict(list)
        for row in _rows(self._identifiers, "account_id", ids):
            hashes[row["account_id"]].append(str(row["value"]))
        media: dict[str, list[MediaHash]] = defaultdict(list)
        for row in _rows(self._matches, "account_id", ids):
            media[row["account_id"]].append(
                MediaHash(
                    row["account_id"],
                    str(row["post_id"]),
                    str(row["kind"]),
                    str(row["hash"]),
                    row.get("bank"),
                    row.get("distance"),
                )
            )
        profile = {r["account_id"]: r for r in _rows(self._accounts, "account_id", ids)}
        placed = {r["account_id"]: r for r in _rows(self._mapped, "account_id", ids)}
        positions = pc.index_in(ids, value_set=self._signals.account_ids).to_pylist()
        out: dict[str, Mapping[str, Any]] = {}
        for account_id, position in zip(ids.to_pylist(), positions, strict=True):
            own = profile.get(account_id, {})
            url = _web_url(own.get("external_url"))
            domains = list(self._signals.domains.get(-1 if position is None else position, ()))
            host = urlsplit(url).hostname if url else None
            if host and host not in domains:
                domains.append(host)
            network = placed.get(account_id, {}).get("network_id")
            graph = self._graph(None if network is None else int(network), position)
            out[account_id] = AccountEvidence(
                account_id=account_id,
                handle=own.get("handle"),
                text_hits=tuple(hits.get(account_id, ())),
                identifier_hashes=tuple(sorted(set(hashes.get(account_id, ())))),
                urls=(url,) if url else (),
                domains=tuple(sorted(domains)),
                media_hashes=tuple(media.get(account_id, ())),
                graph=graph,
            ).to_json()
        return out

    def _graph(self, network: int | None, v: int | None) -> GraphEvidence:
        """How the mapping placed node ``v`` (the graph's nodes are the accounts, in order)."""
        place = self._placement
        if place is None or v is None:
            return GraphEvidence(network, False)
        if network is None:
            return GraphEvidence(None, bool(place.seed[v]))
        if place.seed[v] or place.anchor[v]:
            return GraphEvidence(network, bool(place.seed[v]), anchor=bool(place.anchor[v]))
        if place.core[v]:
            return GraphEvidence(network, False, core=True, sought_by=int(place.sought_by[v]))
        return GraphEvidence(
            network,
            False,
            core_contacts=int(place.core_links[v]),
            core_share=round(float(place.core_share[v]), 4),
        )
