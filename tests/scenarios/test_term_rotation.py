"""Term rotation (F4): discovery with a reviewer keeps up with an adversary that invents tags.

The simulation (:mod:`netbrake.scenarios.term_rotation`) runs a real policy
file, store, discovery and guard for both arms; these are the issue's quality
targets at a small size, and the invariants that hold whatever the adoption
model: no innocent tag is ever blocked, and a tag is blocked only after a
reviewer approved it and its shadow period passed.
"""

from __future__ import annotations

import pytest

from netbrake.scenarios.term_rotation import RotationSettings, respell, simulate

SMALL = RotationSettings(
    days=10, accounts=5000, member_share=0.02, niche_accounts=6, camouflage_use=0.03
)


@pytest.fixture(scope="module")
def result():
    return simulate(SMALL)


def test_new_tags_are_proposed_within_one_scan_cycle(result):
    assert len(result.new_tags) == SMALL.days * SMALL.new_tags_per_day
    assert result.proposed_in_one_cycle >= 0.9


def test_few_proposals_are_innocent_even_with_community_tags_in_the_network(result):
    assert sum(c.proposals for c in result.cycles) >= len(result.new_tags)
    assert result.innocent_share <= 0.05, [c.innocent_terms for c in result.cycles]


def test_guarded_exposure_is_ten_times_lower_than_with_a_static_lexicon(result):
    assert sum(result.static_exposure) > 0
    assert result.exposure_ratio >= 10


def test_no_innocent_tag_is_ever_blocked(result):
    assert result.innocent_blocked == []


def test_a_tag_is_blocked_only_after_approval_and_its_shadow_period(result):
    for tag in result.new_tags:
        if tag.blocked is not None:
            assert tag.proposed is not None
            assert tag.blocked >= tag.proposed + SMALL.shadow_days + 1


def test_a_respelling_of_a_blocked_tag_is_blocked_on_its_first_day(result):
    respelt = [t for t in result.tags if t.respelling_of]
    assert respelt, "the adversary never respelt a blocked tag"
    for tag in respelt:
        assert tag.tag == respell(tag.respelling_of)
        assert tag.blocked == tag.introduced


def test_without_a_reviewer_nothing_changes_the_static_arm():
    short = RotationSettings(days=3, accounts=2000, member_share=0.02, niches_per_day=0)
    run = simulate(short)
    # the static arm never learns: each day's static exposure is every network use
    assert run.static_exposure[0] == run.guarded_exposure[0]
    assert run.static_exposure[-1] > run.guarded_exposure[-1]
