"""The networks page from the outside: every link carries an id and leads somewhere.

The page once linked every row to ``/console/networks/`` (it read ``id``
where ``networks.json`` has ``network_id``, docs/results.md "Files") and
showed only the total size; the browser tests loaded it but never followed
its links. These tests follow every link, on hand-written results and on a
real scan.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

from starlette.exceptions import StarletteDeprecationWarning

from netbrake.api import ApiConfig, create_app
from netbrake.results import ScanResults
from netbrake.store import Store

with warnings.catch_warnings():
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from fastapi.testclient import TestClient

Login = Callable[..., Any]
HREF = re.compile(r'href="([^"#]*)"')


def _follow_every_link(client: TestClient, path: str) -> list[str]:
    """The links of ``path``; each must have an id where it needs one and load (no 404)."""
    page = client.get(path)
    assert page.status_code == 200
    links = sorted(set(HREF.findall(page.text)))
    for link in links:
        assert not link.endswith("/networks/"), f"{path} links to {link!r} without an id"
        if link.startswith("/") and not link.startswith("/console/logout"):
            assert client.get(link).status_code != 404, link
    return links


def test_every_network_link_has_an_id_and_loads(client: TestClient, login: Login) -> None:
    login(client, "lee")
    links = _follow_every_link(client, "/console/networks")
    assert "/console/networks/7" in links
    page = client.get("/console/networks").text
    assert "3: backup 1, buyer 1, seller 1" in page


def test_a_real_scans_networks_page_links_every_network(
    scanned: Path, store: Store, login: Login
) -> None:
    networks = ScanResults.open(scanned).networks()
    assert networks
    config = ApiConfig(
        store=store, results_dir=scanned, session_secret=b"s" * 32, triage_interval=0,
        quality_share=0.0,
    )  # fmt: skip
    with TestClient(create_app(config), follow_redirects=False) as client:
        login(client, "lee")
        links = _follow_every_link(client, "/console/networks")
        page = client.get("/console/networks").text
    for network in networks:
        assert f"/console/networks/{network['network_id']}" in links
        roles = ", ".join(f"{r} {c}" for r, c in network["roles"].items())
        assert f"{network['size']}: {roles}" in page
