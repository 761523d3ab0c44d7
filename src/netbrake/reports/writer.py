"""Group commit: one writer thread turns many waiting deliveries into one transaction.

SQLite with ``synchronous=FULL`` manages ~80 commits/s here; one commit per
report cannot reach 2,000 reports/s. Deliveries queue up while a commit is in
flight and the next transaction takes all of them (up to ``max_batch``), the
scheme databases use for their own logs. A delivery's future resolves only
after its transaction committed: that is the acknowledgement (issue 8, item 1).
If the transaction fails, every delivery in it fails and nothing is
acknowledged; the client retries with the same report ids.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field

from netbrake.reports.intake import store_reports
from netbrake.reports.records import IncomingReport, Receipt
from netbrake.store import Store


@dataclass
class _Delivery:
    reports: Sequence[IncomingReport]
    recent: dict[str, int]
    future: Future[list[Receipt]] = field(default_factory=Future)


class WriterStopped(RuntimeError):
    """The writer is not running: nothing was stored."""


class ReportWriter:
    """The single writer of reports for a process. ``submit`` returns a future of receipts."""

    def __init__(self, store: Store, *, max_batch: int = 1000):
        self.store = store
        self.max_batch = max_batch
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
        if not self._running:
            raise WriterStopped("the report writer is not running")
        delivery = _Delivery(reports, recent or {})
        self._queue.put(delivery)
        return delivery.future

    def _take(self) -> tuple[list[_Delivery], bool]:
        first = self._queue.get()
        if first is None:
            return [], True
        batch, size, stop = [first], len(first.reports), False
        while size < self.max_batch:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                break
            if item is None:
                stop = True
                break
            batch.append(item)
            size += len(item.reports)
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
            for delivery in batch:
                delivery.future.set_exception(exc)
            if not isinstance(exc, Exception):
                raise
            return
        self.commits += 1
        self.stored += sum(r.created for r in receipts)
        start = 0
        for delivery in batch:
            end = start + len(delivery.reports)
            delivery.future.set_result(receipts[start:end])
            start = end
