"""What a probe does on the platform: one interaction of an account with another.

Probes act like the outside researchers of F1/F2:
fresh accounts view, follow or report network accounts. A recommender sees
these as interactions added to its state; ``report`` is recorded but carries
no affinity, because reporting an account is not liking it.
"""

from __future__ import annotations

from dataclasses import dataclass

from netbrake.platform import EDGE_KINDS

#: Interaction kinds a probe may perform: the contract's edge kinds plus ``report``.
INTERACTION_KINDS = (*EDGE_KINDS, "report")

#: Discovery surfaces the audit measures (names follow the guard's per-surface policies).
SUGGESTED_ACCOUNTS = "suggested_accounts"
FEED = "feed"
#: Every probe account's id starts with this (a platform's test hook creates them).
PROBE_PREFIX = "netbrake-probe-"


@dataclass(frozen=True)
class Interaction:
    """``src`` did ``kind`` to ``dst`` (view, follow, report, ...), now, once."""

    src: str
    dst: str
    kind: str

    def __post_init__(self) -> None:
        if self.kind not in INTERACTION_KINDS:
            raise ValueError(f"unknown interaction kind {self.kind!r}")
        if self.src == self.dst:
            raise ValueError(f"an account cannot interact with itself: {self.src!r}")
