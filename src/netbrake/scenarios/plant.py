"""`plant`: a scenario as a pure function of (backdrop, scenario, seed).

The backdrop's nodes become ordinary accounts whose follows and likes are
the real graph's edges; the planted network comes as new accounts; then the
baseline's confounders are drawn from the backdrop (watchdogs, touched
users, weak-indicator posters, niche-hashtag users) and the scenario's
variant is applied. Each stage draws from its own child of the seed
(``SeedSequence.spawn``), so the variants of one seed share the same
backdrop text, network and confounders and differ only where they say so.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from netbrake.scenarios.backdrop import Backdrop, simple_undirected
from netbrake.scenarios.draft import Draft
from netbrake.scenarios.network import (
    Members,
    add_members,
    camouflage,
    identifiers,
    member_text,
    network_edges,
)
from netbrake.scenarios.spec import SCENARIOS, PlantSize, ScenarioSpec
from netbrake.scenarios.vocabulary import (
    BENIGN_BIOS,
    BENIGN_CAPTIONS,
    BENIGN_TAGS,
    FLOOD_LINES,
    LOOKALIKES,
    NICHE_CAPTIONS,
    NICHE_TAGS,
    REPORT_TEXTS,
    WATCHDOG_BIOS,
    WEAK_INNOCENT,
)

IntArray = npt.NDArray[np.int64]
STAGES = ("backdrop", "network", "confounders", "text", "reports", "variant", "ids")


@dataclass(frozen=True, eq=False)
class Scenario:
    """A planted platform: contract tables (``labels`` included), the finer ground truth
    (``truth``: role, label_role, network_id, person_id, origin, cohorts) and the
    account ids to hand to the scan as ``--seeds``."""

    spec: ScenarioSpec
    backdrop: str
    seed: int
    tables: dict[str, pa.Table]
    truth: pa.Table
    seeds: tuple[str, ...]

    @property
    def name(self) -> str:
        return self.spec.name


def _pick(rng: np.random.Generator, pool: IntArray, count: int) -> IntArray:
    count = min(count, pool.shape[0])
    out: IntArray = np.sort(rng.choice(pool, size=count, replace=False)) if count else pool[:0]
    return out


def _take(draft: Draft, pool: list[int], chosen: IntArray, role: str | None) -> None:
    taken = set(chosen.tolist())
    pool[:] = [v for v in pool if v not in taken]
    if role is not None:
        for v in chosen.tolist():
            draft.role[v] = role


def backdrop_accounts(draft: Draft, b: Backdrop) -> IntArray:
    """The backdrop's nodes as ordinary accounts (positions 0..n-1), with its edges as follows
    (undirected edges: mutual for half of them, one way otherwise) and some likes,
    comments, views, messages and mentions along them; innocent bios and posts, a quarter
    of them without a caption."""
    rng = draft.rng
    nodes = draft.add_accounts(b.n, "benign", "backdrop")
    if b.directed:
        src, dst = b.src, b.dst
    else:
        lo, hi = simple_undirected(b)
        flip = rng.random(lo.shape[0]) < 0.5
        mutual = rng.random(lo.shape[0]) < 0.5
        src = np.concatenate([np.where(flip, hi, lo), hi[mutual & ~flip], lo[mutual & flip]])
        dst = np.concatenate([np.where(flip, lo, hi), lo[mutual & ~flip], hi[mutual & flip]])
    draft.add_edges(src, dst, "follow")
    # Every kind of contact happens among ordinary accounts too, so that no edge kind
    # (views, messages, mentions) is a tell of the planted network.
    kinds = (("like", 0.25), ("comment", 0.05), ("view", 0.1), ("message", 0.03), ("mention", 0.02))
    for kind, p in kinds:
        keep = rng.random(src.shape[0]) < p
        draft.add_edges(src[keep], dst[keep], kind)
    for v in nodes.tolist():
        if rng.random() < 0.6:
            draft.bio[v] = BENIGN_BIOS[int(rng.integers(len(BENIGN_BIOS)))]
        for _ in range(int(rng.poisson(0.8))):
            if rng.random() < 0.25:  # photo-only posts: members are not the only silent posters
                draft.add_post(v, None)
                continue
            caption = BENIGN_CAPTIONS[int(rng.integers(len(BENIGN_CAPTIONS)))]
            draft.add_post(v, f"{caption} #{BENIGN_TAGS[int(rng.integers(len(BENIGN_TAGS)))]}")
    return nodes


def _popular(b: Backdrop) -> tuple[IntArray, npt.NDArray[np.float64]]:
    """The best-connected backdrop accounts (camouflage targets) and their degrees."""
    degree = b.degrees().astype(np.float64)
    k = max(20, b.n // 20)
    top = np.argsort(-degree, kind="stable")[:k].astype(np.int64)
    return top, degree[top]


def watchdogs(draft: Draft, m: Members, chosen: IntArray, reports: int) -> None:
    """Advocates and researchers: follow and view many members, report some; half of them
    say so in their bio."""
    rng = draft.rng
    members = m.all
    for k, w in enumerate(chosen.tolist()):
        if k < math.ceil(chosen.shape[0] / 2):
            draft.bio[w] = WATCHDOG_BIOS[k % len(WATCHDOG_BIOS)]
        follow = members[rng.random(members.shape[0]) < rng.uniform(0.3, 0.6)]
        view = members[rng.random(members.shape[0]) < rng.uniform(0.3, 0.7)]
        draft.add_edges(np.full(follow.shape[0], w), follow, "follow")
        draft.add_edges(np.full(view.shape[0], w), view, "view")
        count = reports if reports else int(rng.integers(5, 16))
        for target in _pick(rng, members, count).tolist():
            draft.add_report(w, target, text=REPORT_TEXTS[int(rng.integers(len(REPORT_TEXTS)))])
            draft.add_edges([w], [target], "view")


def touched(draft: Draft, m: Members, chosen: IntArray) -> None:
    """Each touched user has 1-3 contacts with distinct members: follows or likes a seller,
    views a member, or is followed by a buyer; one in ten reports the first one."""
    rng = draft.rng
    members = m.all
    for t in chosen.tolist():
        k = int(rng.integers(1, 4))
        first = True
        for _ in range(k):
            how = rng.random()
            if how < 0.4:
                target = int(rng.choice(m.sellers))
                draft.add_edges([t], [target], "follow")
            elif how < 0.6:
                target = int(rng.choice(m.sellers))
                draft.add_edges([t], [target], "like")
            elif how < 0.8:
                target = int(rng.choice(members))
                draft.add_edges([t], [target], "view")
            else:
                draft.add_edges([int(rng.choice(m.buyers))], [t], "follow")
                target = -1
            if first and target >= 0 and rng.random() < 0.1:
                draft.add_report(t, target)
            first = False


def lookalikes(draft: Draft, b: Backdrop, pool: list[int], size: PlantSize) -> None:
    """Benign tight communities with look-alike vocabulary: a breadth-first patch of the
    backdrop per community, made dense (follows and likes among all its accounts)."""
    rng = draft.rng
    lo, hi = simple_undirected(b)
    neighbours: dict[int, list[int]] = {}
    for u, v in zip(lo.tolist(), hi.tolist(), strict=True):
        neighbours.setdefault(u, []).append(v)
        neighbours.setdefault(v, []).append(u)
    names = list(LOOKALIKES)
    for g in range(size.lookalike_groups):
        bios, captions, tags = LOOKALIKES[names[g % len(names)]]
        free = set(pool)
        group: list[int] = []
        while free and len(group) < size.lookalike_size:
            # Breadth-first from a random free account; a patch that runs out of free
            # neighbours continues from another start (densified into one community below).
            start = int(rng.choice(sorted(free)))
            free.discard(start)
            group.append(start)
            queue = [start]
            while queue and len(group) < size.lookalike_size:
                for v in neighbours.get(queue.pop(0), []):
                    if v in free and len(group) < size.lookalike_size:
                        free.discard(v)
                        group.append(v)
                        queue.append(v)
        if not group:
            return
        chosen = np.array(sorted(group), np.int64)
        _take(draft, pool, chosen, "lookalike")
        draft.tag(chosen, f"lookalike_{names[g % len(names)]}")
        rows, cols = np.nonzero(rng.random((chosen.shape[0], chosen.shape[0])) < 0.6)
        draft.add_edges(chosen[rows], chosen[cols], "follow")
        liked = rng.random(rows.shape[0]) < 0.4
        draft.add_edges(chosen[rows[liked]], chosen[cols[liked]], "like")
        for v in chosen.tolist():
            draft.bio[v] = bios[int(rng.integers(len(bios)))]
            for _ in range(int(rng.integers(1, 4))):
                caption = captions[int(rng.integers(len(captions)))]
                draft.add_post(v, f"{caption} #{tags[int(rng.integers(len(tags)))]}")


def _lines(draft: Draft, chosen: IntArray, lines: tuple[str, ...], cohort: str) -> None:
    rng = draft.rng
    for v in chosen.tolist():
        line = lines[int(rng.integers(len(lines)))]
        if rng.random() < 0.3:
            draft.bio[v] = line
        else:
            draft.add_post(v, line)
    draft.tag(chosen, cohort)


def confounders(
    draft: Draft, b: Backdrop, m: Members, spec: ScenarioSpec, size: PlantSize, popular: IntArray
) -> None:
    """Watchdogs, touched users, look-alike communities and the innocent posters of weak
    indicators and niche hashtags, all drawn from the backdrop."""
    rng = draft.rng
    camouflaged = set(popular.tolist())
    pool = [v for v in range(b.n) if v not in camouflaged]
    chosen = _pick(rng, np.array(pool, np.int64), size.watchdogs)
    _take(draft, pool, chosen, "watchdog")
    watchdogs(draft, m, chosen, size.advocate_reports if spec.advocates_report else 0)
    chosen = _pick(rng, np.array(pool, np.int64), size.touched)
    _take(draft, pool, chosen, "touched")
    touched(draft, m, chosen)
    if spec.lookalikes:
        lookalikes(draft, b, pool, size)
    ordinary = np.array(pool, np.int64)
    weak = _pick(rng, ordinary, round(size.weak_share * ordinary.shape[0]))
    _lines(draft, weak, WEAK_INNOCENT, "weak_poster")
    niche = _pick(rng, ordinary, round(size.niche_share * ordinary.shape[0]))
    for v in niche.tolist():
        caption = NICHE_CAPTIONS[int(rng.integers(len(NICHE_CAPTIONS)))]
        draft.add_post(v, f"{caption} #{NICHE_TAGS[int(rng.integers(len(NICHE_TAGS)))]}")
    draft.tag(niche, "niche_tag")
    if spec.flood:
        everyone = np.flatnonzero(
            np.isin(np.array(draft.role[: b.n], dtype=object), ("benign", "touched"))
        )
        _lines(draft, _pick(rng, everyone, round(size.flood_share * b.n)), FLOOD_LINES, "flood")


def false_reports(draft: Draft, b: Backdrop, spec: ScenarioSpec, size: PlantSize) -> None:
    """Ordinary users' unrelated reports; for ``advocates_report`` a brigade mass reporter
    and sockpuppets sharing one device, all reporting innocent accounts for child safety."""
    rng = draft.rng
    ordinary = np.array([v for v in range(b.n) if draft.role[v] == "benign"], np.int64)
    for _ in range(20):
        a, t = rng.choice(ordinary, size=2, replace=False).tolist()
        draft.add_report(a, t, reason=str(rng.choice(["spam", "harassment", "other"])))
    if not spec.advocates_report:
        return
    brigade = int(rng.choice(ordinary))
    draft.role[brigade] = "brigade"
    rest = ordinary[ordinary != brigade]
    for target in _pick(rng, rest, size.brigade_reports).tolist():
        draft.add_report(brigade, target)
    puppets = draft.add_accounts(size.sockpuppets, "sockpuppet", "planted")
    victim = int(rng.choice(rest))
    draft.tag([victim], "reported_innocent")
    for p in puppets.tolist():
        draft.person[p] = int(puppets[0])
        draft.add_edges([p, p], rng.choice(rest, size=2, replace=False), "follow")
        draft.add_report(p, victim)


def plant(
    backdrop: Backdrop,
    scenario: str | ScenarioSpec,
    seed: int,
    size: PlantSize | None = None,
) -> Scenario:
    """The scenario ``scenario`` planted into ``backdrop`` with ``seed``."""
    spec = SCENARIOS[scenario] if isinstance(scenario, str) else scenario
    fitted = (size or PlantSize()).fitted(backdrop.n)
    rngs = [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(len(STAGES))]
    draft = Draft(rngs[0])
    ordinary = backdrop_accounts(draft, backdrop)
    draft.rng = rngs[1]
    members = add_members(draft, fitted)
    network_edges(draft, members)
    popular, degree = _popular(backdrop)
    camouflage(draft, members, popular, degree)
    draft.rng = rngs[2]
    confounders(draft, backdrop, members, spec, fitted, popular)
    draft.rng = rngs[3]
    member_text(draft, members, spec, fitted)
    draft.rng = rngs[4]
    false_reports(draft, backdrop, spec, fitted)
    draft.rng = rngs[5]
    if spec.network_edge_keep < 1.0:
        src, dst, _ = draft.edge_arrays()
        member = draft.is_member()
        inside = member[src] & member[dst]
        draft.drop_edges(~inside | (draft.rng.random(src.shape[0]) < spec.network_edge_keep))
    seeds: list[int] = []
    if spec.scan_seeds:
        count = 1 + int(draft.rng.integers(spec.scan_seeds))
        seeds = _pick(draft.rng, members.sellers, count).tolist()
    if spec.ordinary_seeds:
        pasted = _pick(draft.rng, ordinary, round(spec.ordinary_seeds * ordinary.size))
        seeds += pasted.tolist()
    identifiers(draft)
    draft.rng = rngs[6]
    tables, truth = draft.tables()
    ids = tables["accounts"].column("account_id").to_pylist()
    return Scenario(spec, backdrop.name, seed, tables, truth, tuple(ids[s] for s in seeds))
