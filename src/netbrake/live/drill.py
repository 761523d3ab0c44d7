"""The live no-loss fault drill: send events while the server is SIGKILLed (F9, F7's rule).

A real ``netbrake serve`` (live routes included) runs as a child process on
127.0.0.1; senders post JSON-lines batches; a killer sends SIGKILL at random
moments and restarts the server; a batch not acknowledged is sent again
unchanged (same event ids). Afterwards the log must hold every event exactly
once, the applier must have reached the end, and the effects in the store
must equal those of one clean replay of the log: nothing lost, nothing
applied twice. Used by tests (small) and ``python -m benchmarks live``.
"""

from __future__ import annotations

import asyncio
import json
import random
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from netbrake.live.log import EventLog
from netbrake.live.service import CONSUMER
from netbrake.live.state import LiveState
from netbrake.policy import Policy
from netbrake.reports import ServerProcess
from netbrake.scan import PipelineSettings
from netbrake.store import Store
from netbrake.text import Matcher

TS = "2026-03-01T00:00:00Z"


def drill_events(count: int, *, seed: int = 0) -> tuple[list[str], list[str]]:
    """(account events, then the rest): accounts with devices, removals, follow edges, and
    re-registrations on a removed account's device, ``count`` events in all."""
    rng = random.Random(seed)
    accounts = max(10, count // 10)
    first: list[str] = []
    for i in range(accounts):
        data = {"account_id": f"d{seed}-{i}", "handle": f"drill_{i}", "created_at": TS,
                "identifiers": [{"kind": "device", "value": f"dev-{i // 2}"}]}  # fmt: skip
        first.append(_line(f"d{seed}-acct-{i}", "account", data))
    rest: list[str] = []
    for i in range(0, accounts, 50):
        data = {"subject_kind": "account", "subject_id": f"d{seed}-{i}", "action": "remove",
                "decided_by": "drill", "reason": "drill"}  # fmt: skip
        rest.append(_line(f"d{seed}-rm-{i}", "enforcement", data))
    while len(first) + len(rest) < count:
        n = len(rest)
        src, dst = rng.randrange(accounts), rng.randrange(accounts)
        data = {"src": f"d{seed}-{src}", "dst": f"d{seed}-{dst}", "kind": "follow", "ts": TS}
        rest.append(_line(f"d{seed}-edge-{n}", "edge", data))
    return first, rest


def _line(event_id: str, kind: str, data: Mapping[str, object]) -> str:
    return json.dumps({"event_id": event_id, "kind": kind, "ts": TS, "data": data})


@dataclass
class LiveDrillResult:
    events: int
    acknowledged: int
    kills: int
    seconds: float
    attempts: int
    stored: int = 0
    applied: int = 0
    effects: int = 0
    missing: list[str] = field(default_factory=list)
    effect_mismatch: int = 0

    @property
    def ok(self) -> bool:
        return (
            not self.missing
            and self.effect_mismatch == 0
            and self.stored == self.acknowledged == self.events
            and self.applied == self.stored
        )


async def _send(
    server: ServerProcess, key: str, phases: list[list[list[str]]], kills: int, *,
    senders: int, seed: int, deadline: float,
) -> tuple[set[str], int, int]:  # fmt: skip
    acked: set[str] = set()
    attempts = 0
    killed = 0
    total = sum(len(b) for phase in phases for b in phase)
    rng = random.Random(seed)
    headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/x-ndjson"}

    async def sender(pending: asyncio.Queue[list[str]], client: httpx.AsyncClient) -> None:
        nonlocal attempts
        while time.monotonic() < deadline:
            try:
                batch = pending.get_nowait()
            except asyncio.QueueEmpty:
                return
            attempts += 1
            try:
                response = await client.post("/v1/live/events", content="\n".join(batch))
                if response.status_code == 200:
                    body = response.json()
                    if not [q for q in body["quarantined"] if q["kind"] != "duplicate"]:
                        acked.update(json.loads(line)["event_id"] for line in batch)
                        continue
            except httpx.HTTPError:
                pass
            pending.put_nowait(batch)  # not acknowledged: send again, same ids
            await asyncio.sleep(0.05)

    async def killer() -> None:
        nonlocal killed
        for _ in range(kills):
            target = len(acked) + rng.randint(1, max(2, (total - len(acked)) // (kills + 1)))
            while len(acked) < min(target, total - 1) and time.monotonic() < deadline:
                await asyncio.sleep(0.002)
            if len(acked) >= total - 1:
                return
            await asyncio.to_thread(server.kill)
            killed += 1
            await asyncio.sleep(rng.uniform(0.0, 0.3))
            await asyncio.to_thread(server.start)

    async def send_all() -> None:
        async with httpx.AsyncClient(base_url=server.url, headers=headers, timeout=30) as client:
            for phase in phases:  # accounts before the events that name them
                pending: asyncio.Queue[list[str]] = asyncio.Queue()
                for batch in phase:
                    pending.put_nowait(batch)
                while not pending.empty() and time.monotonic() < deadline:
                    await asyncio.gather(*(sender(pending, client) for _ in range(senders)))

    await asyncio.gather(killer(), send_all())
    return acked, attempts, killed


def run_live_drill(
    workdir: Path, *, events: int, kills: int, batch: int = 500, senders: int = 4, seed: int = 0,
    time_limit: float = 600.0,
) -> LiveDrillResult:  # fmt: skip
    """Run the drill in ``workdir`` (SQLite there) and verify the log and the effects."""
    url = f"sqlite:///{workdir / 'live-drill.sqlite'}"
    with Store.open(url, migrate_schema=True) as store:
        key = store.create_api_key(["guard"], created_by="drill", label="live drill").secret
    first, rest = drill_events(events, seed=seed)
    phases = [[part[i : i + batch] for i in range(0, len(part), batch)] for part in (first, rest)]
    server = ServerProcess(url, workdir, extra=("--triage-interval", "0"))
    started = time.monotonic()
    server.start()
    try:
        acked, attempts, killed = asyncio.run(
            _send(server, key, phases, kills, senders=senders, seed=seed,
                  deadline=started + time_limit)
        )  # fmt: skip
        with Store.open(url) as store:
            log = EventLog(store)
            last = log.last_offset()
            while log.offset(CONSUMER) < last and time.monotonic() < started + time_limit:
                time.sleep(0.1)
    finally:
        server.stop()
    result = LiveDrillResult(len(first) + len(rest), len(acked), killed,
                             time.monotonic() - started, attempts)  # fmt: skip
    with Store.open(url) as store:
        log = EventLog(store)
        stored = [e.event_id for e in log.events(0)]
        result.stored = len(stored)
        result.applied = log.offset(CONSUMER)
        have = set(stored)
        result.missing = sorted(e for e in acked if e not in have)
        effects = log.effects()
        result.effects = len(effects)
        policy = Policy.load(None)
        clean = LiveState(PipelineSettings.from_policy(policy), Matcher.from_policy(policy))
        replay = [x for o, e in log.events_with_offsets(0) for x in clean.apply(o, e)]
        result.effect_mismatch = len(set(replay) ^ set(effects)) + len(effects) - len(set(effects))
    return result
