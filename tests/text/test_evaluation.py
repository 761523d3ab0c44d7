"""The measured figures of stay above their targets (deterministic: seeded suite)."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from netbrake.policy import Kind, Policy
from netbrake.text import Matcher
from netbrake.text.evaluation import (
    VARIANTS,
    Figures,
    adversarial_cases,
    common_words,
    innocent_hashtags,
    measure,
    naughty_strings,
)

RECALL_TARGET = 0.98
FALSE_HIT_TARGET = 0.0005


@pytest.fixture(scope="module")
def figures(policy: Policy, matcher: Matcher) -> Figures:
    innocents = common_words(policy) + innocent_hashtags(policy) + naughty_strings()
    return measure(matcher.scan_many, adversarial_cases(policy), innocents)


def test_suite_covers_every_entry_with_25_variant_classes(policy: Policy) -> None:
    cases = adversarial_cases(policy)
    assert len(VARIANTS) >= 25
    for entry in policy.entries():
        classes = {c.variant for c in cases if c.entry_id == entry.id}
        assert len(classes) >= (6 if entry.kind is Kind.EMOJI_CODE else 25), entry.id


def test_innocent_sets_have_the_issue_sizes(policy: Policy) -> None:
    assert len(common_words(policy)) > 299_000
    assert len(set(innocent_hashtags(policy))) > 45_000
    assert len(naughty_strings()) > 500


def test_recall_on_the_variant_suite(figures: Figures) -> None:
    assert figures.recall >= RECALL_TARGET, figures.misses[:20]


def test_false_hit_rate_on_innocent_text(figures: Figures) -> None:
    assert figures.innocent_texts > 350_000
    assert figures.false_hit_rate <= FALSE_HIT_TARGET, figures.false_hits[:20]


def test_a_broken_matcher_fails_the_suite(policy: Policy) -> None:
    # The measurement can fail: a matcher that never hits has zero recall.
    class Blind:
        def scan_many(self, texts: Sequence[str]) -> list[object]:
            return [object() for _ in texts]

    blind = measure(Blind().scan_many, adversarial_cases(policy), ["a"])
    assert blind.recall == 0.0
