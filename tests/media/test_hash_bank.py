"""Hash banks: entry states, expiry, rollout, local review additions, and every file format."""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

from netbrake.media import (
    FORMATS,
    LOCAL_REVIEW,
    BankFormat,
    BankLibrary,
    HashBank,
    MultiIndexHashIndex,
    Provenance,
    Query,
    add_review_decision,
    detect_format,
    export_bank,
    import_bank,
    read_bank,
)
from netbrake.media.bank_library import check_bank_name

PDQ_A = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22"
PDQ_B = "e64cc9d91c623882f8d1f1d9a398e78c9f199b3bd83924f2b7e11e0bf861b064"
MD5_A = "d41d8cd98f00b204e9800998ecf8427e"
T0 = datetime(2026, 1, 1, tzinfo=UTC)
PROV = Provenance("ncmec", "industry-list", T0, "42")


def test_add_validates_and_deduplicates() -> None:
    bank = HashBank("known")
    first = bank.add("pdq", PDQ_A.upper(), PROV)
    assert first.value == PDQ_A
    assert bank.add("pdq", PDQ_A, PROV) is first
    assert bank.add("md5", MD5_A, PROV).entry_id == 2
    with pytest.raises(ValueError, match="64 hex digits"):
        bank.add("pdq", "abc", PROV)


def test_entry_states_over_time() -> None:
    bank = HashBank("known")
    entry = bank.add("pdq", PDQ_A, PROV, expires_at=T0 + timedelta(days=30))
    assert entry.active(T0)
    assert not entry.active(T0 + timedelta(days=30))
    paused = bank.disable(entry.entry_id, until=T0 + timedelta(days=1))
    assert not paused.active(T0)
    assert paused.active(T0 + timedelta(days=2))
    assert not bank.disable(entry.entry_id).active(T0 + timedelta(days=2))
    assert bank.enable(entry.entry_id).active(T0)


@pytest.mark.parametrize(
    ("rollout", "low", "high"), [(0.0, 0, 0), (1.0, 1000, 1000), (0.25, 200, 300)]
)
def test_rollout_share_is_deterministic(rollout: float, low: int, high: int) -> None:
    bank = HashBank("staged", rollout=rollout)
    acted = [bank.in_rollout(f"post-{i}") for i in range(1000)]
    assert low <= sum(acted) <= high
    assert acted == [bank.in_rollout(f"post-{i}") for i in range(1000)]


@pytest.mark.parametrize(("threshold", "rollout"), [(-1, 1.0), (257, 1.0), (31, 1.5)])
def test_bank_settings_are_checked(threshold: int, rollout: float) -> None:
    with pytest.raises(ValueError, match=r"threshold|rollout"):
        HashBank("x", threshold, rollout)


def test_review_decision_goes_into_a_local_bank() -> None:
    bank = HashBank("local")
    entry = add_review_decision(bank, "pdq", PDQ_B, case_id="case-7", decided_at=T0)
    assert entry.provenance == Provenance(LOCAL_REVIEW, "local", T0, "case-7")


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_then_import_round_trips(tmp_path: Path, fmt: BankFormat) -> None:
    bank = HashBank("known")
    bank.add("pdq", PDQ_A, PROV)
    bank.add("md5", MD5_A, PROV)
    path = tmp_path / f"bank.{fmt}"
    assert export_bank(bank, path, fmt) == 2
    assert detect_format(path) == fmt
    again = import_bank(path, HashBank("copy"))
    assert again.problems == []
    assert {(e.kind, e.value) for e in again.bank.entries.values()} == {
        ("pdq", PDQ_A),
        ("md5", MD5_A),
    }


def test_netbrake_format_keeps_states_and_settings(tmp_path: Path) -> None:
    bank = HashBank("known", threshold=20, rollout=0.5)
    entry = bank.add("pdq", PDQ_A, PROV, expires_at=T0 + timedelta(days=3))
    bank.disable(entry.entry_id, until=T0 + timedelta(days=1))
    export_bank(bank, tmp_path / "b.jsonl")
    loaded, problems = read_bank(tmp_path / "b.jsonl")
    assert problems == []
    assert (loaded.threshold, loaded.rollout) == (20, 0.5)
    assert loaded.entries == bank.entries


def test_bad_lines_are_quarantined_with_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "list.txt"
    path.write_text(
        f"pdq {PDQ_A}\n"
        f"pdq {'z' * 64}\n"
        f"pdq {PDQ_A[:60]}\n"
        "\n"
        f"url_md5 {MD5_A}\n"
        f"video_md5 {MD5_A}\n"
        f"pdq {PDQ_A}\n"
    )
    result = import_bank(path, HashBank("known"))
    assert (result.added, result.duplicates) == (2, 1)
    assert [(p.line, p.field) for p in result.problems] == [
        (2, "pdq"),
        (3, "pdq"),
        (5, "signal_type"),
    ]
    assert "non-hex" in result.problems[0].reason
    assert "got 60" in result.problems[1].reason
    assert result.problems[0].to_json() == {
        "file": str(path), "row": 2, "column": "pdq", "reason": result.problems[0].reason
    }  # fmt: skip


@pytest.mark.parametrize("quoting", [csv.QUOTE_MINIMAL, csv.QUOTE_NONNUMERIC])
def test_known_hashes_csv_from_synthetic_exports(tmp_path: Path, quoting: int) -> None:
    path = tmp_path / "known_hashes.csv"
    with path.open("w", newline="") as fh:
        writer = csv.writer(fh, quoting=quoting)
        writer.writerow(["pdq", "md5", "list", "added_at"])
        writer.writerow([PDQ_A, MD5_A, "ncmec-sim", "2026-01-01 00:00:00.000000Z"])
        writer.writerow([PDQ_B, "", "industry-sim", ""])
        writer.writerow(["", "", "empty", ""])
        writer.writerow([PDQ_B[:10], "", "short", "yesterday"])
    result = import_bank(path, HashBank("synthetic"), exchange="synthetic")
    assert result.added == 3
    assert [(p.line, p.field) for p in result.problems] == [(4, "pdq"), (5, "added_at")]
    first = result.bank.find("pdq", PDQ_A)
    assert first is not None
    assert first.provenance == Provenance("synthetic", "ncmec-sim", T0)


def test_threatexchange_dataset_csv(tmp_path: Path) -> None:
    path = tmp_path / "collab.csv"
    path.write_text(
        "signal_type,signal_str,collab,category,tags\n"
        f"pdq,{PDQ_A},Sample Collab,POSITIVE_CLASS,\n"
        f"raw_text,hello,Sample Collab,POSITIVE_CLASS,\n"
    )
    result = import_bank(path, HashBank("te"))
    assert result.added == 1
    assert result.problems[0].line == 3
    entry = result.bank.find("pdq", PDQ_A)
    assert entry is not None
    assert entry.provenance.list == "Sample Collab"


def test_library_saves_and_lists_banks(tmp_path: Path) -> None:
    library = BankLibrary(tmp_path / "banks")
    assert library.names() == []
    bank = HashBank("alpha")
    bank.add("pdq", PDQ_A, PROV)
    library.save(bank)
    library.save(HashBank("beta"))
    assert library.names() == ["alpha", "beta"]
    assert library.load("alpha")[0].entries == bank.entries
    lines = (tmp_path / "banks" / "alpha.bank.jsonl").read_text().splitlines()
    assert json.loads(lines[0]) == {"bank": "alpha", "threshold": 31, "rollout": 1.0}


@pytest.mark.parametrize("name", ["../escape", "", "a/b", ".hidden"])
def test_bank_names_are_safe_file_names(name: str) -> None:
    with pytest.raises(ValueError, match="bad bank name"):
        check_bank_name(name)


def test_library_matcher_reuses_its_saved_index(tmp_path: Path) -> None:
    library = BankLibrary(tmp_path)
    bank = HashBank("alpha")
    bank.add("pdq", PDQ_A, PROV)
    library.save(bank)
    first = library.matcher()
    saved = list((tmp_path / ".index").iterdir())
    assert len(saved) == 1
    second = library.matcher()
    assert isinstance(second.index, MultiIndexHashIndex)
    assert isinstance(second.index._segments[0].words, np.memmap)
    assert (
        second.match([Query("pdq", PDQ_A)], at=T0).matches
        == first.match([Query("pdq", PDQ_A)], at=T0).matches
    )
    bank.add("pdq", PDQ_B, PROV)
    library.save(bank)  # changed bank: a new index replaces the old one
    third = library.matcher()
    assert len(third.index) == 2
    assert [p.name for p in (tmp_path / ".index").iterdir()] != [p.name for p in saved]
