"""``netbrake demo`` from the outside: the report end to end, then the console (or its fallback)."""

from __future__ import annotations

import json
import re
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from tests.cli_process import run_netbrake
from typer.testing import CliRunner

from netbrake.cli import app
from netbrake.demo import SECTIONS
from netbrake.reports import authenticate, backlog
from netbrake.store import Store

#: The smallest platform on which the scan maps the planted networks well.
ACCOUNTS = "3000"


def run(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    return run_netbrake(*args, home=home, secret=False)  # the demo makes its own secret


def test_demo_no_serve_writes_the_report_and_exits(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    proc = run("demo", "--no-serve", "--accounts", ACCOUNTS, "--out", str(out), home=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert f"report: {out / 'report.html'}" in proc.stdout
    assert "membership precision / recall / F1" in proc.stdout
    assert proc.stderr == ""  # no progress bars in a pipe
    html = (out / "report.html").read_text(encoding="utf-8")
    for section in SECTIONS:
        assert f'<section id="{section}">' in html
    for i in range(1, 11):
        assert f'id="row-F{i}"' in html
    summary = json.loads((out / "demo.json").read_text())
    members = summary["planted_members"]
    assert f'<p data-testid="truth">Ground truth: labels ({members:,} members).' in html
    assert html.count('<g class="series" data-surface="feed">') == 4  # 2 probes x 2 recommenders
    assert summary["membership"]["f1"] >= 0.95
    assert summary["exposure_guarded"]["hits"] == 0
    assert summary["exposure_guarded"]["trials"] > 0
    assert summary["exposure_unguarded"]["value"] > 0.5
    assert (out / "results" / "audit.json").is_file()
    assert not (out / "netbrake.sqlite").exists()  # --no-serve: no store, no user


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--accounts", "10"), "--accounts"),
        (("--out", "{file}"), "exists and is not a folder"),
    ],
)
def test_bad_options_exit_2_without_traceback(
    tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    (tmp_path / "file").write_text("x")
    filled = [a.format(file=tmp_path / "file") for a in args]
    proc = run("demo", "--no-serve", *filled, home=tmp_path)
    assert proc.returncode == 2
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr


def _invoke(tmp_path: Path, *extra: str) -> Any:
    out = tmp_path / "demo"
    args = ["demo", "--accounts", ACCOUNTS, "--out", str(out), "--port", "8765", *extra]
    return CliRunner().invoke(app, args, env={"NETBRAKE_HOME": str(tmp_path / "home")}), out


def test_demo_serves_the_results_with_a_demo_login(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import netbrake.cli.serve as serve_cli
    from netbrake.cli.settings import settings

    calls: list[dict[str, Any]] = []

    def fake_serve(ctx: Any, **kwargs: Any) -> None:
        calls.append({**kwargs, "db": settings(ctx).db_url})

    monkeypatch.setattr(serve_cli, "serve", fake_serve)
    result, out = _invoke(tmp_path)
    assert result.exit_code == 0, result.output
    assert calls == [
        {
            "host": "127.0.0.1",
            "port": 8765,
            "results": out / "results",
            "db": f"sqlite:///{(out / 'netbrake.sqlite').resolve()}",
        }
    ]
    login = re.search(r"console: (\S+)\s+login: (\S+) / (\S+)", result.output)
    assert login is not None
    assert login.group(1) == "http://127.0.0.1:8765/console"
    reports = pq.read_table(out / "export" / "reports.parquet").num_rows
    with Store.open(calls[0]["db"]) as store:
        assert authenticate(store, login.group(2), login.group(3)) is not None
        assert authenticate(store, login.group(2), "wrong-password") is None
        with store.read() as session:
            assert backlog(session, datetime.now(UTC)).reports_total == reports
    assert f"{reports:,} user reports from the export are in the review queues" in result.output
    assert 'href="http://127.0.0.1:8765/console"' in (out / "report.html").read_text()


def test_demo_without_serve_command_still_succeeds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import netbrake.cli.demo as demo_cli

    real = demo_cli.importlib.import_module

    def missing_serve(name: str) -> Any:
        if name == "netbrake.cli.serve":
            raise ImportError("No module named 'netbrake.cli.serve'")
        return real(name)

    monkeypatch.setattr(demo_cli.importlib, "import_module", missing_serve)
    result, out = _invoke(tmp_path)
    assert result.exit_code == 0, result.output
    assert "netbrake serve is not available" in result.output
    assert (out / "report.html").is_file()
