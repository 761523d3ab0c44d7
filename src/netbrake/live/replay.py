"""An ingested export as live events, in timestamp order (docs/live.md "Replay", F9).

:func:`events_from_export` turns the clean tables of a :class:`Dataset` (what
``netbrake scan`` writes under ``RESULTS/dataset``, or ``netbrake ingest``)
into the JSON lines live mode takes: one ``account`` event per account at its
``created_at`` carrying its identifiers inline (the export has no time for an
identifier: it is known from sign-up), one ``edge``, ``post`` and ``report``
event per row at its own time. Events are ordered by time, and at equal times
accounts first, so an event never names an account the log does not know yet
and nothing is late. Used by the replay-vs-scan parity test, the rotation
drill and ``python -m benchmarks live``.

Identifier values in a clean dataset are already HMAC-hashed; the log hashes
them again with its own key, which keeps equal values equal (F6 links) and
never sees a raw value.
"""

from __future__ import annotations

import heapq
import json
from collections import defaultdict
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from netbrake.platform import Dataset

#: Order of kinds at one timestamp: accounts before anything that names them.
KIND_ORDER = {"account": 0, "edge": 1, "post": 2, "report": 3}
_Item = tuple[datetime, int, int, str, str, dict[str, Any]]


def event_line(event_id: str, kind: str, ts: datetime | str, data: dict[str, Any]) -> str:
    """One event as the JSON line ``POST /v1/live/events`` and the tailed folder take."""
    stamp = ts.isoformat() if isinstance(ts, datetime) else ts
    return json.dumps(
        {"event_id": event_id, "kind": kind, "ts": stamp, "data": data},
        separators=(",", ":"),
        ensure_ascii=False,
        default=_plain,
    )


def _plain(value: object) -> object:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"not JSON: {type(value).__name__}")


def _row(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if v is not None}


def _sorted(rows: list[_Item]) -> list[_Item]:
    return sorted(rows, key=lambda x: x[:3])


def _items(dataset: Dataset) -> Iterator[list[_Item]]:
    """Per table, its events sorted by time (each list is one sorted run)."""
    edges = dataset.table("edges").to_pylist()
    posts = dataset.table("posts").to_pylist()
    reports = dataset.table("reports").to_pylist()
    # An account is known to the platform from its first event at the latest (an export
    # may date a post before its author's created_at): its sign-up is replayed then.
    first: dict[str, datetime] = {}
    for account, ts in (
        *((r[end], r["ts"]) for r in edges for end in ("src", "dst")),
        *((r["account_id"], r["created_at"]) for r in posts),
        *((r["reporter_id"], r["created_at"]) for r in reports),
    ):
        if account not in first or ts < first[account]:
            first[account] = ts
    idents: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in dataset.table("identifiers").to_pylist():
        idents[row["account_id"]].append({"kind": row["kind"], "value": row["value"]})
    accounts = []
    for i, row in enumerate(dataset.table("accounts").to_pylist()):
        account = row["account_id"]
        data = _row(row) | {"identifiers": idents.get(account, [])}
        ts = min(row["created_at"], first.get(account, row["created_at"]))
        accounts.append((ts, 0, i, f"account:{account}", "account", data))
    yield _sorted(accounts)
    yield _sorted([(r["ts"], 1, i, f"edge:{i}", "edge", _row(r)) for i, r in enumerate(edges)])
    yield _sorted(
        [
            (r["created_at"], 2, i, f"post:{r['post_id']}", "post", _row(r))
            for i, r in enumerate(posts)
        ]
    )
    yield _sorted(
        [
            (r["created_at"], 3, i, f"report:{r['report_id']}", "report", _row(r))
            for i, r in enumerate(reports)
        ]
    )


def events_from_export(dataset: Dataset) -> Iterator[str]:
    """The dataset's rows as live event lines, oldest first (accounts first at a tie)."""
    for ts, _, _, event_id, kind, data in heapq.merge(*_items(dataset), key=lambda x: x[:3]):
        yield event_line(event_id, kind, ts, data)
