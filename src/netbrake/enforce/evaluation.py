"""Evasion coverage: are the backup accounts of actioned persons covered by the plan?

F6. Denominator: accounts labelled ``backup``
whose true person has another account the plan acts on. Numerator: those
backups the plan also acts on (any action but ``none``). Evaluation code only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass

import pyarrow as pa

from netbrake.enforce.decision import Decision


@dataclass(frozen=True)
class EvasionCoverage:
    """How many backups of actioned persons the plan covers."""

    backups: int
    backups_of_actioned_persons: int
    covered: int

    @property
    def share(self) -> float:
        if not self.backups_of_actioned_persons:
            return 1.0
        return self.covered / self.backups_of_actioned_persons

    def to_json(self) -> dict[str, float | int]:
        return {**asdict(self), "share": self.share}


def evasion_coverage(decisions: Iterable[Decision], labels: pa.Table) -> EvasionCoverage:
    """Coverage of labelled backups (``labels``: account_id, role, person_id)."""
    acted = {d.subject_id for d in decisions if d.subject_kind == "account" and d.acts}
    rows = labels.select(["account_id", "role", "person_id"]).to_pylist()
    actioned_persons = {
        r["person_id"] for r in rows if r["role"] != "backup" and r["account_id"] in acted
    }
    backups = [r for r in rows if r["role"] == "backup"]
    relevant = [r for r in backups if r["person_id"] in actioned_persons]
    return EvasionCoverage(
        backups=len(backups),
        backups_of_actioned_persons=len(relevant),
        covered=sum(r["account_id"] in acted for r in relevant),
    )
