"""Transparency figures: prevalence intervals (checked by simulation), actions, charts."""

from __future__ import annotations

import json

import numpy as np
import pytest
from scipy import stats

from netbrake.exchange import read_results
from netbrake.exchange.metrics import (
    build_report,
    clopper_pearson,
    console_bar_chart,
    estimate,
    one_sided_upper,
    read_view_log,
    sample_prevalence,
    svg_bar_chart,
    zero_hit_upper_bound,
)


@pytest.mark.parametrize(
    ("hits", "n", "lower", "upper"),
    [
        # reference values of the exact binomial interval (beta quantiles), 95%
        (5, 100, 0.016431, 0.112836),
        (1, 10_000, 0.0000025318, 0.00055708),
        (50, 50, 0.928885, 1.0),
    ],
)
def test_clopper_pearson_reference_values(hits, n, lower, upper):
    lo, hi = clopper_pearson(hits, n)
    assert lo == pytest.approx(lower, rel=1e-4)
    assert hi == pytest.approx(upper, rel=1e-4)


def test_zero_hits_give_a_one_sided_upper_bound_close_to_the_rule_of_three():
    result = estimate(0, 30_000)
    assert result.lower == 0.0
    assert result.estimate == 0.0
    assert result.upper_one_sided == pytest.approx(zero_hit_upper_bound(30_000))
    assert result.upper_one_sided == pytest.approx(3 / 30_000, rel=0.01)
    assert result.upper > result.upper_one_sided  # the two-sided interval stays two-sided
    assert "one-sided" in result.method
    assert result.to_json()["upper_per_10000"] == pytest.approx(1.0, rel=0.01)


@pytest.mark.parametrize(("hits", "n"), [(0, 500), (3, 1000), (40, 200)])
def test_one_sided_bound_is_where_the_binomial_tail_is_alpha(hits, n):
    # definition of the exact bound: P(X <= hits | p = U) = alpha (reference: binomial CDF)
    assert stats.binom.cdf(hits, n, one_sided_upper(hits, n)) == pytest.approx(0.05, rel=1e-6)


def test_one_sided_bound_with_all_hits_is_one():
    assert one_sided_upper(7, 7) == 1.0


def _coverage(rate: float, n: int, seed: int = 20240601) -> tuple[float, float]:
    rng = np.random.default_rng(seed)
    two_sided = one_sided = 0
    for h in rng.binomial(n, rate, size=1000):
        result = estimate(int(h), n)
        two_sided += result.lower <= rate <= result.upper
        one_sided += rate <= result.upper_one_sided
    return two_sided / 1000, one_sided / 1000


# (1e-4, 30_000): three expected hits; zero hits in ~5% of samples -- the case that
# broke coverage when the one-sided bound replaced the two-sided upper end.
@pytest.mark.parametrize(("rate", "n"), [(1e-3, 5_000), (1e-4, 30_000), (0.02, 400), (0.3, 50)])
def test_interval_covers_the_true_rate_at_least_94_percent_of_1000_samples(rate, n):
    two_sided, one_sided = _coverage(rate, n)
    assert two_sided >= 0.94
    assert one_sided >= 0.94


def test_sampling_a_view_log_is_reproducible_and_bounded():
    flags = [i % 500 == 0 for i in range(100_000)]  # true rate 1/500
    first = sample_prevalence(flags, 20_000, seed=7)
    assert first == sample_prevalence(flags, 20_000, seed=7)
    assert first.sample_size == 20_000
    assert first.population == 100_000
    assert first.lower <= 1 / 500 <= first.upper
    assert sample_prevalence(flags, 10**9).sample_size == 100_000  # never more than the log


def test_view_log_is_judged_by_flag_or_by_actioned_account(write_results, tmp_path):
    results = read_results(write_results())
    log = tmp_path / "views.jsonl"
    rows = [{"violating": True}, {"account_id": "acc_seller_1"}, {"account_id": "acc_plain"},
            {"account_id": "acc_buyer_1"}, {"viewer": "x"}]  # fmt: skip
    log.write_text("\n".join(json.dumps(r) for r in rows) + "\nnot json\n", encoding="utf-8")
    views = read_view_log(log, results)
    assert views.violating == [True, True, False, True]
    assert [(p.row, p.column) for p in views.problems] == [(5, "account_id"), (6, None)]


def test_report_figures(write_results, fx):
    results = read_results(write_results())
    appeals = [{"decision_id": "dec-1", "outcome": "upheld"}, {"decision_id": "dec-2", "outcome": "reversed"},
               {"decision_id": "unknown", "outcome": "reversed"}]  # fmt: skip
    report = build_report(results, appeal_records=appeals).to_json()
    assert report["actions_by_type"]["report_clearinghouse"] == 2
    assert "none" not in report["actions_by_type"]
    assert report["actions_by_role"]["seller"]["safeguard"] == 1
    assert report["proactive"] == {"actioned": 3, "proactive": 2, "rate": pytest.approx(2 / 3)}
    assert report["time_to_action"]["measured"] == 2
    assert report["time_to_action"]["median_hours"] == pytest.approx((2.5 + 4.5) / 2)
    assert report["appeals"]["reversal_rate"] == pytest.approx(0.5)
    assert report["appeals"]["appeals"] == 2
    assert report["prevalence"] is None


def test_missing_optional_inputs_are_reported_as_unavailable(write_results, fx):
    minimal = {"decision_id": "m", "subject_id": "a", "actions": ["remove_account"],
               "created_at": "2024-06-02T00:00:00Z"}  # fmt: skip
    report = build_report(read_results(write_results([minimal], accounts=[]))).to_json()
    assert report["appeals"] == {"available": False}
    assert report["time_to_action"]["median_hours"] is None
    assert report["proactive"]["rate"] == 1.0


def test_svg_chart_is_inline_and_escaped():
    svg = svg_bar_chart("Actions <by> type", {"remove & report": 3, "restrict": 1.5})
    assert svg.startswith("<svg")
    assert svg.endswith("</svg>")
    assert "<script" not in svg
    assert "Actions &lt;by&gt; type" in svg
    assert "remove &amp; report" in svg
    assert svg.count("<rect") == 2


def test_console_chart_scales_bars():
    text = console_bar_chart("Actions", {"a": 4, "bb": 2}, width=8)
    lines = text.splitlines()
    assert lines[0] == "Actions"
    assert lines[1].count("█") == 8
    assert lines[2].count("█") == 4


def test_report_charts_include_prevalence(write_results, tmp_path):
    results = read_results(write_results())
    log = tmp_path / "views.jsonl"
    log.write_text(
        "\n".join(json.dumps({"violating": i == 0}) for i in range(1000)), encoding="utf-8"
    )
    report = build_report(results, read_view_log(log, results), sample_size=1000)
    assert report.prevalence is not None
    assert report.prevalence.hits == 1
    assert len(report.svg_charts()) == 3
    assert "per 10,000" in report.console_charts()
