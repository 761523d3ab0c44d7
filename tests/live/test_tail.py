"""The tailed folder: JSONL read line by line as it grows, Parquet once complete."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from tests.live.conftest import account, edge

from netbrake.live import FolderTail, LiveService


def test_a_growing_jsonl_file_is_read_to_its_last_complete_line(
    live: LiveService, tmp_path: Path
) -> None:
    folder = tmp_path / "events"
    folder.mkdir()
    path = folder / "a.jsonl"
    tail = FolderTail(folder, live.log)
    path.write_text(account("a") + "\n" + account("b")[:20])  # the second line is half-written
    assert tail.poll() == 1
    path.write_text(account("a") + "\n" + account("b") + "\n" + "oops\n" + edge("a", "b") + "\n")
    assert tail.poll() == 3
    assert tail.poll() == 0
    assert live.log.last_offset() == 3
    (bad,) = live.log.quarantine()
    assert (bad["source"], bad["line"], bad["kind"]) == ("a.jsonl", 3, "malformed")


def test_a_restarted_tail_appends_nothing_twice(live: LiveService, tmp_path: Path) -> None:
    folder = tmp_path / "events"
    folder.mkdir()
    (folder / "a.jsonl").write_text(account("a") + "\n" + account("b") + "\n")
    FolderTail(folder, live.log).poll()
    live.log.commit("file:a.jsonl", 0, [])  # as if killed after the append, before the offset
    FolderTail(folder, live.log).poll()
    assert live.log.last_offset() == 2
    assert {q["kind"] for q in live.log.quarantine()} == {"duplicate"}


def test_parquet_event_files_are_read(live: LiveService, tmp_path: Path) -> None:
    folder = tmp_path / "events"
    folder.mkdir()
    rows = [json.loads(account("a")), json.loads(account("b")), json.loads(edge("a", "b"))]
    for row in rows:
        row["data"] = json.dumps(row["data"])
    pq.write_table(pa.Table.from_pylist(rows), folder / "batch-0001.parquet")
    (folder / "batch-0002.parquet").write_bytes(b"PAR1 half written")
    tail = FolderTail(folder, live.log)
    assert tail.poll() == 3
    assert live.apply_pending() == 3
    assert live.state.contacts.edges == 1
