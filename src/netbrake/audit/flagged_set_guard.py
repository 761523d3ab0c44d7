"""`FlaggedSetGuard`: a viewer-independent guard from a scan's flagged accounts.

The rules docs/architecture.md sets for the recommendation guard, reduced to a set
lookup: a flagged account is never suggested on any account surface; a
flagged viewer gets no suggestions at all (members are never recommended to
each other, and whatever else their graph yields is network-adjacent); and
contact by protected accounts (watchdogs, reviewers) never reaches the
recommender's state (F2). The real guard engine adds
per-surface policy and live state; this one lets a scan be audited offline.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyarrow.compute as pc

from netbrake.audit.interaction import Interaction
from netbrake.platform import MEMBER_ROLES
from netbrake.results import ScanResults

#: Scan actions that mean "nothing to do" (the account is not flagged by its action).
NO_ACTION = ("", "none", "allow", "no_action")
#: Scan roles that mark an account as protected: its contact is ignored.
PROTECTED_ROLES = ("watchdog",)


@dataclass(frozen=True)
class FlaggedSetGuard:
    """Drops ``flagged`` accounts; ignores interactions by ``protected`` accounts."""

    flagged: frozenset[str]
    protected: frozenset[str] = frozenset()

    @classmethod
    def from_results(cls, results: Path | str) -> FlaggedSetGuard:
        """From a scan's ``accounts.parquet`` (account_id, role, network_id, action).

        Flagged: a member role, or any action other than none/allow.
        Protected: role ``watchdog``.
        """
        table = ScanResults.open(results).accounts(["account_id", "role", "action"])
        ids = table.column("account_id").to_pylist()
        roles = pc.fill_null(table.column("role"), "").to_pylist()
        actions = pc.fill_null(table.column("action"), "").to_pylist()
        flagged = {
            a
            for a, r, x in zip(ids, roles, actions, strict=True)
            if r in MEMBER_ROLES or str(x).lower() not in NO_ACTION
        }
        protected = {a for a, r in zip(ids, roles, strict=True) if r in PROTECTED_ROLES}
        return cls(frozenset(flagged), frozenset(protected - flagged))

    def __call__(self, viewer_id: str, candidate_ids: list[str], surface: str) -> list[str]:
        if viewer_id in self.flagged:
            return []
        return [c for c in candidate_ids if c not in self.flagged]

    def admits(self, interaction: Interaction) -> bool:
        """Whether the recommender may learn from this interaction (watchdog contact: no)."""
        return interaction.src not in self.protected
