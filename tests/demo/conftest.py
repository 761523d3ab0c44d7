"""Fixtures for the report: one small demo run shared by the report tests."""

from __future__ import annotations

import pytest

from netbrake.demo import DemoRequest, DemoRun, run_demo

#: Small enough to run in seconds, large enough for the scan to map the networks well.
DEMO_ACCOUNTS = 3_000


@pytest.fixture(scope="session")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> DemoRun:
    """The demo at 3,000 accounts, seed 0, in a temporary folder."""
    return run_demo(DemoRequest(out=tmp_path_factory.mktemp("demo"), accounts=DEMO_ACCOUNTS))
