"""Synthetic live events for the live benchmarks: accounts, edges and removals (F9, F6).

Indicator-free: account ids, handles, device values and follow edges among a
fixed population of ``BASE`` accounts.
"""

from __future__ import annotations

import json

TS = "2026-03-01T00:00:00Z"
BASE = 20_000


def line(event_id: str, kind: str, data: dict[str, object]) -> str:
    return json.dumps({"event_id": event_id, "kind": kind, "ts": TS, "data": data})


def account(i: int, device: str, tag: str) -> str:
    data = {"account_id": f"a{i}", "handle": f"h{i}", "created_at": TS,
            "identifiers": [{"kind": "device", "value": device}]}  # fmt: skip
    return line(f"{tag}-acct-{i}", "account", data)


def edges(tag: str, k: int, count: int) -> list[str]:
    return [line(f"{tag}-{k}-{j}", "edge", {"src": f"a{(k + j) % BASE}",
            "dst": f"a{(j * 31 + k) % BASE}", "kind": "follow", "ts": TS})
            for j in range(count)]  # fmt: skip


def removal(k: int, victim: int) -> str:
    return line(f"rm-{k}", "enforcement", {"subject_kind": "account",
                 "subject_id": f"a{victim}", "action": "remove", "decided_by": "bench",
                 "reason": "rotation"})  # fmt: skip


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")
