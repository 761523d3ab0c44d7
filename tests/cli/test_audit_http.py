"""``netbrake audit --recommender-url``: the platform's recommender over HTTP, in a child process.

The server (tests/audit/http_reference_server.py) serves a reference
recommender behind the wire contract; the HTTP audit must give the same
figures as the in-process audit of that recommender on the same export and
seed, for pymk and for itemcf, whose item-item similarities change with
every probe's interactions, so it needs the reset hook (docs/audit.md "Probe
isolation"). Without the hook the report says that probes shared state.
Endpoints that fail, stall or answer outside the contract are one line naming
the URL, exit 2.
"""

from __future__ import annotations

import json
import select
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.cli_process import run_netbrake as run

from netbrake.audit import ProbeSettings, audit_scan

SERVER = Path(__file__).parents[1] / "audit" / "http_reference_server.py"
PROBES = "view_one_member,follow_members,contamination,after_takedown"
KEY = "test-key-1"

Serve = Callable[..., str]


@pytest.fixture
def serve(scanned: tuple[Path, Path]) -> Iterator[Serve]:
    """Start the reference server in a child process; returns its base URL once it listens."""
    children: list[subprocess.Popen[str]] = []

    def start(*args: str) -> str:
        proc = subprocess.Popen(
            [sys.executable, str(SERVER), str(scanned[1] / "dataset"), *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        children.append(proc)
        ready, _, _ = select.select([proc.stdout], [], [], 60)
        line = proc.stdout.readline() if ready and proc.stdout else ""
        if not line.startswith("listening "):
            proc.kill()
            raise AssertionError(
                f"server did not start: {line!r} {proc.stderr.read() if proc.stderr else ''}"
            )
        return f"http://127.0.0.1:{int(line.split()[1])}"

    yield start
    for proc in children:
        proc.terminate()
        proc.wait(timeout=10)


def _routes(base: str, probes: bool = True, reset: bool = True) -> list[str]:
    args = [
        "--recommender-url", f"{base}/recommend",
        "--interactions-url", f"{base}/interactions",
        "--takedown-url", f"{base}/takedown",
    ]  # fmt: skip
    args += ["--probes-url", f"{base}/probes"] if probes else []
    return [*args, "--reset-url", f"{base}/reset"] if reset else args


def _figures(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in r.items() if k != "recommender"} for r in rows]


def _in_process(scanned: tuple[Path, Path], results: Path, recommender: str) -> dict[str, Any]:
    local, _ = audit_scan(
        scanned[0],
        results,
        recommenders=(recommender,),
        probes=ProbeSettings(probes=tuple(PROBES.split(","))),
        seed=0,
    )
    return local.to_json()


def _http_audit(scanned: tuple[Path, Path], results: Path, home: Path, *routes: str) -> Any:
    proc = run(
        "--json", "audit", str(scanned[0]), str(results), *routes,
        "--probes", PROBES, "--api-key", KEY, "--rate-limit", "5000", home=home,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


@pytest.mark.parametrize("recommender", ["pymk", "itemcf"])
def test_http_audit_gives_the_in_process_figures(
    scanned: tuple[Path, Path], results_copy: Path, tmp_path: Path, serve: Serve, recommender: str
) -> None:
    base = serve("--recommender", recommender, "--api-key", KEY)
    http = _http_audit(scanned, results_copy, tmp_path, *_routes(base))
    inproc = _in_process(scanned, results_copy, recommender)
    assert http["recommenders"] == ["http"]
    assert len(http["exposures"]) == len(inproc["exposures"]) == 22
    assert _figures(http["exposures"]) == _figures(inproc["exposures"])
    assert _figures(http["time_to_exposure"]) == _figures(inproc["time_to_exposure"])
    assert _figures(http["contamination"]) == _figures(inproc["contamination"])
    assert len(http["contamination"]) == 1
    assert http["contamination"][0]["unguarded"]["trials"] > 0
    assert http["exposures"][0]["unguarded"]["hits"] > 0
    assert not [n for n in http["notes"] if "no reset hook" in n]
    assert http["truth"] == inproc["truth"]
    assert http["truth"]["source"] == "labels"


def test_without_the_reset_hook_the_report_says_probes_shared_state(
    scanned: tuple[Path, Path], results_copy: Path, tmp_path: Path, serve: Serve
) -> None:
    base = serve("--recommender", "itemcf", "--api-key", KEY, "--mode", "no-reset")
    http = _http_audit(scanned, results_copy, tmp_path, *_routes(base, reset=False))
    shared = [n for n in http["notes"] if "no reset hook" in n]
    assert shared == [
        "http changes in place and has no reset hook: each probe account saw the earlier probes' "
        'interactions, so its figures may differ from an isolated run (docs/audit.md "Probe '
        'isolation"; over HTTP give --reset-url)'
    ]
    # Why the hook exists: the shared state really changes itemcf's figures.
    inproc = _in_process(scanned, results_copy, "itemcf")
    assert _figures(http["exposures"]) != _figures(inproc["exposures"])
    table = run(
        "audit", str(scanned[0]), str(results_copy), *_routes(base, reset=False),
        "--probes", "view_one_member", "--api-key", KEY, home=tmp_path,
    )  # fmt: skip
    assert table.returncode == 0, table.stderr
    assert "no reset hook" in " ".join(table.stdout.split())


def test_without_the_probe_hook_the_platform_refuses_and_the_url_is_named(
    scanned: tuple[Path, Path], results_copy: Path, tmp_path: Path, serve: Serve
) -> None:
    base = serve()
    proc = run(
        "audit", str(scanned[0]), str(results_copy), *_routes(base, probes=False),
        "--probes", "view_one_member", home=tmp_path,
    )  # fmt: skip
    assert proc.returncode == 2
    assert proc.stderr == f"netbrake: error: {base}/interactions: endpoint answered 409\n"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.parametrize(
    ("mode", "extra", "message"),
    [
        ("refused", ("--retries", "2"), "failed after 3 attempts: cannot connect"),
        (
            "slow",
            ("--timeout", "0.3", "--retries", "1"),
            "failed after 2 attempts: no answer within 0.3 s",
        ),
        ("bad-shape", (), "field 'suggestions': answer has no 'suggestions' list of account ids"),
        ("bad-key", ("--api-key", "wrong"), "endpoint answered 401"),
        ("bad-reset", (), "field 'deleted': answer has no 'deleted' list"),
        ("no-reset", (), "/reset: endpoint answered 404"),
    ],
)
def test_endpoint_failures_are_one_line_naming_the_url_exit_2(
    scanned: tuple[Path, Path],
    results_copy: Path,
    tmp_path: Path,
    serve: Serve,
    mode: str,
    extra: tuple[str, ...],
    message: str,
) -> None:
    if mode == "refused":
        base = f"http://127.0.0.1:{_free_port()}"
    elif mode == "bad-key":
        base = serve("--api-key", KEY)
    else:
        base = serve("--mode", mode)
    proc = run(
        "audit", str(scanned[0]), str(results_copy), *_routes(base), "--probes", "view_one_member",
        *extra, home=tmp_path,
    )  # fmt: skip
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.startswith(f"netbrake: error: {base}/")
    assert proc.stderr.count("\n") == 1
    assert message in proc.stderr
    assert not (results_copy / "audit.json").exists()
