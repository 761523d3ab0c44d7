"""The ``scan`` pipeline: from a platform export to a RESULTS folder (docs/results.md)."""

from netbrake.scan.evaluation import evaluate
from netbrake.scan.pipeline import STAGES, ScanRequest, StageClock, read_seeds, scan
from netbrake.scan.record import record_plan
from netbrake.scan.results import DATASET_DIR
from netbrake.scan.settings import DEFAULT_KIND_WEIGHTS, PipelineSettings

__all__ = [
    "DATASET_DIR",
    "DEFAULT_KIND_WEIGHTS",
    "STAGES",
    "PipelineSettings",
    "ScanRequest",
    "StageClock",
    "evaluate",
    "read_seeds",
    "record_plan",
    "scan",
]
