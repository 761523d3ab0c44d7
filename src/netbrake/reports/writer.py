"""Group commit: one writer thread turns many waiting deliveries into one transaction.

SQLite with ``synchronous=FULL`` manages ~80 commits/s here; one commit per
report cannot reach 2,000 reports/s. Deliveries queue up while a commit is in
flight and the next transaction takes all of them (up to ``max_batch``), the
scheme databases use for their own logs. A delivery's future resolves only
after its transaction committed: that is the acknowledgement.
If the transaction fails, every delivery in it fails and nothing is
acknowledged; the client retries with the same report ids.

When the last transaction held more than one delivery (senders are waiting on
each other), the writer gathers for ``gather`` seconds (1 ms) before the next
one, as PostgreSQL's ``commit_delay`` does: with 32 senders of one report
each, transactions then hold ~32 reports instead of ~16, halving the writer's
CPU per report (its per-transaction cost dominates at that size). A lone
sender never waits.
"""

from __future__ import annotations

import asyncio
import contextlib
import queue
import threading
import time
from collections.abc import Sequence
from concurrent.futures import Future, InvalidStateError
from dataclasses import dataclass

from netbrake.reports.intake import store_reports
from netbrake.reports.records import IncomingReport, Receipt
from netbrake.store import Store

Outcome = list[Receipt] | BaseException


@dataclass
class _Delivery:
    reports: Sequence[IncomingReport]
    recent: dict[str, int]
    #: A thread waits on ``future`` (``submit``); a coroutine on ``waiter``, on ``loop`` (``deliver``).
    future: Future[list[Receipt]] | None = None
    loop: asyncio.AbstractEventLoop | None = None
    waiter: asyncio.Future[list[Receipt]] | None = None


class WriterStopped(RuntimeError):
    """The writer is not running: nothing was stored."""


def _settle(deliveries: list[tuple[_Delivery, Outcome]]) -> None:
    """Hand each waiting coroutine its outcome (on its loop; one that gave up is skipped)."""
    for delivery, outcome in deliveries:
        waiter = delivery.waiter
        if waiter is None or waiter.done():
            continue
        if isinstance(outcome, BaseException):
            waiter.set_exception(outcome)
        else:
            waiter.set_result(outcome)


class ReportWriter:
    """The single writer of reports for a process: ``submit`` (threads) returns a future of
    receipts, ``deliver`` (coroutines) awaits them."""

    def __init__(self, store: Store, *, max_batch: int = 1000, gather: float = 0.001):
        self.store = store
        self.max_batch = max_batch
        self.gather = gather
        self._last_deliveries = 0
        self._queue: queue.Queue[_Delivery | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._running = False
        #: Transactions committed and reports in them (for benchmarks and metrics).
        self.commits = 0
        self.stored = 0

    def start(self) -> ReportWriter:
        if self._thread is None:
            self._running = True
            self._thread = threading.Thread(target=self._run, name="report-writer", daemon=True)
            self._thread.start()
        return self

    def stop(self) -> None:
        """Finish what is queued, then stop."""
        if self._thread is not None:
            self._running = False
            self._queue.put(None)
            self._thread.join()
            self._thread = None

    def submit(
        self, reports: Sequence[IncomingReport], recent: dict[str, int] | None = None
    ) -> Future[list[Receipt]]:
        future: Future[list[Receipt]] = Future()
        self._enqueue(_Delivery(reports, recent or {}, future=future))
        return future

    async def deliver(
        self, reports: Sequence[IncomingReport], recent: dict[str, int] | None = None
    ) -> list[Receipt]:
        """The receipts of ``reports`` once their transaction committed (raises if it failed).

        Unlike awaiting ``submit``'s future, this wakes the event loop once per committed
        batch instead of once per delivery: at thousands of single-report requests per
        second, those wake-ups were a good part of the loop's work.
        """
        loop = asyncio.get_running_loop()
        waiter: asyncio.Future[list[Receipt]] = loop.create_future()
        self._enqueue(_Delivery(reports, recent or {}, loop=loop, waiter=waiter))
        return await waiter

    def _enqueue(self, delivery: _Delivery) -> None:
        if not self._running:
            raise WriterStopped("the report writer is not running")
        self._queue.put(delivery)

    def _take(self) -> tuple[list[_Delivery], bool]:
        first = self._queue.get()
        if first is None:
            return [], True
        batch, size, stop = [first], len(first.reports), False
        until = time.monotonic() + (self.gather if self._last_deliveries > 1 else 0.0)
        while size < self.max_batch:
            left = until - time.monotonic()
            try:
                item = self._queue.get(timeout=left) if left > 0 else self._queue.get_nowait()
            except queue.Empty:
                break
            if item is None:
                stop = True
                break
            batch.append(item)
            size += len(item.reports)
        self._last_deliveries = len(batch)
        return batch, stop

    def _run(self) -> None:
        while True:
            batch, stop = self._take()
            if batch:
                self._commit(batch)
            if stop:
                return

    def _commit(self, batch: list[_Delivery]) -> None:
        reports = [r for d in batch for r in d.reports]
        recent: dict[str, int] = {}
        for delivery in batch:
            for reporter, count in delivery.recent.items():
                recent[reporter] = max(recent.get(reporter, 0), count)
        try:
            with self.store.write() as tx:
                receipts = store_reports(tx, reports, recent=recent)
        except BaseException as exc:  # every waiting delivery must hear about it
            self._answer([(delivery, exc) for delivery in batch])
            if not isinstance(exc, Exception):
                raise
            return
        self.commits += 1
        self.stored += sum(r.created for r in receipts)
        outcomes: list[tuple[_Delivery, Outcome]] = []
        start = 0
        for delivery in batch:
            end = start + len(delivery.reports)
            outcomes.append((delivery, receipts[start:end]))
            start = end
        self._answer(outcomes)

    def _answer(self, outcomes: list[tuple[_Delivery, Outcome]]) -> None:
        by_loop: dict[asyncio.AbstractEventLoop, list[tuple[_Delivery, Outcome]]] = {}
        for delivery, outcome in outcomes:
            if delivery.loop is not None:
                by_loop.setdefault(delivery.loop, []).append((delivery, outcome))
            elif delivery.future is not None:
                # A future its caller cancelled refuses an outcome; the writer must go on.
                with contextlib.suppress(InvalidStateError):
                    if isinstance(outcome, BaseException):
                        delivery.future.set_exception(outcome)
                    else:
                        delivery.future.set_result(outcome)
        for loop, waiting in by_loop.items():
            with contextlib.suppress(RuntimeError):  # a closed loop: nobody waits there
                loop.call_soon_threadsafe(_settle, waiting)
