"""`run_audit`: every probe against every recommender, without and with the guard.

The order matters for platform-side recommenders whose
state changes in place: the takedown comes last because it cannot be undone.
Every probe account, the contamination baseline and the takedown start from
the platform state without earlier probes' interactions
(:mod:`netbrake.audit.isolation`); a recommender that cannot be reset is
named in the notes (docs/audit.md "Probe isolation").
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field

import numpy as np
import pyarrow as pa

from netbrake.audit.estimate import Estimate
from netbrake.audit.ground_truth import GroundTruth
from netbrake.audit.guard import Guard, GuardedRecommender, InteractionFilter
from netbrake.audit.interaction import FEED, SUGGESTED_ACCOUNTS, Interaction
from netbrake.audit.isolation import fresh, isolation_note
from netbrake.audit.probes import (
    ContactCase,
    Shown,
    contamination,
    follow_members,
    view_one_member,
)
from netbrake.audit.recommender import Recommender, SupportsHoldout
from netbrake.audit.report import AuditReport, Contamination, Exposure, TimeToExposure, Utility
from netbrake.audit.sampling import contact_cases, follow_paths, follows, pick, takedown
from netbrake.audit.text_probes import TextProbes, text_surfaces
from netbrake.audit.truth import AuditTruth, truth_from_labels
from netbrake.audit.utility import hold_out, recall_at_n
from netbrake.platform import Dataset

PROBES = (
    "view_one_member",
    "follow_members",
    "contamination",
    "utility",
    "after_takedown",
)


@dataclass(frozen=True)
class ProbeSettings:
    """Which probes run, how many probe accounts each uses, and N of top-N."""

    n: int = 10
    view_probes: int = 40
    follow_probes: int = 20
    max_follows: int = 5
    watchdogs: int = 8
    followers_per_watchdog: int = 25
    takedown_share: float = 0.8
    utility_users: int = 150
    holdout_share: float = 0.2
    probes: tuple[str, ...] = PROBES
    surfaces: tuple[str, ...] = field(default=(SUGGESTED_ACCOUNTS, FEED))


@dataclass(frozen=True)
class _Targets:
    """Everything the probes aim at, drawn once from the seed."""

    views: list[str]
    paths: list[list[str]]
    cases: list[ContactCase]
    removed: list[str]
    held: dict[str, frozenset[str]]


@dataclass(frozen=True)
class _Guarding:
    """Puts a recommender behind the guard; ``ignored`` is platform contact the guard refuses."""

    guard: Guard
    admits: InteractionFilter | None
    ignored: tuple[tuple[str, str], ...]

    def wrap(self, rec: Recommender) -> GuardedRecommender:
        inner = rec
        if self.ignored and isinstance(rec, SupportsHoldout):
            inner = rec.without_pairs(self.ignored)
        return GuardedRecommender(inner, self.guard, self.admits)


@dataclass
class _Findings:
    exposures: list[Exposure] = field(default_factory=list)
    ttfe: list[TimeToExposure] = field(default_factory=list)
    contamination: list[Contamination] = field(default_factory=list)
    utility: list[Utility] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: Share of the members the truth holds; below 1 adds estimates to exposures.
    coverage: float = 1.0

    def estimates(self, a: Shown, b: Shown) -> tuple[Estimate | None, Estimate | None]:
        if self.coverage >= 1.0:
            return None, None
        return (
            Estimate.of(a.member_hits, a.suggestions.trials, self.coverage, _units(a)),
            Estimate.of(b.member_hits, b.suggestions.trials, self.coverage, _units(b)),
        )


def _units(shown: Shown) -> list[tuple[int, int]]:
    """Sampled hits and suggestions per probe account: the estimate's sampling units."""
    return [(h, n) for _, h, n in shown.suggestions.units]


def run_audit(
    dataset: Dataset,
    recommenders: Sequence[Recommender],
    guard: Guard,
    *,
    probes: ProbeSettings = ProbeSettings(),
    seed: int = 0,
    admits: InteractionFilter | None = None,
    text: TextProbes | None = None,
    truth: AuditTruth | None = None,
) -> AuditReport:
    """Audit ``recommenders`` on ``dataset`` against ``truth`` (default: its labels table).

    A sampled ``truth`` (coverage below 1) adds coverage-scaled estimates
    with their intervals to every exposure figure; the accounts exposed and
    the text surfaces then count sampled members only and are lower bounds.
    The probes are designed on the truth's frame (every member it places),
    never on its sample, so a sample probes exactly as the full truth does
    and only the counting differs (F1, F9; docs/audit.md "Sampled truth").

    ``guard`` filters suggestions; ``admits``, when given, is the guard's
    interaction filter: refused contact (a watchdog's) is removed from the
    platform state of recommenders that can forget it (the notes name those
    that cannot), and refused probe interactions never reach any
    recommender. A platform-side recommender that changes in place is reset
    before every probe account when it has a reset hook; without one the
    notes say that its probes shared state.
    """
    audit_truth = (truth or truth_from_labels(dataset)).require_members()
    ground = GroundTruth.of(audit_truth, dataset)
    edges = dataset.table("edges", ["src", "dst", "kind"])
    targets = _targets(ground, edges, probes, seed)
    found = _Findings(coverage=audit_truth.coverage)
    if audit_truth.sampled:
        found.notes.append(
            f"the truth is a sample ({audit_truth.coverage:.1%} of the members): exposure shares "
            "carry coverage-scaled estimates; accounts exposed and text surfaces count sampled "
            "members only (lower bounds)"
        )
    if "contamination" in probes.probes and not targets.cases:
        found.notes.append("contamination not measured: no labelled watchdog has benign followers")

    guarding = _Guarding(guard, admits, tuple(_ignored_contact(edges, admits)))
    arm = guarding.wrap
    for rec in recommenders:
        found.notes += _isolation_notes(rec, guarding, probes)
        guarded = arm(rec)
        _exposure(rec, guarded, ground, probes, targets.views, targets.paths, "", found)
        if "contamination" in probes.probes and targets.cases:
            found.contamination.append(
                Contamination(
                    rec.name,
                    len(targets.cases),
                    contamination(rec, targets.cases, probes.n, contact=False),
                    contamination(rec, targets.cases, probes.n),
                    contamination(guarded, targets.cases, probes.n),
                )
            )
        if "utility" in probes.probes:
            if isinstance(rec, SupportsHoldout) and targets.held:
                blind = rec.without_pairs([(u, v) for u, h in targets.held.items() for v in h])
                found.utility.append(
                    Utility(
                        rec.name,
                        probes.n,
                        len(targets.held),
                        recall_at_n(blind, targets.held, probes.n),
                        recall_at_n(arm(blind), targets.held, probes.n),
                    )
                )
            else:
                found.notes.append(
                    f"utility not measured for {rec.name}: it cannot hold out follows"
                )
        if "after_takedown" in probes.probes and targets.removed:
            _after_takedown(rec, arm, ground, probes, targets.removed, seed, found)
    return AuditReport(
        dataset=str(dataset.path),
        seed=seed,
        n=probes.n,
        settings={**asdict(probes), "takedown_removed": len(targets.removed)},
        recommenders=tuple(r.name for r in recommenders),
        exposures=tuple(found.exposures),
        time_to_exposure=tuple(found.ttfe),
        contamination=tuple(found.contamination),
        utility=tuple(found.utility),
        text_surfaces=text_surfaces(dataset, ground, text, probes.n) if text else (),
        notes=tuple(found.notes),
        truth=audit_truth.to_json(),
    )


def _targets(truth: GroundTruth, edges: pa.Table, p: ProbeSettings, seed: int) -> _Targets:
    rng = [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(5)]
    held: dict[str, frozenset[str]] = {}
    if "utility" in p.probes:
        benign = truth.with_role("benign")
        benign_set = set(benign)
        pairs = [(s, d) for s, d in follows(edges, benign) if d in benign_set]
        held = hold_out(pairs, p.utility_users, p.holdout_share, rng[4])
    return _Targets(
        views=pick(truth.members, p.view_probes, rng[0]),
        paths=follow_paths(truth, truth.members, p.follow_probes, p.max_follows, rng[1]),
        cases=contact_cases(truth, edges, p.watchdogs, p.followers_per_watchdog, rng[2]),
        removed=takedown(truth, p.takedown_share, rng[3]),
        held=held,
    )


def _ignored_contact(edges: pa.Table, admits: InteractionFilter | None) -> list[tuple[str, str]]:
    """Platform edges the guard's interaction filter refuses (watchdog contact)."""
    if admits is None:
        return []
    cols = (edges.column(c).to_pylist() for c in ("src", "dst", "kind"))
    return sorted(
        {
            (s, d)
            for s, d, k in zip(*cols, strict=True)
            if s != d and not admits(Interaction(s, d, k))
        }
    )


def _isolation_notes(rec: Recommender, guarding: _Guarding, p: ProbeSettings) -> list[str]:
    """Why ``rec``'s figures may differ from the in-process audit of the same model."""
    notes = []
    acting = set(p.probes) - {"utility"}
    note = isolation_note(rec)
    if note and acting:
        notes.append(note)
    if guarding.ignored and not isinstance(rec, SupportsHoldout):
        notes.append(
            f"{rec.name} cannot forget the {len(guarding.ignored):,} platform contacts the "
            "guard's interaction filter refuses (watchdogs'): its guarded arm still learns from them"
        )
    return notes


def _exposure(
    rec: Recommender,
    guarded: Recommender,
    truth: GroundTruth,
    p: ProbeSettings,
    views: list[str],
    paths: list[list[str]],
    prefix: str,
    found: _Findings,
) -> None:
    """Probes (a) and (b) on both arms; ``prefix`` names the phase (after a takedown)."""
    tag = prefix.strip("/").replace("_", "-") or "probe"
    if "view_one_member" in p.probes and views:
        a = view_one_member(rec, views, p.n, truth.counts, f"{tag}-{rec.name}-a-u")
        b = view_one_member(guarded, views, p.n, truth.counts, f"{tag}-{rec.name}-a-g")
        found.exposures.append(
            Exposure(
                prefix + "view_one_member",
                rec.name,
                SUGGESTED_ACCOUNTS,
                1,
                a.suggestions,
                b.suggestions,
                a.accounts,
                b.accounts,
                *found.estimates(a, b),
            )
        )
    if "follow_members" in p.probes and paths:
        u = follow_members(rec, paths, p.n, truth.counts, f"{tag}-{rec.name}-b-u", p.surfaces)
        g = follow_members(guarded, paths, p.n, truth.counts, f"{tag}-{rec.name}-b-g", p.surfaces)
        for surface in p.surfaces:
            for k, (x, y) in enumerate(zip(u[surface].by_step, g[surface].by_step, strict=True), 1):
                found.exposures.append(
                    Exposure(
                        prefix + "follow_members",
                        rec.name,
                        surface,
                        k,
                        x.suggestions,
                        y.suggestions,
                        x.accounts,
                        y.accounts,
                        *found.estimates(x, y),
                    )
                )
            found.ttfe.append(
                TimeToExposure(
                    prefix + "follow_members",
                    rec.name,
                    surface,
                    p.max_follows,
                    u[surface].first_exposure,
                    g[surface].first_exposure,
                )
            )


def _after_takedown(
    rec: Recommender,
    arm: Callable[[Recommender], GuardedRecommender],
    truth: GroundTruth,
    p: ProbeSettings,
    removed: list[str],
    seed: int,
    found: _Findings,
) -> None:
    """Probe (d): take down part of every network, then probe the members left (F9)."""
    gone = set(removed)
    left = [a for a in truth.members if a not in gone]
    after = fresh(rec).without_accounts(removed)
    views = pick(left, p.view_probes, np.random.default_rng([seed, 7]))
    paths = follow_paths(
        truth, left, p.follow_probes, p.max_follows, np.random.default_rng([seed, 8])
    )
    _exposure(after, arm(after), truth, p, views, paths, "after_takedown/", found)
