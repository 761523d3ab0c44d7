"""The service's hash banks: loaded once, changed through the API, matched by one index.

Both media surfaces read it: netbrake's ``POST /v1/media/match`` and the
HMA-compatible routes (docs/hma.md). Banks live in a :class:`BankLibrary`
folder (``<data dir>/banks`` unless configured), so ``netbrake bank`` and
``netbrake match`` see what the API changed. A change saves that bank's file
and drops the compiled :class:`HashMatcher`; the next lookup compiles it again
(F10: a hash added by a reviewer counts at the next lookup, not after a
restart).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

from fastapi import FastAPI, Request

from netbrake.home import data_dir
from netbrake.media import BankLibrary, HashBank, HashMatcher

#: Bank files as (name, size, mtime_ns): a difference means a bank changed on disk.
Stamp = tuple[tuple[str, int, int], ...]


class MediaBanks:
    """Banks by name, their library and the matcher compiled from them."""

    def __init__(self, locate: Callable[[], Path]):
        """``locate``: the bank folder, asked on first use (no data directory made before)."""
        self._locate = locate
        self._library: BankLibrary | None = None
        self._lock = threading.Lock()
        self._matcher: HashMatcher | None = None
        #: Unix time the current matcher was compiled (-1: none yet).
        self.built_at = -1
        self._banks: dict[str, HashBank] | None = None
        #: The bank files (name, size, mtime) the loaded banks were read from.
        self._seen: Stamp | None = None

    @property
    def library(self) -> BankLibrary:
        if self._library is None:
            self._library = BankLibrary(self._locate())
        return self._library

    def _stamp(self) -> Stamp:
        found = []
        for name in self.library.names():
            try:
                stat = self.library.path(name).stat()
            except FileNotFoundError:  # removed between listing and stat
                continue
            found.append((name, stat.st_size, stat.st_mtime_ns))
        return tuple(found)

    @property
    def banks(self) -> dict[str, HashBank]:
        """The banks by name, read again when a bank file changed outside the API
        (``netbrake bank import`` while serving): one ``stat`` per bank file per call."""
        stamp = self._stamp()
        if self._banks is None or stamp != self._seen:
            with self._lock:
                if self._banks is None or stamp != self._seen:
                    if stamp:
                        self._matcher = self.library.matcher()  # reuses the saved index
                        self.built_at = int(time.time())
                        self._banks = dict(self._matcher.banks)
                    else:
                        self._matcher, self._banks = None, {}
                    self._seen = stamp
        assert self._banks is not None
        return self._banks

    def matcher(self) -> HashMatcher:
        """The matcher of the banks as they are now (compiled again after a change)."""
        banks = self.banks  # reloads first when a bank file changed on disk
        found = self._matcher
        if found is not None:
            return found
        with self._lock:
            if self._matcher is None:
                self._matcher = HashMatcher(list(banks.values()))
                self.built_at = int(time.time())
            return self._matcher

    def get(self, name: str) -> HashBank | None:
        return self.banks.get(name)

    def save(self, bank: HashBank) -> None:
        """Store a new or changed bank and drop the compiled matcher."""
        banks = self.banks
        with self._lock:
            self.library.save(bank)
            banks[bank.name] = bank
            self._matcher = None
            self._seen = self._stamp()

    def rename(self, bank: HashBank, new_name: str) -> None:
        banks = self.banks
        with self._lock:
            old = bank.name
            bank.name = new_name
            self.library.save(bank)
            self.library.path(old).unlink(missing_ok=True)
            banks.pop(old, None)
            banks[new_name] = bank
            self._matcher = None
            self._seen = self._stamp()

    def delete(self, name: str) -> None:
        banks = self.banks
        with self._lock:
            if banks.pop(name, None) is not None:
                self.library.path(name).unlink(missing_ok=True)
                self._matcher = None
                self._seen = self._stamp()

    def next_entry_id(self) -> int:
        """An entry id no bank uses: HMA clients know content by an id unique across banks."""
        return 1 + max((max(b.entries, default=0) for b in self.banks.values()), default=0)

    def newest_entry_time(self) -> int:
        """Unix time of the newest entry's provenance (-1 when there is none)."""
        stamps = [
            e.provenance.added_at.timestamp()
            for b in self.banks.values()
            for e in b.entries.values()
            if e.provenance.added_at is not None
        ]
        return int(max(stamps)) if stamps else -1


def mount_banks(app: FastAPI) -> None:
    """Attach the configured banks to the app once (every media router calls this)."""
    if getattr(app.state, "media_banks", None) is None:
        configured = app.state.context.config.banks_dir
        app.state.media_banks = MediaBanks(lambda: configured or data_dir() / "banks")


def media_banks(request: Request) -> MediaBanks:
    found = request.app.state.media_banks
    assert isinstance(found, MediaBanks)
    return found
