"""Unreadable scan results: the reader's one-line error on the console's pages, never a 500.

The console opens RESULTS through :class:`netbrake.results.ScanResults` like every
other consumer (docs/results.md "Errors"); a missing, truncated or newer-version
file keeps the service up and says which file is wrong on every reviewer page.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Callable
from pathlib import Path

import pytest
from markupsafe import escape
from starlette.exceptions import StarletteDeprecationWarning

from netbrake.api import ApiConfig, create_app
from netbrake.errors import InputError
from netbrake.reports.account_context import ScanResults as ConsoleResults
from netbrake.results import RESULTS_VERSION, ScanResults
from netbrake.store import Store

from .conftest import Login, write_results

with warnings.catch_warnings():
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from fastapi.testclient import TestClient


def _truncate(folder: Path) -> None:
    data = (folder / "accounts.parquet").read_bytes()
    (folder / "accounts.parquet").write_bytes(data[: len(data) // 2])


def _newer(folder: Path) -> None:
    (folder / "summary.json").write_text(json.dumps({"results_version": RESULTS_VERSION + 1}))


def _half_json(folder: Path) -> None:
    (folder / "networks.json").write_text('[{"network_id": 7,\n "size"', encoding="utf-8")


BREAKS: dict[str, tuple[Callable[[Path], None], str]] = {
    "missing accounts": (lambda f: (f / "accounts.parquet").unlink(), "missing accounts.parquet"),
    "missing networks": (lambda f: (f / "networks.json").unlink(), "missing networks.json"),
    "truncated accounts": (_truncate, "accounts.parquet: not a readable Parquet file"),
    "truncated networks": (_half_json, "networks.json, row 2: not JSON"),
    "newer version": (_newer, f"results version {RESULTS_VERSION + 1} is newer"),
}


def _reader_error(folder: Path) -> str:
    """What the shared reader says about ``folder`` (the console must say the same)."""

    def read() -> None:
        results = ScanResults.open(folder)
        results.accounts()
        results.networks()

    with pytest.raises(InputError) as caught:
        read()
    return caught.value.one_line()


@pytest.mark.parametrize("broken", sorted(BREAKS))
def test_an_unreadable_results_file_is_shown_on_every_page(
    broken: str, tmp_path: Path, store: Store, login: Login
) -> None:
    folder = write_results(tmp_path / "results")
    damage, expected = BREAKS[broken]
    damage(folder)
    error = _reader_error(folder)
    assert expected in error
    assert "\n" not in error
    assert ConsoleResults.load_or_error(folder).error == error
    config = ApiConfig(
        store=store, results_dir=folder, session_secret=b"s" * 32, triage_interval=0,
        quality_share=0.0,
    )  # fmt: skip
    shown = f'data-testid="results-error">Scan results not loaded: {escape(error)}<'
    with TestClient(create_app(config), follow_redirects=False) as client:
        assert shown not in client.get("/console/login").text  # not before signing in
        login(client, "lee")
        for path in ("/console", "/console/networks", "/console/metrics", "/console/audit"):
            page = client.get(path)
            assert page.status_code == 200, path
            assert page.text.count(shown) == 1, path
        network = client.get("/console/networks/7")
        assert network.status_code == 503
        assert shown in network.text
        assert "No scan results loaded" not in client.get("/console/networks").text


def test_readable_results_show_no_error(client: TestClient, login: Login) -> None:
    login(client, "lee")
    assert 'data-testid="results-error"' not in client.get("/console/networks").text
