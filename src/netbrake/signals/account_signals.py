"""`AccountSignals`: what each account's own content says, as evidence in [0, 1] with reasons.

The text layer finds hits and extracted values; this module weighs them per
account into the five kinds of evidence the graph layer reads
(the graph layer aligns them with its nodes: ``netbrake.graph.node_evidence``): seller, trader, aggregator, backup,
watchdog. Weights are a noisy-or over distinct lexicon entries (one strong
indicator is strong; several weak ones add up, none alone is enough), read
from the policy's ``[signals]`` section.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa

#: Advertising: what sellers (and aggregators reposting them) write.
SELLER_CATEGORIES = frozenset({"explicit_tag", "seller_ad", "content_menu", "payment"})
TRADER_CATEGORIES = frozenset({"offplatform"})
#: Community codes (emoji codes, euphemisms) mark belonging, used by buyers too:
#: evidence of membership, never of selling.
COMMUNITY_CATEGORIES = frozenset({"community_code"})
#: Handle mention relations that name another account of the same person.
LINKING_RELATIONS = ("backup", "alternate", "new", "main")

MENTIONS_SCHEMA = pa.schema(
    [
        ("account_id", pa.string()),
        ("mentioned_handle", pa.string()),
        ("relation", pa.string()),
        ("source", pa.string()),
    ]
)
HITS_SCHEMA = pa.schema(
    [
        ("account_id", pa.string()),
        ("source", pa.string()),
        ("entry_id", pa.string()),
        ("category", pa.string()),
        ("severity", pa.string()),
        ("variant", pa.string()),
        ("matched", pa.string()),
    ]
)


@dataclass(frozen=True, eq=False)
class AccountSignals:
    """Evidence per account, arrays aligned with ``account_ids`` (the accounts table order).

    ``stated_age`` is the lowest age an account states (-1: none);
    ``claims_minor`` is true when that age is under 18 (many sellers are
    minors and victims: enforcement routes them to safeguarding).
    ``mentions`` holds the handles accounts name as backups or alternates
    (identity linking reads it); ``hits`` every lexicon hit with its source
    ("bio", "post p123", ...); ``domains`` the off-platform domains per account.
    """

    account_ids: pa.Array
    seller: np.ndarray
    trader: np.ndarray
    aggregator: np.ndarray
    backup: np.ndarray
    watchdog: np.ndarray
    community: np.ndarray
    stated_age: np.ndarray
    reasons: Mapping[int, tuple[str, ...]]
    mentions: pa.Table
    hits: pa.Table
    domains: Mapping[int, tuple[str, ...]] = field(default_factory=dict)

    @property
    def claims_minor(self) -> np.ndarray:
        result: np.ndarray = (self.stated_age >= 0) & (self.stated_age < 18)
        return result

    @property
    def n(self) -> int:
        return len(self.account_ids)

    def seeds(self, seed_min: float) -> list[str]:
        """Accounts whose own indicator evidence reaches ``seed_min`` (watchdogs excluded)."""
        own = np.maximum(np.maximum(self.seller, self.trader), self.community)
        strong = (own >= seed_min) & (self.watchdog < 0.5)
        ids: list[str] = self.account_ids.take(pa.array(np.flatnonzero(strong))).to_pylist()
        return ids

    def to_arrow(self) -> pa.Table:
        """One row per account with its evidence and reasons."""
        reasons = [list(self.reasons.get(i, ())) for i in range(self.n)]
        return pa.table(
            {
                "account_id": self.account_ids,
                "seller": self.seller,
                "trader": self.trader,
                "aggregator": self.aggregator,
                "backup": self.backup,
                "watchdog": self.watchdog,
                "community": self.community,
                "stated_age": pa.array(self.stated_age, mask=self.stated_age < 0),
                "reasons": pa.array(reasons, pa.list_(pa.string())),
            }
        )
