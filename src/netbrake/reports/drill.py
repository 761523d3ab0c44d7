"""The no-loss fault drill: send reports while the server is SIGKILLed.

A real ``netbrake serve`` runs as a child process on 127.0.0.1; concurrent
senders post reports; a killer sends SIGKILL at random moments and restarts
the server; every report not acknowledged is sent again (same report id).
Afterwards the store must hold every acknowledged report, each in exactly one
case, and the consistency check must pass. Used by tests (small) and
``python -m benchmarks reports`` (20,000 reports). Loopback only; bounded in
reports, kills and time.
"""

from __future__ import annotations

import asyncio
import os
import random
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from sqlalchemy import select

from netbrake.reports.check import check_consistency
from netbrake.served import wait_until_healthy
from netbrake.store import ReportRow, Store

REASONS = ("child_safety", "nudity", "spam", "harassment", "other")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ServerProcess:
    """``netbrake serve`` as a child process that can be killed and started again."""

    def __init__(
        self, db_url: str, home: Path, *, port: int | None = None, extra: tuple[str, ...] = ()
    ):
        self.extra = extra
        self.db_url = db_url
        self.home = home
        self.port = port or free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self.log = home / "server.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, *, timeout: float = 60.0) -> None:
        env = {**os.environ, "NETBRAKE_HOME": str(self.home), "NETBRAKE_DB": self.db_url}
        command = [
            sys.executable,
            "-m",
            "netbrake",
            "-q",
            "serve",
            "--port",
            str(self.port),
            "--reporter-per-minute",
            "0",
            *self.extra,
        ]
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(command, env=env, stdout=log, stderr=log)
        try:
            wait_until_healthy(self.url, self.process, timeout)
        except RuntimeError as exc:
            raise RuntimeError(f"{exc}; see {self.log}") from None

    def kill(self) -> None:
        """SIGKILL: no shutdown hook runs, queued work in the process is lost."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()


@dataclass
class DrillResult:
    reports: int
    acknowledged: int
    kills: int
    seconds: float
    attempts: int
    missing: list[str] = field(default_factory=list)
    wrong_case: list[str] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)
    stored: int = 0

    @property
    def ok(self) -> bool:
        return not (self.missing or self.wrong_case or self.violations) and (
            self.stored == self.acknowledged == self.reports
        )


def drill_reports(count: int, *, seed: int = 0) -> list[dict[str, str]]:
    rng = random.Random(seed)
    targets = max(1, count // 4)
    return [
        {
            "report_id": f"drill-{seed}-{i}",
            "reporter_id": f"u{rng.randrange(count)}",
            "target_kind": "account",
            "target_id": f"a{rng.randrange(targets)}",
            "reason": rng.choice(REASONS),
            "text": "synthetic drill report",
        }
        for i in range(count)
    ]


async def _send_all(
    server: ServerProcess,
    key: str,
    reports: list[dict[str, str]],
    kills: int,
    *,
    senders: int,
    seed: int,
    deadline: float,
) -> tuple[dict[str, int], int, int]:
    pending: asyncio.Queue[dict[str, str]] = asyncio.Queue()
    for report in reports:
        pending.put_nowait(report)
    acked: dict[str, int] = {}
    attempts = 0
    killed = 0
    down = asyncio.Event()
    rng = random.Random(seed)

    async def sender() -> None:
        # One client (one keep-alive connection) per sender: httpx's shared pool slows
        # down sharply with many concurrent connections.
        async with httpx.AsyncClient(base_url=server.url, headers=headers, timeout=10.0) as client:
            await send(client)

    async def send(client: httpx.AsyncClient) -> None:
        nonlocal attempts
        while len(acked) < len(reports) and time.monotonic() < deadline:
            try:
                report = pending.get_nowait()
            except asyncio.QueueEmpty:
                await asyncio.sleep(0.01)
                continue
            attempts += 1
            try:
                response = await client.post("/v1/reports", json=report)
                if response.status_code in (200, 201):
                    acked[report["report_id"]] = int(response.json()["case_id"])
                    continue
            except httpx.HTTPError:
                pass
            pending.put_nowait(report)  # not acknowledged: send again, same id
            await asyncio.sleep(0.05 if down.is_set() else 0.005)

    async def killer() -> None:
        nonlocal killed
        for _ in range(kills):
            # Kill at a random point while there is still work in flight.
            target = len(acked) + rng.randint(1, max(2, (len(reports) - len(acked)) // 2))
            while len(acked) < min(target, len(reports) - 1) and time.monotonic() < deadline:
                await asyncio.sleep(0.001)
            if len(acked) >= len(reports) - 1:
                return
            down.set()
            await asyncio.to_thread(server.kill)
            killed += 1
            await asyncio.sleep(rng.uniform(0.0, 0.3))
            await asyncio.to_thread(server.start)
            down.clear()

    headers = {"Authorization": f"Bearer {key}"}
    await asyncio.gather(killer(), *(sender() for _ in range(senders)))
    return acked, attempts, killed


def run_drill(
    workdir: Path,
    *,
    reports: int,
    kills: int,
    senders: int = 32,
    seed: int = 0,
    db_url: str | None = None,
    time_limit: float = 600.0,
) -> DrillResult:
    """Run the drill in ``workdir`` (SQLite there unless ``db_url``) and verify the store."""
    url = db_url or f"sqlite:///{workdir / 'drill.sqlite'}"
    with Store.open(url, migrate_schema=True) as store:
        key = store.create_api_key(["guard"], created_by="drill", label="fault drill").secret
    batch = drill_reports(reports, seed=seed)
    server = ServerProcess(url, workdir)
    started = time.monotonic()
    server.start()
    try:
        acked, attempts, killed = asyncio.run(
            _send_all(
                server, key, batch, kills, senders=senders, seed=seed, deadline=started + time_limit
            )
        )
    finally:
        server.stop()
    seconds = time.monotonic() - started
    result = DrillResult(len(batch), len(acked), killed, seconds, attempts)
    with Store.open(url) as store, store.read() as session:
        query = select(ReportRow.report_id, ReportRow.case_id).where(
            ReportRow.report_id.like(f"drill-{seed}-%")
        )
        rows: dict[str, int | None] = {rid: case for rid, case in session.execute(query)}
        result.stored = len(rows)
        result.missing = sorted(rid for rid in acked if rid not in rows)
        result.wrong_case = sorted(
            rid for rid, case in acked.items() if rid in rows and rows[rid] != case
        )
        check = check_consistency(session)
        result.violations = [f"{v.rule}: {', '.join(v.ids)}" for v in check.violations]
    return result
