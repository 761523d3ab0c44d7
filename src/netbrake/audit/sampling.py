"""Who the probes target, drawn once per audit from a seed.

Targets come from the ground truth and the platform's follow graph and are
shared by the unguarded and the guarded runs, so the two differ only by the
guard. Every draw uses its own child of the seed: adding a probe never
changes another probe's targets.

Every draw reads the truth's frame (its roles, networks and
:meth:`~netbrake.audit.ground_truth.GroundTruth.is_member`), never the
sample a sampled truth counts: a network's seller starts its follow paths
whether or not the sample holds her, so the targets are the same for a
truth and any sample of it (F1, F9; docs/audit.md "Sampled truth").
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from netbrake.audit.ground_truth import GroundTruth
from netbrake.audit.probes import ContactCase


def follows(edges: pa.Table, sources: Sequence[str] | None = None) -> list[tuple[str, str]]:
    """(src, dst) of follow edges, optionally only from ``sources``."""
    keep = pc.equal(edges.column("kind"), "follow")
    if sources is not None:
        keep = pc.and_(keep, pc.is_in(edges.column("src"), value_set=pa.array(list(sources))))
    rows = edges.filter(keep)
    return list(zip(rows.column("src").to_pylist(), rows.column("dst").to_pylist(), strict=True))


def followers_of(edges: pa.Table, accounts: Sequence[str]) -> dict[str, list[str]]:
    """Followers of each account, sorted."""
    keep = pc.and_(
        pc.equal(edges.column("kind"), "follow"),
        pc.is_in(edges.column("dst"), value_set=pa.array(list(accounts), type=pa.string())),
    )
    rows = edges.filter(keep)
    out: dict[str, set[str]] = {}
    for src, dst in zip(
        rows.column("src").to_pylist(), rows.column("dst").to_pylist(), strict=True
    ):
        out.setdefault(dst, set()).add(src)
    return {a: sorted(f) for a, f in out.items()}


def pick(items: Sequence[str], k: int, rng: np.random.Generator) -> list[str]:
    """Up to ``k`` distinct items, in draw order."""
    if not items or k <= 0:
        return []
    return [items[i] for i in rng.choice(len(items), size=min(k, len(items)), replace=False)]


def follow_paths(
    truth: GroundTruth, pool: Sequence[str], count: int, length: int, rng: np.random.Generator
) -> list[list[str]]:
    """``count`` paths of up to ``length`` members of one network each, a seller first
    when the network has one (outsiders found sellers first, through hashtags)."""
    allowed = set(pool)
    networks = {k: [a for a in v if a in allowed] for k, v in truth.networks().items()}
    paths: list[list[str]] = []
    for start in pick(pool, count, rng) if pool else []:
        members = networks[truth.network_of.get(start, -1)]
        sellers = [a for a in members if truth.role_of[a] == "seller"]
        first = pick(sellers, 1, rng) or [start]
        rest = pick([a for a in members if a != first[0]], length - 1, rng)
        paths.append(first + rest)
    return paths


def contact_cases(
    truth: GroundTruth,
    edges: pa.Table,
    watchdogs: int,
    followers: int,
    rng: np.random.Generator,
) -> list[ContactCase]:
    """Watchdogs with benign followers, each paired with a seller (any member if none)."""
    found = followers_of(edges, truth.with_role("watchdog"))
    candidates = sorted(w for w, f in found.items() if any(not truth.is_member(x) for x in f))
    targets = truth.with_role("seller") or truth.members
    cases = []
    for watchdog in pick(candidates, watchdogs, rng):
        benign = [f for f in found[watchdog] if not truth.is_member(f)]
        member = pick(targets, 1, rng)[0]
        cases.append(ContactCase(watchdog, member, tuple(sorted(pick(benign, followers, rng)))))
    return cases


def takedown(truth: GroundTruth, share: float, rng: np.random.Generator) -> list[str]:
    """Accounts an in-progress takedown has removed: ``share`` of each network's
    non-backup members. Backups stay (they are registered to resume, F6)."""
    removed: list[str] = []
    for members in truth.networks().values():
        primary = [a for a in members if truth.role_of[a] != "backup"]
        removed += pick(primary, round(share * len(primary)), rng)
    return sorted(removed)
