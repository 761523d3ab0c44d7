"""The live no-loss fault drill at CI size: SIGKILL the server mid-intake, restart, resend.

The full size (100,000 events, 5 kills) runs in ``python -m benchmarks live``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from netbrake.live.drill import run_live_drill


@pytest.mark.slow
def test_no_acknowledged_event_is_lost_or_applied_twice_when_killed(tmp_path: Path) -> None:
    result = run_live_drill(tmp_path, events=3000, kills=2, batch=200, seed=3, time_limit=300)
    assert result.kills == 2
    assert result.acknowledged == result.events == result.stored
    assert result.missing == []
    assert result.applied == result.stored
    assert result.effects > 0
    assert result.effect_mismatch == 0
    assert result.attempts > result.events // 200  # some batches were sent again
