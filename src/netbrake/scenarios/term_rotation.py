"""Term rotation (F4: "within days new variations appeared again"): an adversary that keeps
inventing tags after its old ones are blocked, against a static lexicon and against term
discovery with a reviewer in the loop.

The network (a fixed set of member accounts) stops using its blocked tags and
introduces ``new_tags_per_day`` made-up tags each simulated day. A new tag
spreads: on its first day ``first_use`` of member texts carry it, then
``growth`` times more each day up to ``peak_use``; the adversary retires a tag
after ``lifetime_days``, or the day after it finds it blocked, and then tries
a respelling of it (leet digits) for a few days. Ordinary users start
``trends_per_day`` made-up trending tags each day, which members also use
(camouflage), and ``niches_per_day`` small communities of ordinary users
(``niche_accounts`` each) start a rare tag of their own that members also
sprinkle in: innocent users of a weak indicator, the bystanders a queue must
not fill with.

Two arms see the same adversary. The *static* arm is the default policy,
never changed. The *discovery* arm runs one scan cycle per day: the day's
texts are written as a RESULTS folder, :func:`netbrake.terms.discover` ranks
the terms, and a simulated reviewer works the queue through
:class:`netbrake.terms.TermReview` on a real policy file and store: it approves
the candidates that are the network's tags (``shadow``), rejects the rest,
and promotes each approved entry after ``shadow_days`` cycles. Both arms ask a
real :class:`netbrake.guard.GuardEngine` for each tag's hashtag page every day.
*Exposure* is the number of member texts a hashtag page still shows: a use of
a tag whose page is not blocked.

The reviewer knows which candidates are the network's (a trained reviewer
reads the examples); the innocent share is therefore measured on what the
queue shows, before the reviewer. The exposure ratio follows from the
adoption model above (how fast a tag spreads, how long it lives): the
simulation measures that discovery proposes each tag in its first cycle and
that the guard blocks it once promoted; the ratio is what that means under
this model, not a property of every adversary.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from netbrake.guard import GuardAction, GuardEngine
from netbrake.store import Store
from netbrake.terms import (
    DiscoverySettings,
    TermReview,
    discover,
    entry_id,
    write_tagged_results,
)
from netbrake.text import Matcher

_SYLLABLES = ("vlo", "rpa", "kwi", "zum", "snib", "qer", "dru", "mlix", "tav", "orn", "bek", "yul")
_LEET = {"o": "0", "i": "1", "e": "3", "a": "4"}
ACTOR = "rotation-reviewer"


@dataclass(frozen=True)
class RotationSettings:
    """The adversary, the platform and the review cycle of one simulation."""

    days: int = 28
    accounts: int = 20_000
    member_share: float = 0.01
    new_tags_per_day: int = 2
    first_use: float = 0.05
    growth: float = 2.0
    peak_use: float = 0.5
    lifetime_days: int = 10
    variant_days: int = 3
    variant_use: float = 0.1
    trends_per_day: int = 2
    trend_use: float = 0.05
    trend_days: int = 5
    niches_per_day: int = 1
    niche_accounts: int = 15
    niche_use: float = 0.8
    camouflage_use: float = 0.02
    shadow_days: int = 1
    top: int = 50
    seed: int = 0


@dataclass
class TagFate:
    """One of the network's tags: the day it appeared, was first proposed, was blocked."""

    tag: str
    introduced: int
    respelling_of: str = ""
    proposed: int | None = None
    blocked: int | None = None


@dataclass
class Cycle:
    """One day's scan cycle in the discovery arm: what the queue showed the reviewer."""

    day: int
    proposals: int
    innocent: int
    innocent_terms: tuple[str, ...]
    approved: int
    promoted: int


@dataclass
class RotationResult:
    settings: RotationSettings
    tags: list[TagFate]
    cycles: list[Cycle]
    static_exposure: list[int] = field(default_factory=list)
    guarded_exposure: list[int] = field(default_factory=list)
    #: Ordinary trends and community tags whose hashtag page ended up blocked (must be none).
    innocent_blocked: list[str] = field(default_factory=list)

    @property
    def new_tags(self) -> list[TagFate]:
        return [t for t in self.tags if not t.respelling_of]

    @property
    def proposed_in_one_cycle(self) -> float:
        """Share of the network's new tags proposed by the first scan after they appeared."""
        new = self.new_tags
        return sum(t.proposed == t.introduced for t in new) / max(len(new), 1)

    @property
    def innocent_share(self) -> float:
        """Share of the queue's proposals (top ``settings.top``) that are not the network's."""
        shown = sum(c.proposals for c in self.cycles)
        return sum(c.innocent for c in self.cycles) / max(shown, 1)

    @property
    def exposure_ratio(self) -> float:
        """Static exposure over guarded exposure (infinite when guarded is zero)."""
        guarded = sum(self.guarded_exposure)
        return sum(self.static_exposure) / guarded if guarded else float("inf")


def _made_up_tag(rng: np.random.Generator, taken: set[str]) -> str:
    while True:
        parts = rng.choice(np.array(_SYLLABLES), 3, replace=False)
        tag = "#" + "".join(str(p) for p in parts)
        if tag not in taken:
            taken.add(tag)
            return tag


def respell(tag: str) -> str:
    """The adversary's respelling of a blocked tag: its vowels as leet digits."""
    return "#" + "".join(_LEET.get(c, c) for c in tag.lstrip("#"))


def _use(settings: RotationSettings, age: int) -> float:
    return float(min(settings.peak_use, settings.first_use * settings.growth**age))


class _Arm:
    """One arm's adversary state: which tags the network uses on which day."""

    def __init__(self, settings: RotationSettings, engine: GuardEngine):
        self.settings = settings
        self.engine = engine
        self.fates: dict[str, TagFate] = {}
        self.retired: dict[str, int] = {}

    def blocked(self, tag: str) -> bool:
        return self.engine.check_hashtag(tag).action is GuardAction.BLOCK

    def member_tags(self, day: int, new: list[str]) -> dict[str, float]:
        s = self.settings
        for tag in new:
            self.fates[tag] = TagFate(tag, day)
        uses: dict[str, float] = {}
        for tag, fate in list(self.fates.items()):
            if tag in self.retired:
                continue
            age = day - fate.introduced
            limit = s.variant_days if fate.respelling_of else s.lifetime_days
            if age >= limit:
                self.retired[tag] = day
                continue
            if fate.blocked is not None and fate.blocked < day:
                self.retired[tag] = day  # found blocked yesterday: moves on
                if not fate.respelling_of:
                    variant = respell(tag)
                    if variant not in self.fates:
                        self.fates[variant] = TagFate(variant, day, respelling_of=tag)
                        uses[variant] = s.variant_use
                continue
            uses[tag] = s.variant_use if fate.respelling_of else _use(s, age)
        return uses

    def exposure(self, day: int, uses: dict[str, int]) -> int:
        shown = 0
        for tag, count in uses.items():
            fate = self.fates.get(tag)
            if fate is None:
                continue  # an ordinary tag: not the network's exposure
            if self.blocked(tag):
                if fate.blocked is None:
                    fate.blocked = day
            else:
                shown += count
        return shown


def simulate(settings: RotationSettings | None = None, work: Path | None = None) -> RotationResult:
    """Run both arms over ``settings.days`` simulated days (deterministic by seed)."""
    s = settings or RotationSettings()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(work or tmp)
        policy_path = root / "team.toml"
        policy_path.write_text("# the team's policy: entries from term discovery\n")
        with Store.open(f"sqlite:///{root / 'rotation.sqlite'}") as store:
            review = TermReview(policy_path, store)
            static = _Arm(s, GuardEngine())
            guarded = _Arm(s, GuardEngine(policy_path=policy_path))
            return _run(s, root, review, static, guarded)


def _run(
    s: RotationSettings, root: Path, review: TermReview, static: _Arm, guarded: _Arm
) -> RotationResult:
    rng = np.random.default_rng(s.seed)
    member = np.zeros(s.accounts, dtype=bool)
    member[rng.choice(s.accounts, max(int(s.accounts * s.member_share), 3), replace=False)] = True
    taken: set[str] = set()
    innocent: dict[str, tuple[int, np.ndarray]] = {}
    ordinary = np.flatnonzero(~member)
    approved_on: dict[str, int] = {}
    result = RotationResult(s, [], [])
    for day in range(s.days):
        new = [_made_up_tag(rng, taken) for _ in range(s.new_tags_per_day)]
        for _ in range(s.trends_per_day):
            innocent[_made_up_tag(rng, taken)] = (day, np.where(member, s.trend_use, s.trend_use))
        for _ in range(s.niches_per_day):
            share = np.where(member, s.camouflage_use, 0.0)
            share[rng.choice(ordinary, s.niche_accounts, replace=False)] = s.niche_use
            innocent[_made_up_tag(rng, taken)] = (day, share)
        background = {t: p for t, (since, p) in innocent.items() if day - since < s.trend_days}
        day_seed = s.seed * 1000 + day
        # the static arm: same adversary, its own adaptation; nothing is ever learnt
        static_uses = write_tagged_results(
            root / "static", member, _network(static, day, new, member) | background, seed=day_seed
        )
        result.static_exposure.append(static.exposure(day, static_uses))
        out = root / f"day{day:03d}"
        uses = write_tagged_results(
            out, member, _network(guarded, day, new, member) | background, seed=day_seed
        )
        result.guarded_exposure.append(guarded.exposure(day, uses))
        result.cycles.append(_review_cycle(s, day, out, review, guarded, approved_on))
        guarded.engine.reload()
    result.tags = sorted(guarded.fates.values(), key=lambda t: (t.introduced, t.tag))
    result.innocent_blocked = sorted(t for t in innocent if guarded.blocked(t))
    return result


def _network(arm: _Arm, day: int, new: list[str], member: np.ndarray) -> dict[str, np.ndarray]:
    return {tag: np.where(member, use, 0.0) for tag, use in arm.member_tags(day, new).items()}


def _review_cycle(
    s: RotationSettings,
    day: int,
    out: Path,
    review: TermReview,
    arm: _Arm,
    approved_on: dict[str, int],
) -> Cycle:
    """The end of day ``day``: discover, work the queue, promote what has sat in shadow."""
    matcher = Matcher.from_policy(review.policy())
    candidates = discover(out, matcher, DiscoverySettings(top=s.top, examples=1))
    shown = [c for c in candidates if c.proposed]
    queue = review.queue(candidates)
    innocent = tuple(c.term for c in shown if c.term not in arm.fates)
    approved = 0
    for candidate in queue:
        fate = arm.fates.get(candidate.term)
        if fate is None:
            review.reject(candidate, actor=ACTOR, reason="not the network's tag")
            continue
        if fate.proposed is None:
            fate.proposed = day
        review.approve(candidate, actor=ACTOR, reason="the network's new tag")
        approved_on[entry_id(candidate.kind, candidate.term)] = day
        approved += 1
    for fate in arm.fates.values():
        if fate.proposed is None and any(c.term == fate.tag for c in shown):
            fate.proposed = day
    promoted = 0
    for key, since in list(approved_on.items()):
        if day - since >= s.shadow_days:
            review.promote(key, actor=ACTOR, reason="shadow period over")
            del approved_on[key]
            promoted += 1
    return Cycle(day, len(shown), len(innocent), innocent, approved, promoted)
