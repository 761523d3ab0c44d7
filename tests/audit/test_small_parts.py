"""Interactions, text probe helpers, hold-out sampling, time to exposure and the public API."""

from __future__ import annotations

import numpy as np
import pytest

import netbrake.audit as audit
from netbrake.audit import (
    HashtagIndex,
    Interaction,
    Rate,
    TimeToExposure,
    lexicon_probe_queries,
    probe_variants,
)
from netbrake.audit.probes import Shown
from netbrake.audit.text_probes import normalise_tag, prefixes, typed_by_query
from netbrake.audit.utility import hold_out


def test_public_api_is_sorted_and_importable():
    def isort_style(name: str) -> tuple[int, str]:  # constants, classes, functions (ruff RUF022)
        return (0 if name.isupper() else 1 if name[0].isupper() else 2, name)

    assert audit.__all__ == sorted(audit.__all__, key=isort_style)
    for name in audit.__all__:
        assert getattr(audit, name) is not None


@pytest.mark.parametrize(
    ("src", "dst", "kind", "error"), [("a", "b", "poke", "unknown"), ("a", "a", "view", "itself")]
)
def test_interaction_rejects_bad_input(src, dst, kind, error):
    with pytest.raises(ValueError, match=error):
        Interaction(src, dst, kind)


@pytest.mark.parametrize(
    ("steps", "median", "reached"),
    [
        ((1, 1, 2), 1.0, 3),
        ((1, None, None), None, 1),
        ((2, 4, None, None), None, 2),
        ((2, 4, 3, None), 3.5, 3),
        ((), None, 0),
    ],
)
def test_time_to_exposure_median_counts_censored_probes_as_never(steps, median, reached):
    assert TimeToExposure.median(steps) == median
    assert TimeToExposure.reached(steps) == Rate(reached, len(steps))


def test_shown_pools_suggestions_and_counts_exposed_accounts():
    shown = Shown.of([["m1", "b1"], ["b2"], []], lambda a: a.startswith("m"))
    assert shown.suggestions == Rate(1, 3)
    assert shown.accounts == Rate(1, 3)


def test_hashtag_index_search_and_completion():
    import pyarrow as pa

    posts = pa.table(
        {
            "account_id": ["a", "b", "b", "c"],
            "hashtags": [["Cooking", "pizza"], ["pizza"], ["pizzanight"], None],
        }
    )
    index = HashtagIndex.from_posts(posts)
    assert index.search("#PIZZA") == {"a", "b"}
    assert index.search("nothing") == frozenset()
    assert index.complete("piz", 5) == ["pizza", "pizzanight"]
    assert index.complete("#Coo", 5) == ["cooking"]


def test_prefixes_and_variants():
    assert prefixes(["#Abcd", "abx"]) == ["abc", "abcd", "abx"]
    assert typed_by_query(["#Abcd", "abx"]) == {"abc": "abcd", "abcd": "abcd", "abx": "abx"}
    assert normalise_tag(" #Mn Sfw ") == "mnsfw"
    variants = probe_variants(["mnsfw"], appended=("vibes",))
    assert variants == ["mnsfw", "mnsfwvibes", "m n s f w"]  # no vowel to leet


def test_lexicon_probe_queries_come_from_the_default_policy():
    queries = lexicon_probe_queries()
    assert "pedobait" in queries
    assert "mnsfwvibes" in queries  # appended word (F4)
    assert "p3d0b41t" in queries  # leetspeak
    assert "megalink" in queries  # the file-sharing service name of F4
    assert "cashapp" not in queries  # payment words are not search probes
    assert len(set(queries)) == len(queries)


def test_hold_out_is_seeded_and_hides_a_share_of_each_user():
    follows = [(f"u{u}", f"v{v}") for u in range(10) for v in range(u)]
    held = hold_out(follows, 3, 0.5, np.random.default_rng(1))
    assert held == hold_out(follows, 3, 0.5, np.random.default_rng(1))
    assert len(held) == 3
    for user, hidden in held.items():
        followed = {d for s, d in follows if s == user}
        assert len(followed) >= 4
        assert hidden <= followed
        assert len(hidden) == round(0.5 * len(followed))


def test_shown_keeps_each_probe_accounts_suggestions_as_a_unit():
    lists = [["m1", "m2"], ["b1", "b2"], ["m1", "b3"]]
    shown = Shown.of(lists, lambda a: a.startswith("m"), ["p0", "p1", "p2"])
    assert (shown.suggestions.hits, shown.suggestions.trials) == (3, 6)
    assert shown.suggestions.units == (("p0", 2, 2), ("p1", 0, 2), ("p2", 1, 2))
    assert shown.member_hits == (2, 1)
