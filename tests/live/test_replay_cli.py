"""``netbrake live --replay DATASET``: a scan's dataset appended to the log, read back by
``netbrake live --status`` and by a live service applying it (docs/live.md "Replay")."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.cli_process import run_netbrake
from tests.live.conftest import event

from netbrake.guard import GuardEngine
from netbrake.live import EventLog, LiveService
from netbrake.store import Store


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("replay-cli")
    synth = run_netbrake("-q", "synth", "--accounts", "1000", "--seed", "5", "--out",
                         str(root / "export"), home=root)  # fmt: skip
    assert synth.returncode == 0, synth.stderr
    scanned = run_netbrake("-q", "scan", str(root / "export"), "--out", str(root / "r"),
                           home=root)  # fmt: skip
    assert scanned.returncode == 0, scanned.stderr
    return root / "r" / "dataset"


def _status(db: str, home: Path) -> dict[str, object]:
    proc = run_netbrake("--json", "--db", db, "live", "--status", home=home)
    assert proc.returncode == 0, proc.stderr
    found: dict[str, object] = json.loads(proc.stdout)
    return found


def test_a_replayed_dataset_is_in_the_log_once_and_applies(dataset: Path, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'live.sqlite'}"
    first = run_netbrake("--json", "--db", db, "live", "--replay", str(dataset), home=tmp_path)
    assert first.returncode == 0, first.stderr
    answer = json.loads(first.stdout)
    assert answer["accepted"] > 1000
    assert answer["refused"] == {}
    again = run_netbrake("--json", "--db", db, "live", "--replay", str(dataset), home=tmp_path)
    assert again.returncode == 0, again.stderr  # a repeat is recognised: kept once
    assert json.loads(again.stdout)["accepted"] == 0
    status = _status(db, tmp_path)
    assert status["last_offset"] == answer["last_offset"]
    with Store.open(db) as store:
        live = LiveService(store, GuardEngine(store=store))
        assert live.apply_pending() == answer["accepted"]
        assert live.state.counts.by_kind["account"] == 1000


def test_a_replay_older_than_the_log_is_refused_with_the_event_named(
    dataset: Path, tmp_path: Path
) -> None:
    db = f"sqlite:///{tmp_path / 'live.sqlite'}"
    with Store.open(db, migrate_schema=True) as store:
        late = event("newer", "account", {"account_id": "x1", "handle": "x1",
                     "created_at": "2030-01-01T00:00:00Z"}, "2030-01-01T00:00:00Z")  # fmt: skip
        assert EventLog(store).append([late], "t").accepted
    proc = run_netbrake("--db", db, "live", "--replay", str(dataset), home=tmp_path)
    assert proc.returncode == 2
    (line,) = [x for x in proc.stderr.splitlines() if x.startswith("netbrake: error")]
    assert str(dataset) in line
    assert "event account:" in line
    assert "behind the newest" in line
    assert _status(db, tmp_path)["quarantine"]["out_of_order"] > 0  # type: ignore[index]
