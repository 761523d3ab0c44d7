"""``netbrake export`` / ``import signals`` / ``metrics`` from the outside: files, JSON, exit codes."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest
import stix2
from tests.cli_process import run_netbrake as subprocess_run
from typer.testing import CliRunner

from netbrake.errors import NetbrakeError
from netbrake.exchange import StatementOfReasons, validate


@dataclass
class Outcome:
    returncode: int
    stdout: str
    stderr: str


def run(*args: str, home: Path) -> Outcome:
    """Run the CLI in-process, the way ``netbrake.cli.main`` reports user errors."""
    from netbrake.cli.app import app

    result = CliRunner().invoke(app, list(args), env={"NETBRAKE_HOME": str(home)})
    if isinstance(result.exception, NetbrakeError):
        line = f"netbrake: error: {result.exception.one_line()}\n"
        return Outcome(result.exception.exit_code, result.stdout, line)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Outcome(result.exit_code, result.stdout, result.stderr)


def test_export_cybertip_writes_valid_reports(write_results, tmp_path):
    out = tmp_path / "out"
    proc = run(
        "--json", "export", "cybertip", str(write_results()), "--out", str(out), home=tmp_path
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["reports"] == 2
    manifest = json.loads((out / "cybertip" / "manifest.json").read_text(encoding="utf-8"))
    for entry in manifest["reports"]:
        validate((out / "cybertip" / entry["file"]).read_bytes())
    assert {f["file_viewed_by_esp"] for e in manifest["reports"] for f in e["files"]} == {
        True,
        False,
    }


def test_export_dsa_writes_batches_that_validate(write_results, tmp_path):
    out = tmp_path / "out"
    proc = run("--json", "export", "dsa", str(write_results()), "--out", str(out), home=tmp_path)
    assert proc.returncode == 0, proc.stderr
    (batch,) = sorted((out / "dsa").glob("statements-*.json"))
    body = json.loads(batch.read_text(encoding="utf-8"))
    assert len(body["statements"]) == 2
    for item in body["statements"]:
        StatementOfReasons.model_validate(item)


def test_export_stix_and_signals_then_import_them_back(write_results, tmp_path):
    results = write_results()
    out = tmp_path / "out"
    assert run("export", "stix", str(results), "--out", str(out), home=tmp_path).returncode == 0
    bundle = stix2.parse(
        (out / "stix" / "bundle.json").read_text(encoding="utf-8"), allow_custom=True
    )
    assert any(o["type"] == "indicator" for o in bundle.objects)
    assert run("export", "signals", str(results), "--out", str(out), home=tmp_path).returncode == 0
    signals = out / "signals" / "signals.jsonl"
    exported = signals.read_text(encoding="utf-8").splitlines()
    proc = run(
        "--json", "import", "signals", str(signals), "--out", str(tmp_path / "in"), home=tmp_path
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["signals"] == len(exported)
    assert (tmp_path / "in" / "signals.jsonl").read_text(encoding="utf-8").splitlines() == exported


def test_import_quarantines_bad_lines(tmp_path):
    path = tmp_path / "signals.txt"
    path.write_text("url https://ok.example/x\npdq nothex\n", encoding="utf-8")
    args = ("--json", "import", "signals", str(path), "--out", str(tmp_path / "in"))
    proc = run(*args, "--max-bad-fraction", "0.5", home=tmp_path)
    assert proc.returncode == 0, proc.stderr
    summary = json.loads(proc.stdout)
    assert (summary["signals"], summary["quarantined"]) == (1, 1)
    (line,) = (tmp_path / "in" / "quarantine.jsonl").read_text(encoding="utf-8").splitlines()
    problem = json.loads(line)
    assert (problem["row"], problem["column"], problem["table"]) == (2, "signal", "signals")


def test_import_fails_with_exit_3_over_the_bad_line_threshold(tmp_path):
    path = tmp_path / "signals.txt"
    path.write_text("url https://ok.example/x\npdq nothex\n", encoding="utf-8")
    proc = run("import", "signals", str(path), home=tmp_path)
    assert proc.returncode == 3
    assert "1 of 2 lines quarantined" in proc.stderr


def test_metrics_json_and_html(write_results, tmp_path):
    views = tmp_path / "views.jsonl"
    views.write_text(
        "\n".join(json.dumps({"violating": False}) for _ in range(500)), encoding="utf-8"
    )
    html = tmp_path / "charts.html"
    proc = run("--json", "metrics", str(write_results()), "--views", str(views), "--html", str(html),
               home=tmp_path)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["prevalence"]["hits"] == 0
    assert report["prevalence"]["upper_per_10000"] == pytest.approx(59.7, rel=0.01)
    assert html.read_text(encoding="utf-8").count("<svg") == 3


def test_metrics_console_shows_charts(write_results, tmp_path):
    proc = run("metrics", str(write_results()), home=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "Actions by type" in proc.stdout
    assert "█" in proc.stdout


@pytest.mark.parametrize(
    "args",
    [
        ("export", "dsa", "{missing}", "--out", "{out}"),
        ("export", "cybertip", "{empty}", "--out", "{out}"),
        ("import", "signals", "{missing}"),
        ("metrics", "{results}", "--views", "{missing}"),
    ],
)
def test_missing_inputs_are_one_line_errors_with_exit_2(write_results, tmp_path, args):
    empty = tmp_path / "empty"
    empty.mkdir()
    names = {"missing": tmp_path / "nope", "out": tmp_path / "out", "empty": empty,
             "results": write_results()}  # fmt: skip
    proc = run(*(a.format(**names) for a in args), home=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1
    assert proc.stderr.startswith("netbrake: error: ")
    assert "Traceback" not in proc.stderr


def test_missing_results_from_a_real_process_is_one_line_exit_2(tmp_path):
    proc = subprocess_run(
        "export", "stix", str(tmp_path / "nope"), "--out", str(tmp_path), home=tmp_path
    )
    assert proc.returncode == 2
    assert proc.stderr == f"netbrake: error: {tmp_path / 'nope'}: results folder not found\n"
