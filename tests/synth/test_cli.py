"""``netbrake synth`` from the outside: exit codes, one-line errors, a usable export."""

from __future__ import annotations

import json

import pytest
from tests.cli_process import run_netbrake as run


def test_synth_then_ingest(tmp_path):
    out = tmp_path / "export"
    proc = run(
        "--json", "synth", "--accounts", "1500", "--seed", "4", "--out", str(out), home=tmp_path
    )
    assert proc.returncode == 0, proc.stderr
    summary = json.loads(proc.stdout)
    assert summary["accounts"] == 1500
    assert summary["rows"]["labels"] == 1500
    proc = run("--json", "ingest", str(out), home=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["rows_quarantined"] == 0


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--accounts", "0"], "--accounts"),
        (["--accounts=-5"], "--accounts"),
        (["--accounts", "2000", "--indicator-rate", "1.5"], "--indicator-rate"),
        (["--accounts", "2000", "--format", "xml"], "--format"),
    ],
)
def test_bad_options_are_one_line_exit_2(tmp_path, args, needle):
    proc = run("synth", *args, "--out", str(tmp_path / "x"), home=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.startswith("netbrake: error: ")
    assert proc.stderr.count("\n") == 1
    assert needle in proc.stderr
    assert not (tmp_path / "x").exists()
