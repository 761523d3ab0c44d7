"""Batch engines: the heavy stages of ``scan`` (embedded DuckDB default; Spark optional)."""

from netbrake.engines.base import Engine
from netbrake.engines.embedded import EmbeddedEngine

__all__ = ["EmbeddedEngine", "Engine"]
