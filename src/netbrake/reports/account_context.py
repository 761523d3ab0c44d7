"""What the console and triage know about accounts: scan results and the store's live state.

Scan results (``netbrake scan --out RESULTS``) hold ``accounts.parquet``
(account_id, score, role, network_id, person_id, action, reasons) and
``networks.json``, read through :class:`netbrake.results.ScanResults`
(docs/results.md), so the console meets the same file names and errors as
every other consumer. The console opens them with :meth:`ScanResults.load_or_error`:
a missing, truncated or newer-version file is kept as the reader's one-line
error and shown on its pages, instead of refusing to start (docs/results.md "Errors").
Only hashes, scores and text reasons are read: the
results never contain media, and neither does anything shown from them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from netbrake.errors import InputError
from netbrake.reports.priority import TargetEvidence
from netbrake.results import ScanResults as ResultsFolder
from netbrake.store import AccountRow


@dataclass(frozen=True)
class ScannedAccount:
    """One row of ``accounts.parquet``."""

    account_id: str
    score: float | None
    role: str | None
    network_id: str | None
    person_id: str | None
    action: str | None
    reasons: tuple[str, ...] = ()


@dataclass
class ScanResults:
    """A scan's accounts by id, the accounts of each person, and its networks.

    ``folder`` is the reader they came from (for files read on demand, such as
    the network drawing's edges); ``error`` the reader's one-line error when
    the folder could not be read (then nothing else is set).
    """

    accounts: dict[str, ScannedAccount] = field(default_factory=dict)
    networks: list[dict[str, Any]] = field(default_factory=list)
    folder: ResultsFolder | None = None
    error: str | None = None

    @classmethod
    def load(cls, folder: Path | None) -> ScanResults:
        """Read RESULTS; ``None`` gives empty results (the console works without a scan)."""
        if folder is None:
            return cls()
        scan = ResultsFolder.open(folder)
        accounts = {}
        for row in scan.accounts().to_pylist():
            network = row.get("network_id")
            account = ScannedAccount(
                account_id=str(row["account_id"]),
                score=row.get("score"),
                role=row.get("role"),
                network_id=None if network is None else str(network),
                person_id=row.get("person_id"),
                action=row.get("action"),
                reasons=tuple(row.get("reasons") or ()),
            )
            accounts[account.account_id] = account
        return cls(accounts, scan.networks(), scan)

    @classmethod
    def load_or_error(cls, folder: Path | None) -> ScanResults:
        """:meth:`load`, with an unreadable folder kept as :attr:`error` (empty results)."""
        try:
            return cls.load(folder)
        except InputError as exc:
            return cls(error=exc.one_line())

    def person_accounts(self, person_id: str | None) -> list[ScannedAccount]:
        if person_id is None:
            return []
        return [a for a in self.accounts.values() if a.person_id == person_id]

    def network(self, network_id: str) -> dict[str, Any] | None:
        return next((n for n in self.networks if str(n.get("network_id")) == network_id), None)

    def network_members(self, network_id: str) -> list[ScannedAccount]:
        return [a for a in self.accounts.values() if a.network_id == network_id]


def target_evidence(
    session: Session, results: ScanResults, target_kind: str, target_ids: list[str]
) -> Mapping[str, TargetEvidence]:
    """Evidence per account id: the store's live state, else the scan's (accounts only)."""
    if target_kind != "account" or not target_ids:
        return {}
    found: dict[str, TargetEvidence] = {}
    for tid in target_ids:
        scanned = results.accounts.get(tid)
        if scanned is not None:
            found[tid] = TargetEvidence(
                scanned.network_id, scanned.score, scanned.role, scanned.person_id
            )
    rows = session.execute(select(AccountRow).where(AccountRow.account_id.in_(target_ids)))
    for row in rows.scalars():
        scan = found.get(row.account_id)
        found[row.account_id] = TargetEvidence(
            row.network_id or (scan.network_id if scan else None),
            row.risk_score if row.risk_score is not None else (scan.risk_score if scan else None),
            row.role or (scan.role if scan else None),
            row.person_id or (scan.person_id if scan else None),
        )
    return found
