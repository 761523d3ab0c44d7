"""The banks a netbrake installation keeps: one ``netbrake``-format file per bank.

Default location: ``<data dir>/banks`` (``NETBRAKE_HOME``); the CLI's
``--banks DIR`` points elsewhere. The PDQ index of a set of banks is saved
under ``.index/`` keyed by the bank files' names, sizes and modification
times, and memory-mapped on the next run instead of being rebuilt.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

from netbrake.media.bank_import import BankProblem, export_bank, read_bank
from netbrake.media.hash_bank import HashBank
from netbrake.media.matcher import HashMatcher
from netbrake.media.multi_index import MANIFEST, MultiIndexHashIndex

_NAME_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,99}")
_SUFFIX = ".bank.jsonl"


def check_bank_name(name: str) -> str:
    """A bank name safe as a file name; ``ValueError`` otherwise."""
    if not _NAME_RE.fullmatch(name):
        raise ValueError(f"bad bank name {name!r}: use letters, digits, '.', '_' or '-'")
    return name


class BankLibrary:
    """Banks stored in a folder; each save replaces the bank's file atomically."""

    def __init__(self, root: Path):
        self.root = root

    def path(self, name: str) -> Path:
        return self.root / f"{check_bank_name(name)}{_SUFFIX}"

    def names(self) -> list[str]:
        if not self.root.is_dir():
            return []
        return sorted(p.name.removesuffix(_SUFFIX) for p in self.root.glob(f"*{_SUFFIX}"))

    def exists(self, name: str) -> bool:
        return self.path(name).is_file()

    def load(self, name: str) -> tuple[HashBank, list[BankProblem]]:
        return read_bank(self.path(name))

    def load_all(self, names: list[str] | None = None) -> list[HashBank]:
        return [self.load(name)[0] for name in (names or self.names())]

    def save(self, bank: HashBank) -> Path:
        self.root.mkdir(parents=True, exist_ok=True)
        target = self.path(bank.name)
        tmp = target.with_suffix(".tmp")
        export_bank(bank, tmp, "netbrake")
        tmp.replace(target)
        return target

    def matcher(self, names: list[str] | None = None) -> HashMatcher:
        """A :class:`HashMatcher` of these banks, reusing the saved index when the banks are unchanged."""
        names = names or self.names()
        banks = self.load_all(names)
        stamp = [(n, self.path(n).stat().st_size, self.path(n).stat().st_mtime_ns) for n in names]
        key = hashlib.sha256(json.dumps(stamp).encode()).hexdigest()[:16]
        cache = self.root / ".index" / key
        if (cache / MANIFEST).is_file():
            try:
                return HashMatcher(banks, index=MultiIndexHashIndex.open(cache))
            except (ValueError, OSError):
                shutil.rmtree(cache, ignore_errors=True)  # stale or damaged: rebuild below
        matcher = HashMatcher(banks)
        if isinstance(matcher.index, MultiIndexHashIndex) and self.root.is_dir():
            for old in (self.root / ".index").glob("*"):
                shutil.rmtree(old, ignore_errors=True)
            matcher.index.save(cache)
        return matcher
