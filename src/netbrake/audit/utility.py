"""Utility for benign users: recall@N of held-out follows.

Safety must not break the product: a share of each sampled benign user's
follows of other benign accounts is hidden from the recommender, and recall@N
counts how many of them come back in the user's top N, without and with the
guard. Their ratio is the cost of safety the issue asks to make visible.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from netbrake.audit.rate import Rate
from netbrake.audit.recommender import Recommender


def hold_out(
    follows: Sequence[tuple[str, str]],
    users: int,
    share: float,
    rng: np.random.Generator,
    *,
    min_follows: int = 4,
) -> dict[str, frozenset[str]]:
    """Pick up to ``users`` users with at least ``min_follows`` follows and hide ``share`` of each.

    At least one follow per user is hidden; the result maps user -> hidden follows.
    """
    by_user: dict[str, list[str]] = {}
    for src, dst in follows:
        by_user.setdefault(src, []).append(dst)
    eligible = sorted(u for u, d in by_user.items() if len(set(d)) >= min_follows)
    if not eligible:
        return {}
    chosen = rng.choice(len(eligible), size=min(users, len(eligible)), replace=False)
    held: dict[str, frozenset[str]] = {}
    for i in sorted(chosen.tolist()):
        user = eligible[i]
        followed = sorted(set(by_user[user]))
        k = max(1, round(share * len(followed)))
        hidden = rng.choice(len(followed), size=k, replace=False)
        held[user] = frozenset(followed[j] for j in hidden.tolist())
    return held


def recall_at_n(recommender: Recommender, held: Mapping[str, frozenset[str]], n: int) -> Rate:
    """Held-out follows found in each user's top ``n``, pooled over users.

    Each user is one sampling unit: her hidden follows come back together or
    not at all more often than independent draws would (docs/audit.md "Rates").
    """
    return Rate.of_units(
        (user, len(set(recommender.recommend(user, n)) & hidden), len(hidden))
        for user, hidden in held.items()
    )
