"""Report intake throughput (SQLite and PostgreSQL) and the full-size no-loss fault drill.

Targets: >= 2,000 reports/s sustained on SQLite on 2 cores (the
PostgreSQL figure reported beside it); zero acknowledged reports lost while
the server is SIGKILLed at random moments during 20,000 reports.

Measured paths, each a fresh store:
- ``writer``: the group-commit writer in-process, 32 threads each delivering
  one report at a time (the cost of durability and case assignment alone);
- ``http single``: ``netbrake serve`` as a child process, 32 keep-alive
  connections each POSTing one report per request to ``/v1/reports``
  (client and server share the machine's cores);
- ``http single, serve --workers 2``: the same against two server processes
  (two writers taking turns at SQLite's write lock);
- ``http batch``: the same with 100 reports per ``/v1/reports/batch`` request.

The load average is printed at start and end: the client shares the cores with
the server, so other work on the machine shows in every figure.

    python -m benchmarks reports                          # 20,000 reports, drill with 5 kills
    python -m benchmarks reports --reports=5000 --skip-drill
    python -m benchmarks reports --pg=postgresql://app@127.0.0.1:55433/netbrake

PostgreSQL runs when ``--pg`` (or ``NETBRAKE_BENCH_PG_URL``) names a server;
each run gets a database of its own, dropped afterwards. Measure it with
``fsync=on`` (``NETBRAKE_PG_FSYNC=on scripts/postgres.sh start``) for real commits.
"""

from __future__ import annotations

import asyncio
import json
import os
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from benchmarks.measure import print_table

CONNECTIONS = 32
BATCH = 100


def _flag(argv: list[str], name: str, default: str) -> str:
    for arg in argv:
        if arg.startswith(f"--{name}="):
            return arg.split("=", 1)[1]
    return default


@contextmanager
def _pg_database(base: str) -> Iterator[str]:
    from sqlalchemy import create_engine

    from netbrake.store.engine import normalise_url

    admin_url = normalise_url(base)
    name = f"bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield admin_url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE "{name}" WITH (FORCE)')
        admin.dispose()


@contextmanager
def _database(backend: str, pg: str | None, folder: Path) -> Iterator[str]:
    if backend == "sqlite":
        yield f"sqlite:///{folder / f'{uuid.uuid4().hex[:8]}.sqlite'}"
        return
    assert pg is not None
    with _pg_database(pg) as url:
        yield url


def bench_writer(url: str, count: int) -> tuple[float, int]:
    """Reports/s through the group-commit writer; and the number of commits."""
    from netbrake.reports import IncomingReport, ReportWriter
    from netbrake.reports.drill import drill_reports
    from netbrake.store import Store

    reports = [IncomingReport(**r) for r in drill_reports(count, seed=1)]
    with Store.open(url, migrate_schema=True) as store:
        writer = ReportWriter(store).start()
        chunks = [reports[i::CONNECTIONS] for i in range(CONNECTIONS)]

        def deliver(mine: list[IncomingReport]) -> None:
            for report in mine:
                writer.submit([report]).result()

        threads = [threading.Thread(target=deliver, args=(c,)) for c in chunks]
        start = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        seconds = time.perf_counter() - start
        writer.stop()
    return count / seconds, writer.commits


async def _post_all(port: int, key: str, bodies: list[bytes], path: str) -> float:
    """POST every body over CONNECTIONS keep-alive connections (a minimal HTTP/1.1 client,
    so that the client's own cost stays small next to the server's)."""
    queue = list(reversed(bodies))
    head = (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        f"Authorization: Bearer {key}\r\n"
    ).encode()

    async def connection() -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        while queue:
            body = queue.pop()
            writer.write(head + f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
            status = await reader.readline()
            length = 0
            while (line := await reader.readline()) not in (b"\r\n", b""):
                name, _, value = line.partition(b":")
                if name.lower() == b"content-length":
                    length = int(value)
            await reader.readexactly(length)
            if b" 200 " not in status and b" 201 " not in status:
                raise RuntimeError(f"intake answered {status!r}")
        writer.close()

    start = time.perf_counter()
    await asyncio.gather(*(connection() for _ in range(CONNECTIONS)))
    return time.perf_counter() - start


def bench_http(url: str, count: int, folder: Path, *, batch: int, workers: int = 1) -> float:
    from netbrake.reports.drill import ServerProcess, drill_reports
    from netbrake.store import Store

    with Store.open(url, migrate_schema=True) as store:
        key = store.create_api_key(["guard"], created_by="bench").secret
    reports = drill_reports(count, seed=2)
    if batch == 1:
        bodies, path = [json.dumps(r).encode() for r in reports], "/v1/reports"
    else:
        bodies = [
            json.dumps({"reports": reports[i : i + batch]}).encode() for i in range(0, count, batch)
        ]
        path = "/v1/reports/batch"
    extra = ("--triage-interval", "0", *(("--workers", str(workers)) if workers > 1 else ()))
    server = ServerProcess(url, folder, extra=extra)
    server.start()
    try:
        seconds = asyncio.run(_post_all(server.port, key, bodies, path))
    finally:
        server.stop()
    return count / seconds


def main(argv: list[str] | None = None) -> None:
    argv = argv or []
    count = int(_flag(argv, "reports", "20000"))
    kills = int(_flag(argv, "kills", "5"))
    pg = _flag(argv, "pg", os.environ.get("NETBRAKE_BENCH_PG_URL", "")) or None
    backends = ["sqlite", *(["postgresql"] if pg else [])]
    load = os.getloadavg()[0]
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        for backend in backends:
            with _database(backend, pg, folder) as url:
                rate, commits = bench_writer(url, count)
            rows.append(
                [
                    backend,
                    "writer (in-process, 32 threads)",
                    count,
                    rate,
                    f"{count / commits:.0f} reports/commit",
                ]
            )
            for label, batch, workers in (
                ("http single (/v1/reports)", 1, 1),
                ("http single, serve --workers 2", 1, 2),
                (f"http batch {BATCH} (/v1/reports/batch)", BATCH, 1),
            ):
                with _database(backend, pg, folder) as url:
                    rate = bench_http(url, count, folder, batch=batch, workers=workers)
                rows.append([backend, label, count, rate, f"{CONNECTIONS} connections"])
        print_table(
            f"report intake, reports/s (2,000/s target on SQLite; load average {load:.1f} "
            f"at start, {os.getloadavg()[0]:.1f} at end, on {os.cpu_count()} cores)",
            ["store", "path", "reports", "reports/s", "note"],
            rows,
        )
        if "--skip-drill" not in argv:
            drill(folder, count, kills)


def drill(folder: Path, count: int, kills: int) -> None:
    from netbrake.reports.drill import run_drill

    work = folder / "drill"
    work.mkdir()
    result = run_drill(work, reports=count, kills=kills, senders=32, seed=20, time_limit=1800)
    print_table(
        "fault drill: SIGKILL during intake, restart, resend unacknowledged",
        [
            "reports",
            "acknowledged",
            "stored",
            "kills",
            "attempts",
            "lost",
            "wrong case",
            "check violations",
            "seconds",
            "ok",
        ],
        [
            [
                result.reports,
                result.acknowledged,
                result.stored,
                result.kills,
                result.attempts,
                len(result.missing),
                len(result.wrong_case),
                len(result.violations),
                result.seconds,
                str(result.ok),
            ]
        ],
    )
