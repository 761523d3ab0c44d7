"""The network drawing: labels only on central accounts and seeds, a legend of every role.

Checked on the rendered page of a real scan (the elements the page embeds and
its legend) and on a hand-built network larger than the label budget.
"""

from __future__ import annotations

import json
import re
import warnings
from collections import Counter
from pathlib import Path
from typing import Any

from starlette.exceptions import StarletteDeprecationWarning

from netbrake.api import ApiConfig, create_app
from netbrake.reports.account_context import ScannedAccount
from netbrake.reports.account_context import ScanResults as ConsoleResults
from netbrake.results import ScanResults
from netbrake.web.graph import MAX_LABELS, ROLE_COLOURS, network_drawing

from .conftest import Login

with warnings.catch_warnings():
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from fastapi.testclient import TestClient

ELEMENTS = re.compile(r'<script type="application/json" id="graph-elements">(.*?)</script>', re.S)
LEGEND = re.compile(
    r'<li data-role="([^"]+)" data-count="(\d+)"><svg[^>]*><circle[^>]*fill="([^"]+)"'
)


def _page(client: TestClient, network_id: object) -> tuple[list[dict[str, Any]], dict[str, int]]:
    page = client.get(f"/console/networks/{network_id}")
    assert page.status_code == 200
    found = ELEMENTS.search(page.text)
    assert found is not None
    assert 'data-testid="legend"' in page.text
    legend = {role: int(count) for role, count, _ in LEGEND.findall(page.text)}
    for role, _, colour in LEGEND.findall(page.text):
        assert colour == ROLE_COLOURS.get(role, colour)
    return [e["data"] for e in json.loads(found.group(1))], legend


def test_a_real_scans_drawings_label_central_accounts_and_seeds_only(
    scan_config: ApiConfig, scanned: Path, login: Login
) -> None:
    networks = ScanResults.open(scanned).networks()
    with TestClient(create_app(scan_config), follow_redirects=False) as client:
        login(client, "lee")
        pages = {n["network_id"]: _page(client, n["network_id"]) for n in networks}
    crowded = 0
    for network in networks:
        elements, legend = pages[network["network_id"]]
        nodes = [e for e in elements if "source" not in e]
        ids = {n["id"] for n in nodes}
        labelled = {n["id"] for n in nodes if n["labelled"]}
        seeds = set(network["seeds"]) & ids
        assert len(nodes) == network["size"]
        assert seeds <= labelled
        assert set(network["central_accounts"]) & ids <= labelled
        assert len(labelled) <= MAX_LABELS + len(seeds)
        if len(nodes) > MAX_LABELS + len(seeds):
            crowded += 1
            assert len(labelled) < len(nodes)
        assert all(n["id"] in n["title"] and n["role"] in n["title"] for n in nodes)
        # The legend: every role drawn, with the network's per-role count.
        assert legend == network["roles"]
        assert {n["role"] for n in nodes} <= set(legend)
        # Links are the scan's own interactions between members (dataset/edges.parquet).
        edges = [e for e in elements if "source" in e]
        assert any(e["kind"] == "edge" for e in edges)
        assert all(e["source"] in ids and e["target"] in ids for e in edges)
        degree = Counter(
            x for e in edges if e["kind"] == "edge" for x in (e["source"], e["target"])
        )
        assert all(n["degree"] == degree[n["id"]] for n in nodes)
        # Beyond the scan's central accounts and the seeds, the labels go to the most connected.
        ranked = [n["degree"] for n in nodes if n["id"] in labelled - seeds and not n["central"]]
        rest = [n["degree"] for n in nodes if n["id"] not in labelled]
        assert not ranked or not rest or min(ranked) >= max(rest)
    assert crowded >= 1  # the scan has a network larger than the label budget


def test_the_label_budget_holds_on_a_large_network_without_edges() -> None:
    roles = ["seller", "buyer", "aggregator", "watchdog", None]
    members = {
        f"a{i:03}": ScannedAccount(f"a{i:03}", 1 - i / 100, roles[i % 5], "3", f"p{i}", None)
        for i in range(60)
    }
    network = {"network_id": 3, "central_accounts": ["a059"], "seeds": ["a058", "zz-absent"]}
    drawing = network_drawing(ConsoleResults(members, [network]), "3")
    nodes = [e["data"] for e in drawing.elements if "source" not in e["data"]]
    labelled = [n["id"] for n in nodes if n["labelled"]]
    assert len(nodes) == 60
    assert drawing.labelled == len(labelled) == MAX_LABELS + 1
    assert "a059" in labelled  # the scan's central account first
    assert [n["id"] for n in nodes if n["central"]] == ["a059"]
    assert "a058" in labelled  # the seed
    assert [e.role for e in drawing.legend] == [
        "aggregator",
        "buyer",
        "seller",
        "unknown",
        "watchdog",
    ]
    assert [e.count for e in drawing.legend] == [12] * 5
    assert drawing.legend[3].colour not in ROLE_COLOURS.values()  # no role: its own colour


def test_the_fixture_networks_legend(client: TestClient, login: Login) -> None:
    login(client, "lee")
    elements, legend = _page(client, 7)
    assert legend == {"backup": 1, "buyer": 1, "seller": 1}
    nodes = [e for e in elements if "source" not in e]
    assert all(n["labelled"] for n in nodes)  # fewer members than the label budget
    assert [n["id"] for n in nodes if n["central"]] == ["seller1"]
