"""The console in a real browser (Debian chromium driven by Playwright); screenshots as artifacts."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from netbrake.api import ApiConfig

from .live import BROWSER_MARKS, chromium, log_in, serving, shot

pytestmark = BROWSER_MARKS


@pytest.fixture
def base_url(app_config: ApiConfig) -> Iterator[str]:
    with serving(app_config) as url:
        yield url


@pytest.fixture
def browser() -> Iterator[Any]:
    with chromium() as launched:
        yield launched


_login, _shot = log_in, shot


def test_log_in_claim_decide_and_see_the_audit_entry(browser: Any, base_url: str) -> None:
    page = _login(browser, base_url, "lee")
    assert "lee (lead)" in page.inner_text("[data-testid=who]")
    _shot(page, "01-queues")
    page.click("tr:has-text('spammy') a")
    page.click("[data-testid=claim]")
    page.check("input[value=violation]")
    page.fill("input[name=rule_id]", "spam.bulk")
    page.fill("textarea[name=reason]", "bulk spam links in every post")
    page.click("text=Record decision")
    assert page.inner_text("[data-testid=outcome]") == "Decision recorded: closed."
    assert page.inner_text("[data-testid=status]") == "closed"
    assert "case.violation" in page.inner_text("[data-testid=case-audit]")
    _shot(page, "02-case-decided")
    page.click("text=Audit log")
    assert "bulk spam links in every post" in page.inner_text("[data-testid=audit]")
    _shot(page, "03-audit-log")


def test_four_eyes_path_in_the_browser(browser: Any, base_url: str) -> None:
    first = _login(browser, base_url, "cara")
    first.click("[data-testid=claim-next]")
    assert "seller1" in first.inner_text("h1")
    first.check("input[value=no_violation]")
    first.fill("input[name=rule_id]", "cs.network_member")
    first.fill("textarea[name=reason]", "could not see the problem")
    first.click("text=Record decision")
    assert first.inner_text("[data-testid=stage]") == "second review"
    _shot(first, "04-four-eyes-pending")
    second = _login(browser, base_url, "dan")
    second.click("[data-testid=claim-next]")
    assert "second review" in second.inner_text("body")
    second.check("input[value=violation]")
    second.fill("input[name=rule_id]", "cs.network_member")
    second.fill("textarea[name=reason]", "seller in network 7 with a backup account")
    second.click("text=Record decision")
    assert second.inner_text("[data-testid=status]") == "closed"
    reviews = second.inner_text("[data-testid=reviews]")
    assert "cara" in reviews
    assert "dan" in reviews
    _shot(second, "05-four-eyes-closed")


def test_the_network_view_draws_its_nodes(browser: Any, base_url: str) -> None:
    page = _login(browser, base_url, "lee")
    page.goto(f"{base_url}/console/networks/7")
    page.wait_for_selector("#graph[data-rendered=true]", timeout=15_000)
    assert page.get_attribute("#graph", "data-nodes") == "3"
    assert page.evaluate("window.netbrakeGraph.nodes().map(n => n.id()).sort()") == [
        "buyer1",
        "seller1",
        "seller1_backup",
    ]
    assert page.locator("#graph canvas").count() > 0
    _shot(page, "06-network-graph")
    page.goto(f"{base_url}/console/metrics")
    assert page.locator("svg.chart").count() >= 3
    _shot(page, "07-metrics")
