"""The recommendation probes of (a)-(c), run against one recommender.

Each probe creates fresh probe accounts (ids ``netbrake-probe-...``), makes
them act (view, follow, report) and reads what the recommender then suggests
to them or to the people around them, exactly as the outside researchers did
(F1, F2). Probe accounts are independent: each starts from the
recommender as given (:func:`~netbrake.audit.isolation.fresh` resets one that
changes in place), so one probe's interactions never feed another's. The
same targets are used for the unguarded and the guarded run.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from netbrake.audit.interaction import PROBE_PREFIX, Interaction
from netbrake.audit.isolation import fresh
from netbrake.audit.rate import Rate
from netbrake.audit.recommender import Recommender

IsMember = Callable[[str], bool]


def probe_account(tag: str, i: int) -> str:
    """The id of the ``i``-th fresh account of a probe run tagged ``tag``."""
    return f"{PROBE_PREFIX}{tag}-{i}"


@dataclass(frozen=True)
class Shown:
    """Members among suggestions: pooled over suggestions and per probe account.

    ``member_hits`` is how often each distinct member was suggested (largest
    first), which a sampled truth's estimate needs (:mod:`netbrake.audit.estimate`).
    Given the probe accounts (``probes``, one per list), ``suggestions`` keeps
    each one's hits and suggestions as its units: a probe account's suggestions
    are correlated, and the interval is cluster-robust over the probes (F1, F9).
    """

    suggestions: Rate
    accounts: Rate
    member_hits: tuple[int, ...] = field(default=())

    @classmethod
    def of(
        cls,
        lists: Sequence[Sequence[str]],
        is_member: IsMember,
        probes: Sequence[str] = (),
    ) -> Shown:
        counts = [sum(map(is_member, s)) for s in lists]
        per_member = Counter(a for s in lists for a in s if is_member(a))
        suggestions = (
            Rate.of_units(zip(probes, counts, map(len, lists), strict=True))
            if probes
            else Rate(sum(counts), sum(len(s) for s in lists))
        )
        return cls(
            suggestions,
            Rate(sum(c > 0 for c in counts), len(lists)),
            tuple(sorted(per_member.values(), reverse=True)),
        )


def view_one_member(
    recommender: Recommender, targets: Sequence[str], n: int, is_member: IsMember, tag: str
) -> Shown:
    """Probe (a): a fresh account views one member; what is it shown next?"""
    shown = []
    probes = [probe_account(tag, i) for i in range(len(targets))]
    for probe, member in zip(probes, targets, strict=True):
        viewed = fresh(recommender).with_interactions([Interaction(probe, member, "view")])
        shown.append(viewed.recommend(probe, n))
    return Shown.of(shown, is_member, probes)


@dataclass(frozen=True)
class FollowRun:
    """Probe (b) on one surface: what was shown at each step, and when a member first was."""

    by_step: tuple[Shown, ...]
    first_exposure: tuple[int | None, ...]


def follow_members(
    recommender: Recommender,
    paths: Sequence[Sequence[str]],
    n: int,
    is_member: IsMember,
    tag: str,
    surfaces: Sequence[str],
) -> dict[str, FollowRun]:
    """Probe (b): a fresh account follows the members of a path one by one (k = 1..len).

    After each follow its suggestions on every surface are read; the first
    step that shows a member is its time to first exposure.
    """
    steps = max((len(p) for p in paths), default=0)
    lists: dict[str, list[list[list[str]]]] = {s: [[] for _ in range(steps)] for s in surfaces}
    who: list[list[str]] = [[] for _ in range(steps)]
    first: dict[str, list[int | None]] = {s: [] for s in surfaces}
    for i, path in enumerate(paths):
        probe = probe_account(tag, i)
        state = fresh(recommender)
        seen: dict[str, int | None] = dict.fromkeys(surfaces)
        for k, member in enumerate(path, start=1):
            state = state.with_interactions([Interaction(probe, member, "follow")])
            who[k - 1].append(probe)
            for surface in surfaces:
                shown = state.recommend(probe, n, surface=surface)
                lists[surface][k - 1].append(shown)
                if seen[surface] is None and any(map(is_member, shown)):
                    seen[surface] = k
        for surface in surfaces:
            first[surface].append(seen[surface])
    return {
        s: FollowRun(
            tuple(Shown.of(step, is_member, who[k]) for k, step in enumerate(lists[s])),
            tuple(first[s]),
        )
        for s in surfaces
    }


@dataclass(frozen=True)
class ContactCase:
    """Probe (c): ``watchdog`` views and reports ``member``; ``followers`` are then read."""

    watchdog: str
    member: str
    followers: tuple[str, ...]

    def contact(self) -> list[Interaction]:
        return [
            Interaction(self.watchdog, self.member, "view"),
            Interaction(self.watchdog, self.member, "report"),
        ]


def contamination(
    recommender: Recommender, cases: Sequence[ContactCase], n: int, *, contact: bool = True
) -> Rate:
    """Share of watchdog followers whose suggestions include the member she touched.

    With ``contact=False`` the same followers are read without the contact:
    the baseline the contact is compared with. A watchdog's followers share
    her contact and her member, so each case is one sampling unit (F2).
    """
    units = []
    for case in cases:
        state = fresh(recommender)
        if contact:
            state = state.with_interactions(case.contact())
        hits = sum(case.member in state.recommend(f, n) for f in case.followers)
        units.append((f"{case.watchdog}>{case.member}", hits, len(case.followers)))
    return Rate.of_units(units)
