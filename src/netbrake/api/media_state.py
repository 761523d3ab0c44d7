"""The service's hash banks: loaded once, changed through the API, matched by one index.

Both media surfaces read it: netbrake's ``POST /v1/media/match`` and the
HMA-compatible routes (docs/hma.md). Banks live in a :class:`BankLibrary`
folder (``<data dir>/banks`` unless configured), so ``netbrake bank`` and
``netbrake match`` see what the API changed. A change saves that bank's file
and drops the compiled :class:`Matcher`; the next lookup compiles it again
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
from netbrake.media.bank_library import BankLibrary
from netbrake.media.hash_bank import HashBank
from netbrake.media.matcher import Matcher


class MediaBanks:
    """Banks by name, their library and the matcher compiled from them."""

    def __init__(self, locate: Callable[[], Path]):
        """``locate``: the bank folder, asked on first use (no data directory made before)."""
        self._locate = locate
        self._library: BankLibrary | None = None
        self._lock = threading.Lock()
        self._matcher: Matcher | None = None
        #: Unix time the current matcher was compiled (-1: none yet).
        self.built_at = -1
        self._banks: dict[str, HashBank] | None = None

    @property
    def library(self) -> BankLibrary:
        if self._library is None:
            self._library = BankLibrary(self._locate())
        return self._library

    @property
    def banks(self) -> dict[str, HashBank]:
        """The banks by name, read from the library on first use."""
        if self._banks is None:
            with self._lock:
                if self._banks is None and self.library.names():
                    self._matcher = self.library.matcher()  # reuses the saved index
                    self.built_at = int(time.time())
                    self._banks = dict(self._matcher.banks)
                elif self._banks is None:
                    self._banks = {}
        return self._banks

    def matcher(self) -> Matcher:
        """The matcher of the banks as they are now (compiled again after a change)."""
        found = self._matcher
        if found is not None:
            return found
        banks = self.banks
        with self._lock:
            if self._matcher is None:
                self._matcher = Matcher(list(banks.values()))
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

    def delete(self, name: str) -> None:
        banks = self.banks
        with self._lock:
            if banks.pop(name, None) is not None:
                self.library.path(name).unlink(missing_ok=True)
                self._matcher = None

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
