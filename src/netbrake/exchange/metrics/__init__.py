"""Transparency figures: prevalence of violating views, actions, proactive rate, appeals."""

from netbrake.exchange.metrics.charts import console_bar_chart, svg_bar_chart
from netbrake.exchange.metrics.prevalence import (
    Prevalence,
    clopper_pearson,
    estimate,
    one_sided_upper,
    sample_prevalence,
    zero_hit_upper_bound,
)
from netbrake.exchange.metrics.report import TransparencyReport, build_report, read_view_log

__all__ = [
    "Prevalence",
    "TransparencyReport",
    "build_report",
    "clopper_pearson",
    "console_bar_chart",
    "estimate",
    "one_sided_upper",
    "read_view_log",
    "sample_prevalence",
    "svg_bar_chart",
    "zero_hit_upper_bound",
]
