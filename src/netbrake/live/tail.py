"""`FolderTail`: events from a folder of JSONL and Parquet files, read as they grow (F9).

Files are read in name order. A JSONL file is read up to its last complete
line and its byte position kept in the store (consumer ``file:NAME``) after
the batch is appended; a Parquet file is read once it opens as a complete
file. Re-reading after a crash appends nothing twice: event ids are unique in
the log. Bad lines are quarantined with the file name and line number.
"""

from __future__ import annotations

import contextlib
import json
import threading
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from netbrake.live.log import EventLog

CHUNK = 5_000


def _row_json(row: dict[str, Any]) -> str:
    data = row.get("data")
    if isinstance(data, str):
        # Left as text when it is not JSON: the event is refused as malformed, with its line.
        with contextlib.suppress(json.JSONDecodeError):
            row = {**row, "data": json.loads(data)}
    return json.dumps(row, default=str, ensure_ascii=False)


class FolderTail:
    """Polls ``folder`` every ``interval`` seconds and appends new events to ``log``."""

    def __init__(self, folder: Path, log: EventLog, interval: float = 0.2):
        self.folder = folder
        self.log = log
        self.interval = interval
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.lines_read = 0
        self.error: str | None = None

    def poll(self) -> int:
        """Read what is new in every file once; the number of lines read."""
        read = 0
        for path in sorted(self.folder.glob("*")):
            if path.suffix == ".jsonl":
                read += self._jsonl(path)
            elif path.suffix == ".parquet":
                read += self._parquet(path)
        self.lines_read += read
        return read

    def _jsonl(self, path: Path) -> int:
        consumer = f"file:{path.name}"[:64]
        start = self.log.offset(consumer)
        with path.open("rb") as handle:
            handle.seek(start)
            chunk = handle.read()
        end = chunk.rfind(b"\n")
        if end < 0:
            return 0
        body = chunk[: end + 1]
        first = 1 + self._lines_before(path, start)
        lines = body.split(b"\n")[:-1]
        for at in range(0, len(lines), CHUNK):
            part = lines[at : at + CHUNK]
            self.log.append(part, path.name, first_line=first + at)
        self.log.commit(consumer, start + len(body), [])
        return len(lines)

    def _lines_before(self, path: Path, offset: int) -> int:
        if offset == 0:
            return 0
        with path.open("rb") as handle:
            return handle.read(offset).count(b"\n")

    def _parquet(self, path: Path) -> int:
        consumer = f"file:{path.name}"[:64]
        done = self.log.offset(consumer)
        try:
            table = pq.read_table(path)
        except (OSError, ValueError):
            return 0  # still being written: try again at the next poll
        rows = table.to_pylist()[done:]
        lines = [_row_json(r) for r in rows]
        for at in range(0, len(lines), CHUNK):
            self.log.append(lines[at : at + CHUNK], path.name, first_line=done + at + 1)
        if lines:
            self.log.commit(consumer, done + len(lines), [])
        return len(lines)

    def start(self) -> None:
        if self._thread is None:
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="live-tail", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.poll()
                self.error = None
            except Exception as exc:  # a bad file must not stop the tail; status says why
                self.error = f"{type(exc).__name__}: {exc}"

    def status(self) -> dict[str, object]:
        return {"folder": str(self.folder), "lines_read": self.lines_read, "error": self.error}
