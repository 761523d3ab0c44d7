"""Reading RESULTS defensively: optional fields missing, bad lines quarantined, missing files."""

from __future__ import annotations

import pytest

from netbrake.errors import InputError
from netbrake.exchange import read_results


def test_reads_decisions_and_accounts(write_results):
    results = read_results(write_results())
    assert [d.decision_id for d in results.decisions] == ["dec-1", "dec-2", "dec-3", "dec-4"]
    assert results.accounts_of("person-7") == [
        "acc_seller_1",
        "acc_seller_backup",
        "acc_seller_third",
    ]
    assert results.problems == []


def test_missing_optional_fields_take_defaults(write_results):
    minimal = {"decision_id": "d", "subject_id": "a", "actions": ["remove_content"],
               "created_at": "2024-05-01T12:00:00"}  # fmt: skip
    results = read_results(write_results([minimal], accounts=[]))
    (d,) = results.decisions
    assert d.person_id is None
    assert d.owner == "a"
    assert d.evidence == {}
    assert d.needs_human_review is False
    assert d.created_at.tzinfo is not None
    assert results.accounts == []


@pytest.mark.parametrize(
    ("line", "column"),
    [
        ("{not json", None),
        ('["a list"]', None),
        ('{"subject_id": "a", "actions": ["none"], "created_at": "2024-01-01T00:00:00Z"}', "decision_id"),
        ('{"decision_id": "d", "subject_id": "a", "actions": ["explode"], "created_at": "2024-01-01T00:00:00Z"}', "actions"),
        ('{"decision_id": "d", "subject_id": "a", "actions": ["none"], "created_at": "yesterday"}', "created_at"),
        ('{"decision_id": "d", "subject_id": "a", "actions": ["none"], "created_at": "2024-01-01T00:00:00Z", "evidence": [1]}', "evidence"),
    ],
)  # fmt: skip
def test_bad_lines_become_problems_with_line_numbers(write_results, line, column):
    results = read_results(write_results(raw_lines=[line]))
    assert len(results.decisions) == 4
    (problem,) = results.problems
    assert problem.row == 5
    assert problem.column == column
    assert problem.file.endswith("enforcement.jsonl")


def test_missing_folder_or_file_is_an_input_error(write_results, tmp_path):
    with pytest.raises(InputError, match="results folder not found"):
        read_results(tmp_path / "nope")
    folder = write_results()
    (folder / "enforcement.jsonl").unlink()
    with pytest.raises(InputError, match=r"enforcement\.jsonl"):
        read_results(folder)
