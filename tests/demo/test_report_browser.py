"""The HTML report in a real headless browser (Debian chromium, Playwright for Python).

Checks that the inline SVG charts render with a size, that every F1-F10 row
is there, and that opening the file makes no request; saves a full-page
screenshot to artifacts/screenshots/report.png for CI to keep.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from netbrake.demo import DemoRun

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        importlib.util.find_spec("playwright") is None,
        reason="Playwright for Python is not installed (pip install playwright; no browser download)",
    ),
    pytest.mark.skipif(
        not CHROMIUM.is_file(),
        reason="Debian chromium is not installed (apt-get install -y chromium)",
    ),
]


def test_report_renders_in_chromium(demo_run: DemoRun) -> None:
    from playwright.sync_api import sync_playwright

    url = demo_run.report.resolve().as_uri()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            requests: list[str] = []
            page.on("request", lambda r: requests.append(r.url))
            page.goto(url)
            charts = page.locator("svg.chart")
            assert charts.count() >= 4
            for i in range(charts.count()):
                box = charts.nth(i).bounding_box()
                assert box is not None
                assert box["width"] > 100
                assert box["height"] > 50
            bars = page.locator("#chart-exposure rect.bar")
            assert bars.count() > 0
            boxes = [bars.nth(i).bounding_box() for i in range(bars.count())]
            assert (
                max(b["width"] for b in boxes if b is not None) > 100
            )  # unguarded exposure is drawn, not just the zero markers
            for i in range(1, 11):
                row = page.locator(f"#row-F{i}")
                assert row.count() == 1
                assert row.locator("td.fig").inner_text().strip()
            assert requests == [url]
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / "report.png"), full_page=True)
        finally:
            browser.close()
    assert (SCREENSHOTS / "report.png").stat().st_size > 10_000
