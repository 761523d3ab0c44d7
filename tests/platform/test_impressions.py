"""The optional impressions table: validated and quarantined like every contract table (F1, F9)."""

from __future__ import annotations

import json

import duckdb
import pytest

from netbrake.guard import SURFACES, GuardAction
from netbrake.platform import (
    IMPRESSION_GUARD_ACTIONS,
    IMPRESSION_SURFACES,
    Dataset,
    ingest,
    ingest_table,
)

SECRET = b"test-key"
TS = "2024-03-01T12:00:00Z"


def _row(**kw: object) -> dict[str, object]:
    row: dict[str, object] = {
        "viewer_id": "a1",
        "surface": "suggested_accounts",
        "item_kind": "account",
        "item_id": "a2",
        "rank": 1,
        "ts": TS,
        "guard_action": "allow",
    }
    row.update(kw)
    return row


BAD_ROWS = [
    (_row(viewer_id="nobody"), "viewer_id", "dangling_reference"),
    (_row(item_id="ghost"), "item_id", "dangling_reference"),
    (_row(item_kind="post", item_id="p9"), "item_id", "dangling_reference"),
    (_row(surface="inbox"), "surface", "unknown_value"),
    (_row(item_kind="story"), "item_kind", "unknown_value"),
    (_row(rank=0), "rank", "out_of_range"),
    (_row(rank="first"), "rank", "wrong_type"),
    (_row(ts="yesterday"), "ts", "wrong_type"),
    (_row(guard_action="maybe"), "guard_action", "unknown_value"),
]
GOOD_ROWS = [
    _row(),
    _row(item_kind="post", item_id="p1", surface="explore", rank=3),
    _row(item_kind="hashtag", item_id="cooking", surface="hashtag_page", guard_action="drop"),
    _row(item_kind="query", item_id="cook", surface="autocomplete", guard_action=None),
]


def test_the_surfaces_and_actions_are_the_guards() -> None:
    assert IMPRESSION_SURFACES == SURFACES
    assert set(IMPRESSION_GUARD_ACTIONS) == {a.value for a in GuardAction} | {"suppress"}


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_impressions_are_ingested_and_bad_rows_quarantined_with_their_location(
    write_export, small_platform, fmt
):
    small_platform["impressions"] = GOOD_ROWS + [r for r, _, _ in BAD_ROWS]
    folder = write_export(small_platform, fmt)
    result = ingest(folder, folder / "clean", secret=SECRET, max_bad_fraction=1.0)
    report = result.tables["impressions"]
    assert (report.rows_read, report.rows_ok, report.rows_quarantined) == (13, 4, 9)
    lines = (folder / "clean" / "quarantine.jsonl").read_text().splitlines()
    records = {
        (r["row"], r["column"], r["kind"], r["file"])
        for r in map(json.loads, lines)
        if r["table"] == "impressions"
    }
    file = str(folder / f"impressions.{fmt}")
    expected = {
        (len(GOOD_ROWS) + i + 1, column, kind, file) for i, (_, column, kind) in enumerate(BAD_ROWS)
    }
    assert records == expected
    con = Dataset.open(folder / "clean").connect(duckdb.connect())
    rows = con.execute(
        "SELECT surface, item_kind, item_id, rank, guard_action FROM impressions ORDER BY rank, item_id"
    ).fetchall()
    assert rows == [
        ("suggested_accounts", "account", "a2", 1, "allow"),
        ("autocomplete", "query", "cook", 1, None),
        ("hashtag_page", "hashtag", "cooking", 1, "drop"),
        ("explore", "post", "p1", 3, "allow"),
    ]


def test_an_impressions_file_given_apart_is_checked_against_the_dataset(
    write_export, small_platform, tmp_path
):
    folder = write_export(small_platform, "csv")
    ingest(folder, folder / "clean", secret=SECRET)
    logs = write_export({"impressions": [*GOOD_ROWS, BAD_ROWS[0][0]]}, "csv", folder="logs")
    report, problems = ingest_table(
        "impressions",
        logs / "impressions.csv",
        folder / "clean",
        tmp_path / "clean_impressions.parquet",
        quarantine_path=tmp_path / "q.jsonl",
    )
    assert (report.rows_read, report.rows_ok, report.rows_quarantined) == (5, 4, 1)
    assert [(p.row, p.column, p.kind) for p in problems] == [(5, "viewer_id", "dangling_reference")]
    assert len((tmp_path / "q.jsonl").read_text().splitlines()) == 1


def test_an_export_without_impressions_reads_as_an_empty_table(write_export, small_platform):
    folder = write_export(small_platform, "csv")
    ingest(folder, folder / "clean", secret=SECRET)
    con = Dataset.open(folder / "clean").connect(duckdb.connect())
    assert con.execute("SELECT count(*) FROM impressions").fetchone() == (0,)
