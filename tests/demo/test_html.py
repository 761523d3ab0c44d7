"""The HTML report: self-contained, escaped, every F1-F10 row with a figure or a reason."""

from __future__ import annotations

import dataclasses
import re

import pyarrow.parquet as pq
import pytest

from netbrake.demo import DemoRun, failure_rows, render_report

HOSTILE = '<script>alert("x")</script><img src="https://tracker.example/p.gif">'


def test_report_is_self_contained(demo_run: DemoRun) -> None:
    html = demo_run.report.read_text(encoding="utf-8")
    assert "<script" not in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    assert not re.search(r"<link\b", html)
    assert "@import" not in html
    assert html.count("<svg") >= 4


def test_every_failure_row_is_present_with_a_figure(demo_run: DemoRun) -> None:
    html = demo_run.report.read_text(encoding="utf-8")
    rows = failure_rows(demo_run.findings)
    assert [r.code for r in rows] == [f"F{i}" for i in range(1, 11)]
    for r in rows:
        assert f'id="row-{r.code}"' in html
        assert r.figure
        assert r.measured, r.figure


def test_text_from_outside_is_escaped(demo_run: DemoRun) -> None:
    findings = dataclasses.replace(
        demo_run.findings,
        guard=HOSTILE,
        scan={**demo_run.findings.scan, "mapping": HOSTILE},
        console_url="javascript:alert(1)",
    )
    html = render_report(findings)
    assert "<script" not in html
    assert "&lt;script&gt;" in html
    assert 'src="https://tracker.example' not in html
    assert "javascript:" not in html


@pytest.mark.parametrize(
    ("field", "code"),
    [("hashes", "F8"), ("reports", "F7")],
)
def test_missing_evidence_says_not_measured_and_why(
    demo_run: DemoRun, field: str, code: str
) -> None:
    findings = dataclasses.replace(demo_run.findings, **{field: None})
    row = next(r for r in failure_rows(findings) if r.code == code)
    assert not row.measured
    assert row.figure.startswith("not measured in this run: ")
    assert f'id="row-{code}" class="unmeasured"' in render_report(findings)


def test_audit_without_probes_is_reported_as_not_measured(demo_run: DemoRun) -> None:
    audit = dataclasses.replace(
        demo_run.findings.audit,
        exposures=(),
        contamination=(),
        text_surfaces=(),
        time_to_exposure=(),
    )
    findings = dataclasses.replace(demo_run.findings, audit=audit)
    rows = {r.code: r for r in failure_rows(findings)}
    for code in ("F1", "F2", "F3", "F4", "F9"):
        assert not rows[code].measured
    html = render_report(findings)
    assert 'id="chart-exposure"' not in html


def test_exposure_names_the_truth_and_charts_each_surface_over_the_follows(
    demo_run: DemoRun,
) -> None:
    html = demo_run.report.read_text(encoding="utf-8")
    labels = pq.read_table(demo_run.export / "labels.parquet").to_pylist()
    members = sum(r["role"] not in ("benign", "watchdog", "touched") for r in labels)
    exposure = html[html.index('<section id="exposure">') : html.index('<section id="search">')]
    truth = re.search(r'<p data-testid="truth">(.*?)</p>', exposure, re.S)
    assert truth is not None
    assert f"Ground truth: labels ({members:,} members)." in truth.group(1)
    assert "95% intervals of the probe sample" in truth.group(1)
    charts = re.findall(r'<svg [^>]*class="exposure-chart".*?</svg>', exposure, re.S)
    audit = demo_run.findings.audit
    # Following members and the same after the takedown, for each reference recommender.
    assert len(charts) == 2 * len(audit.recommenders)
    steps = demo_run.findings.follow_steps
    for svg in charts:
        series = re.findall(r'<g class="series" data-surface="([a-z_]+)">(.*?)</g>', svg, re.S)
        assert [s for s, _ in series] == ["suggested_accounts", "feed"]
        for _, body in series:
            for arm in ("before", "after"):
                line = re.search(rf'<polyline class="arm-{arm}"[^>]* points="([^"]+)"', body)
                assert line is not None
                assert len(line.group(1).split()) == steps
