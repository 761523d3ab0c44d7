"""The optional searches table: validated and quarantined like every contract table (F4)."""

from __future__ import annotations

import json

import duckdb

from netbrake.platform import Dataset, ingest

SECRET = b"test-key"
TS = "2024-03-01T12:00:00Z"


def test_searches_are_ingested_and_bad_rows_quarantined_with_their_location(
    write_export, small_platform
):
    small_platform["searches"] = [
        {"searcher_id": "a1", "query": "#kwazitrade", "surface": "search", "ts": TS},
        {"searcher_id": "a2", "query": "kwaz", "surface": "autocomplete", "ts": TS},
        {"searcher_id": "a3", "query": "x", "surface": "inbox", "ts": TS},
        {"searcher_id": "nobody", "query": "y", "surface": "search", "ts": TS},
        {"searcher_id": "a4", "query": "z", "surface": "search", "ts": "yesterday"},
    ]
    folder = write_export(small_platform, "csv")
    result = ingest(folder, folder / "clean", secret=SECRET, max_bad_fraction=1.0)
    report = result.tables["searches"]
    assert (report.rows_read, report.rows_ok, report.rows_quarantined) == (5, 2, 3)
    lines = (folder / "clean" / "quarantine.jsonl").read_text().splitlines()
    records = {
        (r["row"], r["column"], r["kind"])
        for r in map(json.loads, lines)
        if r["table"] == "searches"
    }
    assert records == {
        (3, "surface", "unknown_value"),
        (4, "searcher_id", "dangling_reference"),
        (5, "ts", "wrong_type"),
    }
    con = Dataset.open(folder / "clean").connect(duckdb.connect())
    rows = con.execute("SELECT query, surface FROM searches ORDER BY query").fetchall()
    assert rows == [("#kwazitrade", "search"), ("kwaz", "autocomplete")]


def test_an_export_without_searches_reads_as_an_empty_table(write_export, small_platform):
    folder = write_export(small_platform, "csv")
    ingest(folder, folder / "clean", secret=SECRET)
    con = Dataset.open(folder / "clean").connect(duckdb.connect())
    assert con.execute("SELECT count(*) FROM searches").fetchone() == (0,)
