"""The probe audit's HTML page: escaped, self-contained, a chart only where there is a time axis."""

from __future__ import annotations

import re
from typing import Any

import pytest

from netbrake.audit import (
    AuditReport,
    Estimate,
    Exposure,
    Rate,
    probe_exposure_charts,
    render_audit_html,
)
from netbrake.audit.line_chart import LineChart, Series, line_chart

HOSTILE = '<script>alert("x")</script>'


def _exposure(probe: str, surface: str, step: int, hits: int, coverage: float) -> Exposure:
    estimates = (
        (Estimate.of([hits], 10, coverage), Estimate.of([], 10, coverage))
        if coverage < 1
        else (None, None)
    )
    return Exposure(probe, HOSTILE, surface, step, Rate(hits, 10), Rate(0, 10), Rate(1, 2),
                    Rate(0, 2), *estimates)  # fmt: skip


def _report(truth: dict[str, Any]) -> AuditReport:
    f = truth["coverage"]
    exposures = [_exposure("view_one_member", "suggested_accounts", 1, 4, f)]
    exposures += [
        _exposure("follow_members", s, k, k, f) for s in ("feed", HOSTILE) for k in (1, 2, 3)
    ]
    return AuditReport(dataset=HOSTILE, seed=0, n=10, settings={}, recommenders=(HOSTILE,),
                       exposures=tuple(exposures), notes=(HOSTILE,), truth=truth)  # fmt: skip


TRUTH = {"source": "labels", "description": HOSTILE, "members": 1234, "sampled": False,
         "coverage": 1.0}  # fmt: skip


def test_everything_from_outside_is_escaped() -> None:
    page = render_audit_html(_report(TRUTH), HOSTILE)
    assert "<script" not in page
    assert page.count("&lt;script&gt;") >= 5
    assert "http" not in page.replace("http://www.w3.org/2000/svg", "")
    assert "Ground truth: labels (1,234 members)." in page


def test_one_chart_per_stepwise_probe_with_a_point_per_step() -> None:
    charts = probe_exposure_charts(_report(TRUTH))
    assert len(charts) == 1  # view_one_member has one step: no time axis
    series = re.findall(r'<g class="series" data-surface="([^"]+)">', charts[0])
    assert series == ["feed", "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"]
    assert "feed, 3 follows, before guards: 30.0% (3/10)" in charts[0]
    assert "feed, 3 follows, after guards: 0.0% (0/10)" in charts[0]
    assert charts[0].count('class="arm-after" fill="none" stroke="#3b6ea8" stroke-width="1.5" '
                           'stroke-dasharray="5,3"') == 1  # fmt: skip


def test_a_sampled_truth_says_its_coverage_and_how_the_interval_widens() -> None:
    sampled = {**TRUTH, "sampled": True, "coverage": 0.25, "members": 40}
    page = render_audit_html(_report(sampled), "guard")
    assert "Ground truth: labels (40 members, a sample covering 25.0% of the members)." in page
    assert "scale the sampled hits by 1 / 25.0%" in page
    assert "estimated unguarded" in page
    assert "estimated unguarded" in page
    assert "observed share of" in page


def test_a_series_must_have_a_share_per_tick() -> None:
    chart = LineChart("t", ["1", "2"], "steps", ["before"], [Series("feed", {"before": [0.1]})])
    with pytest.raises(ValueError, match="1 shares for 2 ticks"):
        line_chart(chart)
