"""The submission journal: what has already been sent for each report package.

A report is sent in steps (submit, upload, fileinfo, finish). If a run stops
half-way, the next run must resume the same clearinghouse report instead of
opening a duplicate. The journal is one JSON file per package in a directory,
keyed by :attr:`ReportPackage.idempotency_key` (person + decision set), and
every write replaces the file atomically (write, fsync, rename).
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class JournalEntry:
    """Progress of one package: the report id, files sent, and whether it finished."""

    key: str
    person_id: str
    report_id: str | None = None
    #: file key (md5 or pdq) -> clearinghouse file id
    file_ids: dict[str, str] = field(default_factory=dict)
    #: file keys whose ``fileDetails`` were accepted
    fileinfo_sent: list[str] = field(default_factory=list)
    finished: bool = False
    retracted: bool = False

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


class SubmissionJournal:
    """A directory of :class:`JournalEntry` files; safe to read after a crash."""

    def __init__(self, directory: Path):
        self.directory = directory
        directory.mkdir(parents=True, exist_ok=True)

    def _path(self, key: str) -> Path:
        return self.directory / f"{key}.json"

    def load(self, key: str, person_id: str) -> JournalEntry:
        path = self._path(key)
        if not path.exists():
            return JournalEntry(key=key, person_id=person_id)
        raw = json.loads(path.read_text(encoding="utf-8"))
        return JournalEntry(**raw)

    def save(self, entry: JournalEntry) -> None:
        path = self._path(entry.key)
        tmp = path.with_suffix(".tmp")
        with tmp.open("w", encoding="utf-8") as fh:
            json.dump(entry.to_json(), fh, ensure_ascii=False, sort_keys=True)
            fh.flush()
            os.fsync(fh.fileno())
        tmp.replace(path)

    def entries(self) -> list[JournalEntry]:
        return [
            JournalEntry(**json.loads(p.read_text(encoding="utf-8")))
            for p in sorted(self.directory.glob("*.json"))
        ]
