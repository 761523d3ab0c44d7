"""The validating ingest: every bad-input class is quarantined with file, row and column."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from netbrake.errors import InputError, ThresholdExceeded
from netbrake.platform import Dataset, ingest

SECRET = b"test-key"
TS = "2024-03-01T12:00:00Z"


def _ingest(folder: Path, **kw: Any) -> Any:
    return ingest(folder, folder / "clean", secret=SECRET, max_bad_fraction=1.0, **kw)


def _quarantine(folder: Path) -> list[dict[str, Any]]:
    lines = (folder / "clean" / "quarantine.jsonl").read_text().splitlines()
    return [json.loads(line) for line in lines]


@pytest.mark.parametrize("fmt", ["csv", "csv.gz", "jsonl", "jsonl.gz", "parquet"])
def test_valid_export_is_ingested_whole_in_every_format(write_export, small_platform, fmt):
    folder = write_export(small_platform, fmt)
    result = ingest(folder, folder / "clean", secret=SECRET)
    assert result.ok
    assert result.rows_quarantined == 0
    ds = Dataset.open(folder / "clean")
    assert ds.table("accounts").num_rows == 5
    assert ds.table("edges").column("weight").to_pylist() == [1.0, 2.0, 1.0, 1.0]
    assert ds.table("posts").column("hashtags").to_pylist() == [["cooking", "nba"], []]


@pytest.mark.parametrize(
    ("table", "row_index", "change", "column", "kind"),
    [
        ("accounts", 1, {"handle": ""}, "handle", "missing_value"),
        ("accounts", 2, {"created_at": "yesterday"}, "created_at", "wrong_type"),
        ("edges", 0, {"kind": "hug"}, "kind", "unknown_value"),
        ("edges", 1, {"weight": "heavy"}, "weight", "wrong_type"),
        ("edges", 2, {"dst": "nobody"}, "dst", "dangling_reference"),
        ("accounts", 3, {"account_id": "a1"}, "account_id", "duplicate_key"),
        ("accounts", 0, {"bio": "x" * 10_001}, "bio", "too_long"),
        ("posts", 0, {"media_pdq": "zz" * 32}, "media_pdq", "bad_hash"),
        ("reports", 0, {"target_id": "ghost"}, "target_id", "dangling_reference"),
        ("reports", 1, {"target_id": "p404"}, "target_id", "dangling_reference"),
        ("identifiers", 0, {"kind": "passport"}, "kind", "unknown_value"),
    ],
)
@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_each_bad_row_class_is_quarantined_with_its_location(
    write_export, small_platform, fmt, table, row_index, change, column, kind
):
    small_platform[table][row_index].update(change)
    folder = write_export(small_platform, fmt)
    result = _ingest(folder)
    records = [r for r in _quarantine(folder) if r["table"] == table]
    expected_row = row_index + 1
    assert any(
        r["row"] == expected_row and r["column"] == column and r["kind"] == kind for r in records
    ), records
    record = next(r for r in records if r["row"] == expected_row)
    assert record["file"].endswith(f"{table}.{fmt}")
    assert record["reason"]
    report = result.tables[table]
    assert report.rows_read == report.rows_ok + report.rows_quarantined
    assert report.problems.get(kind, 0) >= 1


def test_invalid_utf8_costs_only_its_row(write_export, small_platform):
    folder = write_export(small_platform, "csv")
    path = folder / "accounts.csv"
    data = path.read_bytes().replace(b"bio 3", b"bio \xff\xfe 3")
    path.write_bytes(data)
    result = _ingest(folder)
    [record] = [r for r in _quarantine(folder) if r["table"] == "accounts"]
    assert (record["row"], record["column"], record["kind"]) == (3, "bio", "invalid_utf8")
    assert result.tables["accounts"].rows_ok == 4
    assert result.tables["accounts"].rows_read == 5
    # The quarantined account's edge and identifier now dangle: counted, not lost.
    assert result.tables["edges"].problems == {"dangling_reference": 1}


def test_invalid_utf8_and_malformed_lines_in_jsonl(write_export, small_platform):
    folder = write_export(small_platform, "jsonl")
    path = folder / "edges.jsonl"
    lines = path.read_bytes().splitlines()
    lines[0] = b'{"src": "a1", "dst": "a2", "kind": "follow\xff", "ts": "2024-01-01"}'
    lines[1] = b"{not json"
    lines[2] = b"[1, 2, 3]"
    path.write_bytes(b"\n".join(lines) + b"\n")
    result = _ingest(folder)
    rows = {(r["row"], r["kind"]) for r in _quarantine(folder)}
    assert rows == {(1, "invalid_utf8"), (2, "malformed_row"), (3, "malformed_row")}
    assert result.tables["edges"].rows_ok == 1


def test_malformed_csv_row_keeps_following_row_numbers(tmp_path):
    folder = tmp_path / "x"
    folder.mkdir()
    (folder / "accounts.csv").write_text(
        "account_id,handle,created_at\na1,one,2024-01-01\na2,two\na3,three,2024-01-01\n"
    )
    (folder / "edges.csv").write_text(
        "src,dst,kind,ts\na1,a3,follow,2024-01-01\na3,a9,follow,2024-01-01\n"
    )
    _ingest(folder)
    records = _quarantine(folder)
    assert [(r["table"], r["row"], r["kind"]) for r in records] == [
        ("accounts", 2, "malformed_row"),
        ("edges", 2, "dangling_reference"),
    ]


def test_raw_identifier_values_never_reach_disk(write_export, small_platform):
    small_platform["identifiers"].append(
        {"account_id": "zz", "kind": "email", "value": "secret@x.example"}
    )
    folder = write_export(small_platform, "csv")
    _ingest(folder)
    for path in (folder / "clean").iterdir():
        data = path.read_bytes()
        for raw in (b"Someone@Mail.Example", b"someone@mail.example", b"555", b"secret@x.example"):
            assert raw not in data, (path, raw)
    values = pq.read_table(folder / "clean" / "identifiers.parquet").column("value").to_pylist()
    assert values[0] == values[1], "email case and spacing are normalised before hashing"
    assert all(len(v) == 64 for v in values)


def test_missing_required_table_is_a_one_line_error(write_export, small_platform):
    del small_platform["edges"]
    folder = write_export(small_platform, "csv")
    with pytest.raises(InputError, match="required table 'edges' is missing") as info:
        _ingest(folder)
    assert info.value.exit_code == 2
    assert "\n" not in info.value.one_line()


def test_missing_required_column_names_file_and_field(write_export, small_platform):
    for row in small_platform["edges"]:
        del row["kind"]
    folder = write_export(small_platform, "csv")
    with pytest.raises(InputError, match=r"edges\.csv, field 'kind': required column"):
        _ingest(folder)


def test_unreadable_parquet_is_a_clear_error(write_export, small_platform):
    folder = write_export(small_platform, "parquet")
    (folder / "edges.parquet").write_bytes(b"PAR1 this is not parquet")
    with pytest.raises(InputError, match=r"edges\.parquet: cannot read file"):
        _ingest(folder)


def test_two_files_for_one_table_are_refused(write_export, small_platform):
    folder = write_export(small_platform, "csv")
    write_export({"edges": small_platform["edges"]}, "jsonl")
    with pytest.raises(InputError, match="several files"):
        _ingest(folder)


def test_threshold_fails_the_run_after_writing_everything(write_export, small_platform):
    small_platform["edges"][0]["kind"] = "hug"
    folder = write_export(small_platform, "csv")
    with pytest.raises(ThresholdExceeded) as info:
        ingest(folder, folder / "clean", secret=SECRET, max_bad_fraction=0.1)
    assert info.value.exit_code == 3
    summary = json.loads((folder / "clean" / "ingest_summary.json").read_text())
    assert summary["status"] == "failed"
    assert summary["failing_tables"] == ["edges"]
    assert summary["tables"]["edges"]["rows_quarantined"] == 1
    assert len(_quarantine(folder)) == 1


def test_summary_counts_every_row(write_export, small_platform):
    small_platform["accounts"][4]["created_at"] = "never"
    folder = write_export(small_platform, "csv")
    result = _ingest(folder)
    summary = result.summary()
    assert summary["rows_read"] == summary["rows_ok"] + summary["rows_quarantined"]
    # a4->a1 and a5->a1 edges: a5 was quarantined, so its edge dangles and is counted too.
    assert summary["tables"]["edges"]["rows_quarantined"] == 1
    assert summary["tables"]["reports"]["rows_quarantined"] == 1


def test_dataset_hides_labels_from_detection_tables(write_export, small_platform):
    small_platform["labels"] = [
        {"account_id": f"a{i}", "role": "benign", "person_id": f"p{i}"} for i in range(1, 6)
    ]
    folder = write_export(small_platform, "csv")
    _ingest(folder)
    ds = Dataset.open(folder / "clean")
    with pytest.raises(KeyError):
        ds.table("labels")
    labels = ds.labels()
    assert labels is not None
    assert labels.num_rows == 5
