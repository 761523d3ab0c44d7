"""The no-loss fault drill at CI size: SIGKILL the server mid-intake, restart, resend.

The full size (20,000 reports) runs in ``python -m benchmarks reports``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from netbrake.reports.drill import run_drill

REPORTS = int(os.environ.get("NETBRAKE_DRILL_REPORTS", "1000"))


@pytest.mark.slow
def test_no_acknowledged_report_is_lost_when_the_server_is_killed(tmp_path: Path) -> None:
    result = run_drill(tmp_path, reports=REPORTS, kills=2, senders=16, seed=8, time_limit=400)
    assert result.kills == 2
    assert result.acknowledged == REPORTS
    assert result.missing == []
    assert result.wrong_case == []
    assert result.violations == []
    assert result.stored == REPORTS
    assert result.attempts > REPORTS  # some deliveries failed mid-kill and were sent again
