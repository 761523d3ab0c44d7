"""Pairwise link scoring: the contingency-table count agrees with pair enumeration."""

from __future__ import annotations

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from netbrake.identity import score_links, score_links_reference


def _tables(pred: list[int], truth: list[int]) -> tuple[pa.Table, pa.Table]:
    ids = [f"a{i}" for i in range(len(pred))]
    persons = pa.table({"account_id": ids, "person_id": [f"p{x}" for x in pred]})
    labels = pa.table(
        {"account_id": ids, "role": ["benign"] * len(ids), "person_id": [f"t{x}" for x in truth]}
    )
    return persons, labels


@settings(max_examples=150, deadline=None)
@given(
    st.integers(1, 40).flatmap(
        lambda n: st.tuples(
            st.lists(st.integers(0, 6), min_size=n, max_size=n),
            st.lists(st.integers(0, 6), min_size=n, max_size=n),
        )
    )
)
def test_counting_agrees_with_enumeration(case: tuple[list[int], list[int]]) -> None:
    persons, labels = _tables(*case)
    score = score_links(persons, labels)
    assert (score.true_pairs, score.predicted_pairs, score.correct_pairs) == score_links_reference(
        persons, labels
    )


def test_known_example() -> None:
    # Truth: {a0,a1,a2} {a3,a4}; predicted: {a0,a1} {a2,a3,a4}.
    persons, labels = _tables([0, 0, 1, 1, 1], [0, 0, 0, 1, 1])
    score = score_links(persons, labels)
    assert (score.true_pairs, score.predicted_pairs, score.correct_pairs) == (4, 4, 2)
    assert score.precision == pytest.approx(0.5)
    assert score.recall == pytest.approx(0.5)
    assert score.merged_persons == 1
    assert score.to_json()["precision"] == pytest.approx(0.5)


def test_unpredicted_accounts_count_as_singletons() -> None:
    persons, labels = _tables([0, 0], [0, 0])
    labels = pa.concat_tables(
        [labels, pa.table({"account_id": ["a9"], "role": ["backup"], "person_id": ["t0"]})]
    )
    score = score_links(persons, labels)
    assert (score.true_pairs, score.predicted_pairs, score.correct_pairs) == (3, 1, 1)
