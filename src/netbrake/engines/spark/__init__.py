"""The Spark engine (``--engine spark``, optional extra ``netbrake[spark]``).

The same batch stages as the embedded engine, as PySpark DataFrame jobs, with
the same in-process results. PySpark is imported only when a session starts.
"""

from netbrake.engines.spark.engine import DRIVER_EDGES, Neighbourhood, SparkEngine

__all__ = ["DRIVER_EDGES", "Neighbourhood", "SparkEngine"]
