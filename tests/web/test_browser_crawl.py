"""Every link of the console, followed in a real browser over a real scan's results.

A reviewer signs in, the crawler starts at the console home and visits every
same-origin link it can reach (bounded), and every page, stylesheet and script
must load: no 404 or 500, and no link that stops at a collection where an id
belongs (``/console/networks/``). The network pages draw labels only on the
central accounts and seeds, name any node on hover and carry a role legend.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urldefrag, urlsplit

import pytest

from netbrake.api import ApiConfig
from netbrake.web.graph import MAX_LABELS

from .live import BROWSER_MARKS, chromium, log_in, serving, shot

pytestmark = BROWSER_MARKS

MAX_PAGES = 150
#: A path that ends in a collection segment with its id missing (``/console/cases/``).
NO_ID = re.compile(r"/console/(?:[a-z-]+/)*[a-z-]+/$")
NOT_PAGES = ("/console/logout",)


@pytest.fixture
def scan_url(scan_config: ApiConfig) -> Iterator[str]:
    with serving(scan_config) as url:
        yield url


@pytest.fixture
def browser() -> Iterator[Any]:
    with chromium() as launched:
        yield launched


def _links(page: Any) -> list[str]:
    hrefs: list[str] = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
    return hrefs


def test_every_link_of_every_console_page_loads(browser: Any, scan_url: str) -> None:
    page = log_in(browser, scan_url, "lee")
    origin = urlsplit(scan_url).netloc
    failures: list[str] = []
    page.on(
        "response",
        lambda r: failures.append(f"{r.status} {r.url}") if r.status in (404, 500) else None,
    )
    queue, seen, visited = [f"{scan_url}/console"], {f"{scan_url}/console"}, []
    while queue and len(visited) < MAX_PAGES:
        url = queue.pop(0)
        response = page.goto(url)
        assert response is not None, url
        assert response.status not in (404, 500), f"{response.status} {url}"
        visited.append(urlsplit(url).path)
        for link in _links(page):
            target, _ = urldefrag(link)
            parts = urlsplit(target)
            if parts.netloc != origin:
                continue
            assert not NO_ID.search(parts.path), f"{url} links to {target} without an id"
            if parts.path.startswith(NOT_PAGES) or target in seen:
                continue
            seen.add(target)
            queue.append(target)
    assert not failures, failures
    assert not queue, f"more than {MAX_PAGES} pages: the bound is too small"
    # The crawl reached every kind of page, over the scan's own networks and cases.
    for prefix in ("/console/networks/", "/console/cases/", "/console/metrics"):
        assert any(p.startswith(prefix) for p in visited), prefix
    assert sum(p.startswith("/console/networks/") for p in visited) == 3


def test_a_scanned_networks_drawing_labels_few_and_names_every_node_on_hover(
    browser: Any, scan_url: str
) -> None:
    page = log_in(browser, scan_url, "lee")
    page.goto(f"{scan_url}/console/networks")
    assert "30: aggregator 2, buyer 16, seller 10, trader 2" in page.inner_text(
        "[data-testid=size-by-role] >> nth=0"
    )
    page.goto(f"{scan_url}/console/networks/0")
    page.wait_for_selector("#graph[data-rendered=true]", timeout=15_000)
    nodes = int(page.get_attribute("#graph", "data-nodes") or 0)
    shown = page.evaluate("window.netbrakeGraph.nodes().filter(n => n.style('label')).length")
    seeds = page.evaluate("window.netbrakeGraph.nodes('[?seed]').length")
    assert nodes == 30
    assert 0 < shown <= MAX_LABELS + seeds < nodes
    assert shown == int(page.get_attribute("#graph", "data-labelled") or 0)
    legend = [t.strip() for t in page.locator("[data-testid=legend] li").all_inner_texts()]
    assert sorted(legend) == [
        "aggregator 2",
        "buyer 16",
        "seller 10",
        "trader 2",
    ]
    drawn = set(page.evaluate("window.netbrakeGraph.nodes().map(n => n.data('role'))"))
    assert drawn <= {t.split()[0] for t in legend}
    # Hover an unlabelled node: the tooltip names it.
    plain = page.evaluate(
        "(() => { const n = window.netbrakeGraph.nodes('[!labelled]')[0];"
        " const p = n.renderedPosition(); return [n.id(), p.x, p.y]; })()"
    )
    box = page.locator("#graph").bounding_box()
    assert box is not None
    assert page.is_hidden("[data-testid=graph-tip]")
    page.mouse.move(box["x"] + plain[1], box["y"] + plain[2])
    page.wait_for_selector("[data-testid=graph-tip]:not([hidden])", timeout=5_000)
    assert page.inner_text("[data-testid=graph-tip]").startswith(plain[0])
    shot(page, "08-network-legend-hover")
