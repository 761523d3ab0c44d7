"""A sampled truth probes exactly as the truth it was drawn from (F1, F9).

The probe design (the members viewed, the follow paths with a network's
seller first, the watchdog cases, the takedown) is drawn from the truth's
frame, never from the sample it counts: a recording platform recommender sees
the same probe interactions and the same takedown for the full truth and for
every sample of it; only the counted members differ (docs/audit.md "Sampled
truth").
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

import pytest

from netbrake.audit import (
    AuditReport,
    AuditTruth,
    CallableRecommender,
    GroundTruth,
    Interaction,
    ProbeSettings,
    no_guard,
    run_audit,
    truth_from_labels,
)
from netbrake.platform import MEMBER_ROLES, Dataset

PROBES = ProbeSettings(
    view_probes=12,
    follow_probes=6,
    watchdogs=3,
    followers_per_watchdog=5,
    probes=("view_one_member", "follow_members", "contamination", "after_takedown"),
)


class Recording:
    """A platform recommender that records every probe interaction and takedown, in order."""

    def __init__(self, suggested: list[str]) -> None:
        self.suggested = suggested
        self.acted: list[tuple[str, str, str]] = []
        self.removed: list[list[str]] = []

    def suggest(self, viewer_id: str, n: int, surface: str) -> list[str]:
        return [a for a in self.suggested if a != viewer_id][:n]

    def observe(self, interactions: Sequence[Interaction]) -> None:
        self.acted += [(i.src, i.dst, i.kind) for i in interactions]

    def take_down(self, accounts: Collection[str]) -> None:
        self.removed.append(sorted(accounts))

    def reset(self, probes: list[str]) -> None:
        pass


def _probe(
    platform: Dataset, truth: AuditTruth, suggested: list[str]
) -> tuple[Recording, AuditReport]:
    record = Recording(suggested)
    rec = CallableRecommender(
        record.suggest, "platform", record.observe, record.take_down, record.reset
    )
    report = run_audit(platform, [rec], no_guard, probes=PROBES, seed=4, truth=truth)
    return record, report


def _placed(truth: GroundTruth) -> AuditTruth:
    """The labelled members as a scan would place them, without the labels path."""
    members = frozenset(truth.members)
    return AuditTruth(
        members,
        "scan-members",
        "placed members",
        roles={a: truth.role_of[a] for a in members},
        networks={a: n for a, n in truth.network_of.items() if a in members},
    )


@pytest.mark.parametrize("kind", ["labels", "placed"])
def test_probe_targets_are_the_same_for_the_full_truth_and_any_sample(
    platform: Dataset, truth: GroundTruth, kind: str
) -> None:
    full = truth_from_labels(platform) if kind == "labels" else _placed(truth)
    # Suggest sellers first, so that counting differs between samples.
    suggested = truth.with_role("seller") + truth.with_role("buyer")[:20]
    reference, whole = _probe(platform, full, suggested)
    assert reference.acted
    assert reference.removed
    assert any(kind == "follow" for _, _, kind in reference.acted)
    sellers = set(truth.with_role("seller"))
    followed_first = {t for a, t, k in reference.acted if k == "follow"} & sellers
    assert followed_first, "follow paths start at a seller"
    counted = []
    for size, seed in ((len(full.members) // 2, 0), (len(full.members) // 2, 1), (5, 2)):
        sample = full.sample(size, seed)
        assert sample.sampled
        assert sample.members < full.members
        assert sellers - sample.members, "the sample leaves some seller out"
        record, report = _probe(platform, sample, suggested)
        assert record.acted == reference.acted
        assert record.removed == reference.removed
        counted.append(report.exposures[0].unguarded_suggestions.hits)
        assert report.exposures[0].unguarded_suggestions.trials == (
            whole.exposures[0].unguarded_suggestions.trials
        )
    # Only the counting follows the sample.
    assert whole.exposures[0].unguarded_suggestions.hits > max(counted)
    assert len(set(counted)) > 1


def test_the_frame_places_members_the_sample_does_not_count(
    platform: Dataset, truth: GroundTruth
) -> None:
    full = _placed(truth)
    sample = full.sample(10, seed=3)
    ground = GroundTruth.of(sample, platform)
    assert ground.members == truth.members
    assert ground.with_role("seller") == truth.with_role("seller")
    assert {a for a in ground.members if ground.counts(a)} == sample.members
    assert not any(ground.counts(a) for a in ground.with_role("benign"))
    assert all(truth.role_of[a] in MEMBER_ROLES for a in sample.members)
    with pytest.raises(ValueError, match="only members of its frame"):
        AuditTruth(frozenset({"x"}), "labels", "?", known=frozenset({"y"}))
