"""The ``scan`` pipeline: from a platform export to a RESULTS folder (docs/results.md)."""

from netbrake.scan.pipeline import STAGES, ScanRequest, read_seeds, scan
from netbrake.scan.record import record_plan
from netbrake.scan.settings import DEFAULT_KIND_WEIGHTS, PipelineSettings

__all__ = [
    "DEFAULT_KIND_WEIGHTS",
    "STAGES",
    "PipelineSettings",
    "ScanRequest",
    "read_seeds",
    "record_plan",
    "scan",
]
