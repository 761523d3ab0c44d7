"""The decisions every exchange is built from, read through :class:`netbrake.results.ScanResults`.

A decision is the one :class:`netbrake.enforce.Decision` type the scan wrote;
the reader that parses and quarantines its rows is shared by every consumer
(:func:`netbrake.results.read_decision`).

The folder layout is the results contract (docs/results.md): files are
opened, and a missing folder or file, a truncated file or a newer results
version reported, by the one reader every consumer shares. Reading the
decisions is defensive: optional fields may be missing, and a line that
cannot be read becomes a :class:`Problem` instead of crashing the export
(docs/data-contract.md quarantine). Each decision's ``evidence``
carries the structured evidence of docs/results.md "Evidence", read by
:mod:`netbrake.exchange.evidence`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from netbrake.enforce import Decision
from netbrake.platform import Problem
from netbrake.results import ACCOUNTS_FILE, ScanResults


@dataclass(frozen=True)
class AccountRow:
    """One row of ``accounts.parquet`` (the columns exchanges use)."""

    account_id: str
    person_id: str | None
    role: str | None
    action: str | None


@dataclass
class Results:
    """A RESULTS folder read into memory, with the problems met while reading."""

    path: Path
    decisions: list[Decision]
    accounts: list[AccountRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def accounts_of(self, person_id: str) -> list[str]:
        return sorted(a.account_id for a in self.accounts if a.person_id == person_id)


def _read_accounts(scan: ScanResults) -> list[AccountRow]:
    if not scan.has(ACCOUNTS_FILE):
        return []
    table = scan.accounts()
    names = set(table.column_names)
    rows = table.to_pylist()

    def get(row: dict[str, Any], name: str) -> str | None:
        value = row.get(name) if name in names else None
        return None if value is None else str(value)

    return [
        AccountRow(str(r["account_id"]), get(r, "person_id"), get(r, "role"), get(r, "action"))
        for r in rows
        if r.get("account_id") is not None
    ]


def read_results(path: Path) -> Results:
    """Read a RESULTS folder; a missing folder or ``enforcement.jsonl`` is a user error."""
    scan = ScanResults.open(path)
    decisions, problems = scan.read_decisions()
    return Results(scan.path, decisions, _read_accounts(scan), problems)
