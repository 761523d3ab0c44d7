"""Detection scenarios: networks planted into real social graphs, scanned and scored.

An evaluation independent of synth's own assumptions (F10: a
network is mapped from few seeds; mapping must not flood nor take bystanders). A scenario is a deterministic function of (backdrop, scenario,
seed): a real graph's structure becomes ordinary accounts (``backdrop``,
``catalog``), a network is planted as new accounts with the confounders a
real platform has (``plant``, ``network``, ``spec``), the result is written as a
contract export with ground truth (``export``), scanned through the library
and scored against the targets (``run``, ``score``).
``python -m benchmarks detection`` prints the table; ``tests/scenarios`` asserts
the targets (marker ``detection_targets``).
"""

from netbrake.scenarios.backdrop import Backdrop, read_gt
from netbrake.scenarios.catalog import (
    BACKDROPS,
    BENCHMARK_BACKDROPS,
    TEST_BACKDROP,
    BackdropMissing,
    backdrop_dir,
    load_backdrop,
    missing_reason,
)
from netbrake.scenarios.export import write
from netbrake.scenarios.impressions import with_impressions
from netbrake.scenarios.plant import Scenario, plant
from netbrake.scenarios.run import Scanner, evaluate, evaluate_synth
from netbrake.scenarios.score import Score, measure
from netbrake.scenarios.spec import SCENARIOS, PlantSize, ScenarioSpec, SellerText

__all__ = [
    "BACKDROPS",
    "BENCHMARK_BACKDROPS",
    "SCENARIOS",
    "TEST_BACKDROP",
    "Backdrop",
    "BackdropMissing",
    "PlantSize",
    "Scanner",
    "Scenario",
    "ScenarioSpec",
    "Score",
    "SellerText",
    "backdrop_dir",
    "evaluate",
    "evaluate_synth",
    "load_backdrop",
    "measure",
    "missing_reason",
    "plant",
    "read_gt",
    "with_impressions",
    "write",
]
