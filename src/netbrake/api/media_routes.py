"""``POST /v1/media/match``: known-content hash matching over HTTP (F8), guard scope.

The body and answer are :class:`netbrake.media.MatchRequest` and
:class:`netbrake.media.MatchResponse`, answered by
:func:`netbrake.media.answer_match`, as ``netbrake match`` answers on the
command line: every bank of the service's bank folder (``ApiConfig.banks_dir``,
else ``<data dir>/banks``). Only hashes travel, never media bytes.

The banks are compiled once and kept; a bank file added, replaced or removed
(``netbrake bank import``) is picked up by the next request.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI, Request

from netbrake.api.auth import require_scope
from netbrake.api.context import context
from netbrake.home import data_dir
from netbrake.media import BankLibrary, HashMatcher, MatchRequest, MatchResponse, answer_match
from netbrake.store import ApiKey

router = APIRouter(prefix="/v1", tags=["media"])
Guarding = Annotated[ApiKey, Depends(require_scope("guard"))]

#: The bank files' names, sizes and modification times: a change means a rebuild.
Stamp = tuple[tuple[str, int, int], ...]


class LoadedBanks:
    """The matcher of a bank folder, rebuilt when its bank files change."""

    def __init__(self, root: Path | None):
        self._root = root
        self._library: BankLibrary | None = None
        self._lock = threading.Lock()
        self._stamp: Stamp | None = None
        self._matcher: HashMatcher | None = None

    @property
    def library(self) -> BankLibrary:
        """The bank folder (the data directory's, made on first use, when none is set)."""
        if self._library is None:
            self._library = BankLibrary(
                self._root if self._root is not None else data_dir() / "banks"
            )
        return self._library

    def _stamp_now(self) -> Stamp:
        stamps = []
        for name in self.library.names():
            stat = self.library.path(name).stat()
            stamps.append((name, stat.st_size, stat.st_mtime_ns))
        return tuple(stamps)

    def matcher(self) -> HashMatcher:
        with self._lock:
            stamp = self._stamp_now()
            if self._matcher is None or stamp != self._stamp:
                names = [name for name, _, _ in stamp]
                self._matcher = self.library.matcher(names) if names else HashMatcher([])
                self._stamp = stamp
            return self._matcher


def mount(app: FastAPI) -> None:
    """Point the route at the configured bank folder (read on the first request)."""
    app.state.media_banks = LoadedBanks(app.state.context.config.banks_dir)


@router.post("/media/match", response_model=MatchResponse)
def match(body: MatchRequest, request: Request, _key: Guarding) -> MatchResponse:
    """Match PDQ/MD5 hashes against the hash banks; low-quality or invalid ones are skipped."""
    banks: LoadedBanks = request.app.state.media_banks
    return answer_match(body, banks.matcher(), at=context(request).config.clock())
