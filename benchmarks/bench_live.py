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
  The sustained run is made twice on fresh stores: the applier reading each batch back
  from the store (``before``), and applying the batch just appended from memory;
- ``rotation``: :func:`netbrake.live.rotation.run_rotation` (``--rotations`` removed
  persons re-register while the reference recommenders serve viewers through the
  live guard): impressions before and after each new account's first linkable event;
- ``drill``: :func:`netbrake.live.drill.run_live_drill` (``--drill-events``, ``--kills``);
- ``http`` (``--http-seconds``, default ``--seconds``): the sustained run over HTTP,
  :mod:`benchmarks.live_http` (``netbrake live`` in a child process);
- ``soak`` (``--soak-minutes``, off by default): a steady workload over a fixed
  population (the same contacts again every ``SOAK_PERIOD`` batches, posts, reports,
  profile updates, removals and clears) fed at ``--soak-rate`` per second, RSS sampled
  every 10 s; first, last and largest RSS and the slope once every contact was seen.
- RSS is sampled every 5 s of the sustained run.

    python -m benchmarks live --seconds=60 --drill-events=100000 --kills=5
    python -m benchmarks live --seconds=10 --drill-events=5000 --rotations=6   # short run
    python -m benchmarks live --seconds=0 --drill-events=0 --rotations=0 --soak-minutes=10
"""

from __future__ import annotations

import os
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.live_events import BASE, TS, account, edges, line, pct, removal
from netbrake.guard import GuardEngine
from netbrake.live import LiveService
from netbrake.live.drill import run_live_drill
from netbrake.live.rotation import run_rotation
from netbrake.platform.identifiers import IdentifierHasher
from netbrake.store import Store


def _flag(argv: list[str], name: str, default: str) -> str:
    for arg in argv:
        if arg.startswith(f"--{name}="):
            return arg.split("=", 1)[1]
    return default


def _rss_mb() -> float:
    for row in Path("/proc/self/status").read_text().splitlines():
        if row.startswith("VmRSS:"):
            return int(row.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _service(work: Path, name: str, batch: int) -> tuple[LiveService, GuardEngine, Store]:
    store = Store.open(f"sqlite:///{work / name}", migrate_schema=True)
    engine = GuardEngine(store=store)
    live = LiveService(store, engine, hasher=IdentifierHasher(b"bench"))
    for start in range(0, BASE, batch):
        live.ingest([account(i, f"d{i}", "base") for i in range(start, start + batch)], "bench")
    live.apply_pending()
    return live, engine, store


def _sustained(work: Path, seconds: float, batch: int, in_memory: bool) -> dict[str, Any]:
    live, engine, store = _service(work, f"live-{in_memory}.sqlite", batch)
    # Anchor: the raw append rate of the store (validation included, nothing applied).
    t0 = time.perf_counter()
    n = sum(len(live.log.append(edges("anchor", k, batch), "bench").accepted) for k in range(5))
    append_rate = n / (time.perf_counter() - t0)
    live.apply_pending()
    live.apply_in_memory = in_memory
    live.start()
    latencies: list[float] = []
    impressions = probes = sent = 0
    rss: list[tuple[float, float]] = []
    start = time.perf_counter()
    next_rss = start
    i, k = BASE, 0
    while time.perf_counter() - start < seconds:
        # One removal and one re-registration on the removed account's device per batch.
        victim = (k * 13) % BASE
        lines = [removal(k, victim), *edges("e", k, batch - 2), account(i, f"d{victim}", "rot")]
        sent_at = time.perf_counter()
        live.ingest(lines, "bench")
        new = f"a{i}"
        while True:
            probes += 1
            if not engine.filter_recommendations("a1", [new]).kept:
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
    lost = live.log.last_offset() - live.applied
    live.stop()
    store.close()
    return {"append": append_rate, "rate": sent / elapsed, "p50": pct(latencies, 0.5),
            "p99": pct(latencies, 0.99), "rotations": len(latencies),
            "impressions": impressions, "probes": probes, "rss": rss, "unapplied": lost}  # fmt: skip


#: Batches after which the soak's contacts repeat (its population is fixed).
SOAK_PERIOD = 60


def _soak_batch(k: int, batch: int) -> list[str]:
    """One batch of a platform whose population is fixed: the same accounts follow the
    same accounts again, post, report, update their profiles, are removed and cleared."""
    c = k % SOAK_PERIOD
    victim = (k * 13) % BASE
    lines = [removal(k, victim),
             line(f"clr-{k}", "enforcement", {"subject_kind": "account",
                   "subject_id": f"a{(victim + 7 * 13) % BASE}", "action": "clear",
                   "decided_by": "bench", "reason": ""})]  # fmt: skip
    for j in range(50):
        a = (k * 50 + j) % BASE
        lines.append(line(f"s-post-{k}-{j}", "post", {"post_id": f"p{k}-{j}",
                     "account_id": f"a{a}", "created_at": TS, "text": "new set",
                     "hashtags": ["sunset", f"tag{j % 7}"]}))  # fmt: skip
        lines.append(line(f"s-rep-{k}-{j}", "report", {"report_id": f"r{k}-{j}",
                     "reporter_id": f"a{(a + 1) % BASE}", "target_kind": "account",
                     "target_id": f"a{a}", "reason": "spam", "created_at": TS}))  # fmt: skip
    for j in range(20):
        a = (k * 20 + j) % BASE
        lines.append(line(f"s-upd-{k}-{j}", "account", {"account_id": f"a{a}",
                     "handle": f"h{a}", "bio": f"bio {k % 5}", "created_at": TS}))  # fmt: skip
    lines += edges(f"s{k}", c, batch - len(lines))
    return lines


def _soak(work: Path, minutes: float, rate: float, batch: int) -> None:
    """A steady workload over a fixed population (memory must stay flat: every event
    replaces or repeats state), then the growth per distinct contact as an anchor."""
    live, _, store = _service(work, "soak.sqlite", batch)
    live.start()
    samples: list[tuple[float, float]] = []
    start = time.perf_counter()
    warm: float | None = None
    k = sent = 0
    while (now := time.perf_counter() - start) < minutes * 60:
        if not samples or now >= samples[-1][0] + 10:
            samples.append((now, _rss_mb()))
        sent += len(live.ingest(_soak_batch(k, batch), "soak").accepted)
        k += 1
        if k == SOAK_PERIOD:
            warm = time.perf_counter() - start  # every distinct contact has been seen
        time.sleep(max(0.0, sent / rate - (time.perf_counter() - start)))
    samples.append((time.perf_counter() - start, _rss_mb()))
    live.stop()
    status = live.status()
    store.close()
    elapsed = samples[-1][0]
    steady = [(t, m) for t, m in samples if warm is not None and t >= warm]
    print(f"soak: {minutes:g} min at {rate:,.0f} events/s asked, {sent:,} events "
          f"({sent / elapsed:,.0f}/s achieved), {k} batches; contacts repeat every "
          f"{SOAK_PERIOD} batches (all seen after {warm or float('nan'):.0f} s)")  # fmt: skip
    mbs = [m for _, m in samples]
    print(f"  RSS MB first {mbs[0]:.0f}, last {mbs[-1]:.0f}, max {max(mbs):.0f}; "
          f"over the steady part: slope {_slope(steady) * 60:.2f} MB/min, "
          f"{len(steady)} samples, "
          f"{min((m for _, m in steady), default=float('nan')):.0f}-"
          f"{max((m for _, m in steady), default=float('nan')):.0f} MB")  # fmt: skip
    print("  RSS MB over time: " + ", ".join(f"{t:.0f}s {m:.0f}" for t, m in samples))
    keep = ("events_applied", "person_links", "network_joins", "deferred_to_scan", "flagged")
    print("  live state at the end: " + ", ".join(f"{k} {status[k]}" for k in keep))


def _slope(samples: list[tuple[float, float]]) -> float:
    """Least-squares slope of RSS against time, MB per second."""
    if len(samples) < 2:
        return float("nan")
    times = [t for t, _ in samples]
    mean_t = sum(times) / len(times)
    mean_m = sum(m for _, m in samples) / len(samples)
    num = sum((t - mean_t) * (m - mean_m) for t, m in samples)
    return num / max(sum((t - mean_t) ** 2 for t in times), 1e-9)


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    seconds = float(_flag(argv, "seconds", "60"))
    batch = int(_flag(argv, "batch", "1000"))
    drill_events = int(_flag(argv, "drill-events", "100000"))
    kills = int(_flag(argv, "kills", "5"))
    rotations = int(_flag(argv, "rotations", "20"))
    http_seconds = float(_flag(argv, "http-seconds", str(seconds)))
    soak_minutes = float(_flag(argv, "soak-minutes", "0"))
    soak_rate = float(_flag(argv, "soak-rate", "2000"))
    work = Path(tempfile.mkdtemp(prefix="bench-live-"))
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if seconds > 0:
        runs = {m: _sustained(work, seconds, batch, m) for m in (False, True)}
        print("live mode (SQLite WAL, synchronous=FULL, 1 process, 2 shared cores)")
        print(f"{'measure':44} {'read back':>12} {'in memory':>12}")
        rows = [("anchor: raw append, events/s", "append", "{:12,.0f}"),
                (f"sustained append+apply, events/s ({seconds:.0f} s)", "rate", "{:12,.0f}"),
                ("event -> changed guard decision p50, ms", "p50", "{:12.1f}"),
                ("event -> changed guard decision p99, ms", "p99", "{:12.1f}"),
                ("rotations (re-registrations probed)", "rotations", "{:12,}"),
                ("impressions before suppression (kept)", "impressions", "{:12,}"),
                ("events not applied at the end (lost)", "unapplied", "{:12,}")]  # fmt: skip
        for label, key, fmt in rows:
            scale = 1000 if key in ("p50", "p99") else 1
            cells = [fmt.format(runs[m][key] * scale) for m in (False, True)]
            print(f"{label:44} {cells[0]} {cells[1]}")
        for m in (False, True):
            print(f"RSS MB over time ({'in memory' if m else 'read back'}): "
                  + ", ".join(f"{t:.0f}s {mb:.0f}" for t, mb in runs[m]["rss"]))  # fmt: skip
    if http_seconds > 0:
        from benchmarks.live_http import run_http

        got = run_http(work / "http", http_seconds, batch)
        print(f"over HTTP (netbrake live in a child process, httpx client on the same cores, "
              f"{http_seconds:.0f} s): POST /v1/live/events {got.rate:,.0f} events/s, event -> "
              f"dropped by POST /v1/guard/recommendations p50 {got.p50 * 1000:.1f} ms / p99 "
              f"{got.p99 * 1000:.1f} ms over {got.rotations} re-registrations, "
              f"{got.kept_after_ack} answers kept one after its batch was acknowledged, "
              f"server RSS {got.server_rss_mb:.0f} MB")  # fmt: skip
    if rotations:
        t0 = time.perf_counter()
        rot = run_rotation(work / "rotation", accounts=5_000, rotations=rotations, viewers=200)
        print(f"rotation drill: {rot.rotations} removed persons re-register ({rot.late_links} "
              f"linkable only later), {rot.viewers} viewers x {rot.rounds} rounds, "
              f"{time.perf_counter() - t0:.1f} s; impressions of the new accounts in top 10:")  # fmt: skip
        print(f"{'recommender':20} {'unguarded':>10} {'before link':>12} {'after link':>11}")
        for name, c in rot.by_recommender.items():
            print(f"{name:20} {c.unguarded:10,} {c.before:12,} {c.after:11,}")
        print(f"new accounts suppressed at the end: {rot.linked} of {rot.rotations}")
    if drill_events:
        result = run_live_drill(work, events=drill_events, kills=kills, batch=1000,
                                time_limit=1800)  # fmt: skip
        print(f"SIGKILL drill: {result.events} events, {result.kills} kills, "
              f"acknowledged {result.acknowledged}, stored {result.stored}, applied "
              f"{result.applied}, lost {len(result.missing)}, effect mismatches "
              f"{result.effect_mismatch}, {result.seconds:.1f} s, ok={result.ok}")  # fmt: skip
    if soak_minutes:
        _soak(work, soak_minutes, soak_rate, batch)
    print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
