"""What the guards know about one account (``GET /v1/accounts/{id}``)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from netbrake.guard.state import (
    DOMINATED,
    EVIDENCE,
    FLAGGED,
    FLAGGED_PERSON,
    HIGH_RISK,
    NETWORK,
    PROTECTED,
    GuardState,
)

_NAMES = {
    FLAGGED: "flagged",
    FLAGGED_PERSON: "flagged_person",
    NETWORK: "network_member",
    HIGH_RISK: "high_risk",
    DOMINATED: "dominated_neighbourhood",
    EVIDENCE: "network_evidence",
    PROTECTED: "protected",
}


@dataclass(frozen=True)
class AccountStatus:
    """An account's guard status: ``flagged``, ``restricted`` (not flagged, but kept
    out of recommendations), ``protected`` (a watchdog) or ``clear``."""

    account_id: str
    status: str
    role: str | None
    network_id: str | None
    person_id: str | None
    score: float | None
    conditions: list[str]
    reasons: list[str]
    store_status: str | None
    policy_version: str
    state_version: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def account_status(state: GuardState, account_id: str) -> AccountStatus | None:
    results = state.results
    i = results.index.get(account_id)
    stored = state.overlay.accounts.get(account_id)
    bits = state.bits.get(account_id, 0)
    if i is None and stored is None and not bits:
        return None
    role = results.role[i] if i is not None else None
    network = str(results.network[i]) if i is not None and results.network[i] >= 0 else None
    person = results.person[i] if i is not None else None
    score = float(results.score[i]) if i is not None else None
    if stored is not None:
        role = stored.role or role
        network = stored.network_id or network
        person = stored.person_id or person
        score = stored.risk_score if stored.risk_score is not None else score
    reasons = list(results.reasons[i]) if i is not None else []
    reasons += [t for _, t in sorted(state.detail.get(account_id, {}).items())]
    if bits & (FLAGGED | NETWORK | FLAGGED_PERSON):
        status = "flagged"
    elif bits & (HIGH_RISK | DOMINATED):
        status = "restricted"
    elif bits & PROTECTED:
        status = "protected"
    else:
        status = "clear"
    return AccountStatus(
        account_id=account_id,
        status=status,
        role=role or None,
        network_id=network,
        person_id=person,
        score=score,
        conditions=[name for bit, name in _NAMES.items() if bits & bit],
        reasons=list(dict.fromkeys(reasons)),
        store_status=None if stored is None else stored.status,
        policy_version=state.policy.version,
        state_version=state.state_version,
    )
