"""`MappingParams`: every threshold of network mapping in one place (policy-mapped by the lead)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class MappingParams:
    """Thresholds for seed expansion, membership, watchdogs, networks and roles.

    Expansion: ``alpha`` is PageRank's restart probability, ``eps`` the push
    tolerance; ``expansion`` picks the local push (touches only the
    neighbourhood) or global power iteration (scores every node).
    ``evidence_seed_min`` / ``evidence_seed_weight``: accounts whose seller
    evidence reaches the minimum join the restart distribution with that
    weight (a seed weighs 1). ``hub_damping`` divides edge weights by the log
    of endpoint degrees (Fraudar). ``peel_limit`` caps the nodes given to the
    dense-subgraph peeling (the best by degree-normalised PageRank);
    ``max_expansions`` caps the seeds expanded one by one (seeds inside an
    earlier seed's cluster are skipped).

    Membership (`_membership`): the evidence core is the anchors and the
    accounts at least ``min_in_links`` members contact, making at least
    ``min_in_share`` of the (hub-damped) accounts that contact it; a member
    is in the core or contacts at least ``min_links`` accounts of the core
    that make at least ``min_share`` of the (hub-damped) accounts it contacts,
    or contacts the core at all and ``min_links`` members making
    ``near_share`` of its contacts, or contacts at least ``cover_links``
    accounts of one network's core making ``cover_share`` of that core, or
    ``engaged_links`` accounts of the core, all but one of them more than once
    (a follow and a like: engagement, where a bystander touches once). ``min_links`` is above ``touched_max_links``:
    a bystander with one to three contacts with the network never qualifies.

    Watchdogs: evidence at least ``watchdog_evidence_min``; or by structure,
    contact with at least ``watchdog_min_contacts`` members of one network,
    covering at least ``watchdog_min_coverage`` of it, while at most
    ``watchdog_max_reciprocity`` of those members contact it back.

    Networks: connected components of the members; a component of at least
    ``leiden_min_size`` is split by Leiden (``leiden_resolution``, seeded by
    ``random_seed``) when the split's modularity is at least
    ``leiden_min_modularity``.

    Roles, first match wins: backup, trader or aggregator evidence at least
    ``role_evidence_min``; a member whose contacts into the network are at
    least ``aggregator_mention_share`` mentions (and at least
    ``aggregator_min_mentions``) is an aggregator; then seller evidence at
    least ``role_evidence_min``; then a member followed by at least
    ``seller_min_followers`` members and by ``seller_follow_ratio`` times as
    many as it follows is a seller; the rest are buyers. A non-member in
    contact with 1 to ``touched_max_links`` members is "touched";
    ``central_accounts`` is how many accounts a network summary names.
    """

    alpha: float = 0.15
    eps: float = 1e-6
    expansion: Literal["local", "global"] = "local"
    evidence_seed_min: float = 0.8
    evidence_seed_weight: float = 0.5
    hub_damping: bool = True
    peel_limit: int = 5000
    max_expansions: int = 200
    min_links: int = 4
    min_share: float = 0.15
    near_share: float = 0.4
    cover_links: int = 2
    engaged_links: int = 3
    cover_share: float = 0.34
    min_in_links: int = 5
    min_in_share: float = 0.5
    max_rounds: int = 30
    watchdog_evidence_min: float = 0.5
    watchdog_min_contacts: int = 10
    watchdog_min_coverage: float = 0.5
    watchdog_max_reciprocity: float = 0.1
    leiden_min_size: int = 50
    leiden_resolution: float = 1.0
    leiden_min_modularity: float = 0.35
    random_seed: int = 0
    role_evidence_min: float = 0.5
    seller_min_followers: int = 5
    seller_follow_ratio: float = 1.5
    aggregator_mention_share: float = 0.5
    aggregator_min_mentions: int = 3
    touched_max_links: int = 3
    central_accounts: int = 5
