"""Batch engines and the ``scan`` pipeline (embedded DuckDB default; Spark optional)."""

from netbrake.engines.base import Engine
from netbrake.engines.embedded import EmbeddedEngine
from netbrake.engines.pipeline import STAGES, ScanRequest, read_seeds, scan
from netbrake.engines.settings import DEFAULT_KIND_WEIGHTS, PipelineSettings

__all__ = [
    "DEFAULT_KIND_WEIGHTS",
    "STAGES",
    "EmbeddedEngine",
    "Engine",
    "PipelineSettings",
    "ScanRequest",
    "read_seeds",
    "scan",
]
