"""Batch engines: the heavy stages of ``scan`` (embedded DuckDB default; Spark optional)."""

from netbrake.engines.base import Engine
from netbrake.engines.embedded import EmbeddedEngine
from netbrake.engines.spark.session import start_session

__all__ = ["EmbeddedEngine", "Engine", "start_session"]
