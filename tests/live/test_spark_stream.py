"""Live mode on Spark Structured Streaming agrees with the embedded folder tail (F9).

One folder of event files is fed to both paths: the embedded
:class:`netbrake.live.FolderTail` and a Structured Streaming query (file
source, local mode) handing micro-batches to the same ``LiveService.ingest``.
Event logs, quarantine records, effects and the guards' flags must be equal;
replaying every batch (a lost checkpoint) changes nothing.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from netbrake.guard import GuardEngine
from netbrake.live import LiveService
from netbrake.live.drill import drill_events
from netbrake.live.spark_stream import folder_reader, run_stream
from netbrake.store import Store

from .conftest import HASHER

pytestmark = pytest.mark.spark


def _folder(root: Path) -> Path:
    folder = root / "events"
    folder.mkdir()
    accounts, rest = drill_events(3000, seed=5)
    bad = [
        "{not json",
        rest[0],  # a duplicate event id: idempotent, quarantined as a duplicate
        json.dumps(
            {
                "event_id": "x-1",
                "kind": "edge",
                "ts": "2026-03-01T00:00:00Z",
                "data": {
                    "src": "nobody",
                    "dst": "d5-1",
                    "kind": "follow",
                    "ts": "2026-03-01T00:00:00Z",
                },
            }
        ),  # an edge from an unknown account
        json.dumps(
            {"event_id": "x-2", "kind": "volcano", "ts": "2026-03-01T00:00:00Z", "data": {}}
        ),
    ]
    parts = {"00-accounts.jsonl": accounts, "01-rest.jsonl": rest, "02-bad.jsonl": bad}
    for i, (name, lines) in enumerate(parts.items()):
        path = folder / name
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        os.utime(path, (1_800_000_000 + i, 1_800_000_000 + i))
    return folder


def _service(root: Path, name: str, template: Path, folder: Path | None = None) -> LiveService:
    path = root / f"{name}.sqlite"
    path.write_bytes(template.read_bytes())
    store = Store.open(f"sqlite:///{path}")
    return LiveService(store, GuardEngine(store=store), hasher=HASHER, folder=folder)


def _picture(service: LiveService) -> dict[str, object]:
    quarantine = [
        (str(q["source"]).rsplit("/", 1)[-1], q.get("line"), q.get("reason"))
        for q in service.log.quarantine()
    ]
    return {
        "events": service.log.last_offset(),
        "applied": service.applied,
        "quarantine": quarantine,
        "effects": [(e.offset, e.effect, e.subject_id, e.detail) for e in service.log.effects()],
        "flags": {a: (f.bits, f.reason) for a, f in service.state.flags.items()},
        "members": sorted(service.state.member),
        "persons": dict(service.state.person_of),
    }


def test_the_spark_stream_and_the_embedded_tail_leave_the_same_state(
    spark, tmp_path: Path, live_template: Path
) -> None:
    folder = _folder(tmp_path)
    embedded = _service(tmp_path, "embedded", live_template, folder)
    assert embedded.tail is not None
    embedded.tail.poll()
    embedded.apply_pending()
    expected = _picture(embedded)
    assert expected["events"] == 3000
    assert len(expected["quarantine"]) == 4
    assert expected["flags"], "the drill removes accounts and re-registers on their devices"

    streamed = _service(tmp_path, "spark", live_template)
    run_stream(streamed, folder_reader(folder), tmp_path / "checkpoint", spark).awaitTermination()
    assert _picture(streamed) == expected

    # a lost checkpoint replays every file: every event is a duplicate, nothing changes
    run_stream(streamed, folder_reader(folder), tmp_path / "checkpoint2", spark).awaitTermination()
    again = _picture(streamed)
    assert {k: v for k, v in again.items() if k != "quarantine"} == {
        k: v for k, v in expected.items() if k != "quarantine"
    }
    replayed = again["quarantine"][len(expected["quarantine"]) :]  # type: ignore[index]
    duplicates = [q for q in replayed if "already received" in str(q[2])]
    assert len(duplicates) == 3000 + 1  # every event again, and the bad file's duplicate
    others = sorted(q for q in replayed if q not in duplicates)
    first = [q for q in expected["quarantine"] if "already received" not in str(q[2])]  # type: ignore[attr-defined]
    assert others == sorted(first)  # the malformed lines are refused again, for the same reason
    embedded.store.close()
    streamed.store.close()


def test_live_with_the_spark_engine_reads_files_moved_into_the_folder(
    spark, tmp_path: Path, live_template: Path
) -> None:
    import time

    from tests.web.conftest import TestClient  # Starlette's client, its deprecation silenced

    from netbrake.api import ApiConfig, create_app

    path = tmp_path / "served.sqlite"
    path.write_bytes(live_template.read_bytes())
    folder = tmp_path / "incoming"
    folder.mkdir()
    accounts, rest = drill_events(500, seed=6)
    config = ApiConfig(
        db_url=f"sqlite:///{path}",
        session_secret=b"s" * 32,
        triage_interval=0,
        live_folder=folder,
        live_engine="spark",
    )
    with TestClient(create_app(config)) as client:
        live = client.app.state.live  # type: ignore[attr-defined]
        assert live.tail is None  # Spark reads the folder, not the embedded tail
        staged = tmp_path / "staged.jsonl"
        staged.write_text("\n".join(accounts + rest) + "\n", encoding="utf-8")
        staged.rename(folder / "batch-1.jsonl")  # files appear atomically
        deadline = time.monotonic() + 120
        while live.applied < 500 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert live.applied == 500
        assert live.state.flags
    assert (tmp_path / "incoming.spark-checkpoint").is_dir()
