"""Live mode: event -> changed guard decision latency, sustained events/s, drills (F9, F6).

Targets: p99 <= 1 s at >= 10,000 events/s for 60 s; 0 impressions of a removed
person's new account after its first linkable event; 0 events lost in a
SIGKILL drill of 100,000 events with 5 kills; flat memory over a soak.

- ``append``: the anchor, raw ``EventLog.append`` of 1,000-event batches;
- ``sustained``: batches of edges and sign-ups appended and applied by the
  applier thread for ``--seconds``; each sign-up on a removed person's device
  is probed on ``suggested_accounts`` until it is dropped (latency from the
  append call to the first dropped answer); ``impressions`` counts the probes
  that still kept it after its batch was acknowledged (the rotation figure);
- ``drill``: :func:`netbrake.live.drill.run_live_drill` (``--drill-events``, 5 kills);
- RSS is sampled every 5 s of the sustained run.

    python -m benchmarks live --seconds=60 --drill-events=100000
    python -m benchmarks live --seconds=10 --drill-events=5000     # short run
"""

from __future__ import annotations

import json
import resource
import sys
import tempfile
import time
from pathlib import Path

from netbrake.guard import GuardEngine
from netbrake.live import LiveService
from netbrake.live.drill import run_live_drill
from netbrake.platform.identifiers import IdentifierHasher
from netbrake.store import Store

TS = "2026-03-01T00:00:00Z"


def _flag(argv: list[str], name: str, default: str) -> str:
    for arg in argv:
        if arg.startswith(f"--{name}="):
            return arg.split("=", 1)[1]
    return default


def _line(event_id: str, kind: str, data: dict[str, object]) -> str:
    return json.dumps({"event_id": event_id, "kind": kind, "ts": TS, "data": data})


def _account(i: int, device: str, tag: str) -> str:
    data = {"account_id": f"a{i}", "handle": f"h{i}", "created_at": TS,
            "identifiers": [{"kind": "device", "value": device}]}  # fmt: skip
    return _line(f"{tag}-acct-{i}", "account", data)


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    seconds = float(_flag(argv, "seconds", "60"))
    batch = int(_flag(argv, "batch", "1000"))
    drill_events = int(_flag(argv, "drill-events", "100000"))
    work = Path(tempfile.mkdtemp(prefix="bench-live-"))
    store = Store.open(f"sqlite:///{work / 'live.sqlite'}", migrate_schema=True)
    engine = GuardEngine(store=store)
    live = LiveService(store, engine, hasher=IdentifierHasher(b"bench"))
    base = 20_000
    for start in range(0, base, batch):
        live.ingest([_account(i, f"d{i}", "base") for i in range(start, start + batch)], "bench")
    live.apply_pending()
    # Anchor: raw append rate of the store (validation included, applier idle).
    t0 = time.perf_counter()
    n = 0
    for k in range(5):
        lines = [_line(f"anchor-{k}-{j}", "edge", {"src": f"a{j}", "dst": f"a{(j * 7 + k) % base}",
                 "kind": "follow", "ts": TS}) for j in range(batch)]  # fmt: skip
        n += len(live.ingest(lines, "bench").accepted)
    append_rate = n / (time.perf_counter() - t0)
    live.apply_pending()
    live.track_visibility = True
    live.start()
    latencies: list[float] = []
    impressions = 0
    probes = 0
    rss: list[tuple[float, float]] = []
    sent = 0
    start = time.perf_counter()
    next_rss = start
    i = base
    k = 0
    while time.perf_counter() - start < seconds:
        # One removal and one re-registration on the removed account's device per batch.
        victim = (k * 13) % base
        lines = [_line(f"rm-{k}", "enforcement", {"subject_kind": "account",
                 "subject_id": f"a{victim}", "action": "remove", "decided_by": "bench",
                 "reason": "rotation"})]  # fmt: skip
        lines += [_line(f"e-{k}-{j}", "edge", {"src": f"a{(k + j) % base}",
                  "dst": f"a{(j * 31 + k) % base}", "kind": "follow", "ts": TS})
                  for j in range(batch - 2)]  # fmt: skip
        lines.append(_account(i, f"d{victim}", "rot"))
        sent_at = time.perf_counter()
        live.ingest(lines, "bench")
        new = f"a{i}"
        while True:
            probes += 1
            kept = engine.filter_recommendations("a1", [new]).kept
            if not kept:
                latencies.append(time.perf_counter() - sent_at)
                break
            impressions += 1
            if time.perf_counter() - sent_at > 5:
                break
            time.sleep(0.001)
        sent += len(lines)
        i += 1
        k += 1
        if time.perf_counter() >= next_rss:
            rss.append((time.perf_counter() - start, _rss_mb()))
            next_rss += 5
    elapsed = time.perf_counter() - start
    live.wait_applied(live.log.last_offset(), 60)
    live.stop()
    store.close()
    print("live mode (SQLite WAL, synchronous=FULL, 1 process, 2 shared cores)")
    print(f"{'measure':44} {'value':>14}")
    print(f"{'anchor: raw append, events/s':44} {append_rate:14,.0f}")
    print(f"{'sustained append+apply, events/s':44} {sent / elapsed:14,.0f}  ({seconds:.0f} s)")
    print(f"{'event -> changed guard decision p50, ms':44} {_pct(latencies, 0.5) * 1000:14.1f}")
    print(f"{'event -> changed guard decision p99, ms':44} {_pct(latencies, 0.99) * 1000:14.1f}")
    print(f"{'rotations (re-registrations probed)':44} {len(latencies):14,}")
    print(f"{'impressions before suppression (kept)':44} {impressions:14,}  of {probes} probes")
    print("RSS MB over time: " + ", ".join(f"{t:.0f}s {m:.0f}" for t, m in rss))
    if drill_events:
        result = run_live_drill(work, events=drill_events, kills=5, batch=1000, time_limit=1800)
        print(f"SIGKILL drill: {result.events} events, {result.kills} kills, "
              f"acknowledged {result.acknowledged}, stored {result.stored}, applied "
              f"{result.applied}, lost {len(result.missing)}, effect mismatches "
              f"{result.effect_mismatch}, {result.seconds:.1f} s, ok={result.ok}")  # fmt: skip


if __name__ == "__main__":
    main()
