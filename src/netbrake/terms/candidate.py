"""A proposed new indicator and the evidence a reviewer needs to judge it (F4)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

#: What a candidate is: the same kinds the lexicon knows (hashtag, word, emoji run,
#: domain, two-word phrase).
KINDS = ("hashtag", "token", "emoji", "domain", "phrase")

#: Flags: ``known`` a live lexicon entry already hits it as written; ``shadow`` only a
#: shadow entry does; ``variant`` a live entry hits it only through variant folding
#: (leet, homoglyphs, appended words: a new spelling of a blocked term, F4); ``common``
#: the platform's ordinary users or everyday English use it (camouflage such as "#nba"
#: must never reach the top of a queue); ``community`` a group of ordinary accounts uses
#: it too, at least ``community_ratio`` of its users inside the network (a small
#: community's own tag that members sprinkle in: innocent users of a weak indicator).
FLAGS = ("known", "shadow", "variant", "common", "community")
#: Flags that keep a candidate out of the review queue (ranked after every proposal).
PROTECTED = frozenset({"common", "community"})


@dataclass(frozen=True)
class DiscoverySettings:
    """How candidates are chosen and ranked.

    ``min_member_accounts``: distinct member accounts a term needs (one account's
    quirks are not a network's code). ``common_share``: share of ordinary accounts
    using a term from which it counts as common. ``common_zipf``: wordfreq Zipf
    frequency (log10 per billion words) from which a word counts as common
    English (3.5: about one in 300,000 words). ``community_ratio``: ordinary
    accounts using a term, per member account using it, from which it is a
    community's term rather than the network's code (0.25: one outside user for
    four inside; a network's code has next to none, unless the scan missed
    members). ``prior_weight``: the Dirichlet
    prior's total pseudo-count (Monroe et al. 2008).
    """

    top: int = 50
    min_member_accounts: int = 3
    common_share: float = 0.002
    common_zipf: float = 3.5
    community_ratio: float = 0.25
    include_known: bool = False
    prior_weight: float = 1000.0
    examples: int = 3


@dataclass(frozen=True)
class Candidate:
    """One term over-represented among network members.

    Counts are texts (a bio or a post) holding the term, each text counted
    once; ``member_share``/``ordinary_share`` are the shares of member and of
    ordinary accounts that use it; ``z`` the log-odds z-score against the
    platform background; ``cooccurrence`` the share of the term's member texts
    that also hit a strong (high/critical) or combination entry; ``examples``
    snippets of the indicator tokens around it, never handles or links;
    ``variant_of`` the lexicon entry a ``variant`` folds to; ``searches`` the
    search and autocomplete queries holding it.
    """

    term: str
    kind: str
    member_count: int
    ordinary_count: int
    member_accounts: int
    ordinary_accounts: int
    member_share: float
    ordinary_share: float
    z: float
    cooccurrence: float
    examples: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    variant_of: str = ""
    searches: int = 0

    @property
    def key(self) -> str:
        """``kind:term``, how a review decision names a candidate."""
        return f"{self.kind}:{self.term}"

    @property
    def proposed(self) -> bool:
        """Whether it belongs in the review queue: not protected, not already in the lexicon."""
        return not (PROTECTED | {"known", "shadow"}) & set(self.flags)

    def to_dict(self) -> dict[str, Any]:
        return {
            "term": self.term,
            "kind": self.kind,
            "member_count": self.member_count,
            "ordinary_count": self.ordinary_count,
            "member_accounts": self.member_accounts,
            "ordinary_accounts": self.ordinary_accounts,
            "member_share": round(self.member_share, 6),
            "ordinary_share": round(self.ordinary_share, 6),
            "z": round(self.z, 3),
            "cooccurrence": round(self.cooccurrence, 4),
            "examples": list(self.examples),
            "flags": list(self.flags),
            "variant_of": self.variant_of,
            "searches": self.searches,
        }

    @classmethod
    def from_dict(cls, row: dict[str, Any]) -> Candidate:
        """The inverse of :meth:`to_dict` (a candidates file read back)."""
        fields = {k: row[k] for k in cls.__dataclass_fields__ if k in row}
        fields["examples"] = tuple(row.get("examples", ()))
        fields["flags"] = tuple(row.get("flags", ()))
        return cls(**fields)
