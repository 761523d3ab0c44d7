"""Live mode on Spark Structured Streaming: the same incremental job, scaled out (F9).

The embedded path tails a folder with :class:`netbrake.live.FolderTail`; this
runs a Structured Streaming query over the same folder (Spark's file source,
JSON lines as text) and hands every micro-batch to the same
:meth:`netbrake.live.LiveService.ingest`: the export contract's validation,
the durable event log, quarantine with a reason, and the incremental apply.
Nothing about the state is Spark-specific, so the two paths agree (a test
feeds one folder to both and compares event logs, quarantine and flags).

Exactly once: Spark's checkpoint records which files a micro-batch took; a
batch replayed after a crash appends events whose ids the log already holds,
which are refused as duplicates (idempotent), so nothing is applied twice.

Spark's file source reads each file once, whole: files must appear atomically
(written elsewhere, then moved into the folder), unlike the embedded tail,
which follows a file as it grows. In production the source is Kafka: pass
``reader=kafka_reader(servers, topic)`` (needs Spark's Kafka package,
``spark.jars.packages=org.apache.spark:spark-sql-kafka-0-10_2.13:<spark version>``);
its records' ``value`` is one event's JSON.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from netbrake.live.service import LiveService

#: Builds the streaming DataFrame (one string column ``value`` per event, optionally
#: ``file``) from a Spark session.
Reader = Callable[[Any], Any]


def folder_reader(folder: Path, files_per_batch: int = 1) -> Reader:
    """Spark's file source over ``folder``'s ``*.jsonl`` files, oldest first, one file a batch
    by default (files keep their order, as the embedded tail reads them)."""

    def read(spark: Any) -> Any:
        from pyspark.sql import functions as sf

        return (
            spark.readStream.option("maxFilesPerTrigger", files_per_batch)
            .option("pathGlobFilter", "*.jsonl")
            .text(str(folder))
            .select(sf.input_file_name().alias("file"), "value")
        )

    return read


def kafka_reader(servers: str, topic: str, **options: str) -> Reader:
    """Spark's Kafka source: each record's value is one event's JSON."""

    def read(spark: Any) -> Any:
        from pyspark.sql import functions as sf

        stream = spark.readStream.format("kafka")
        for key, value in {
            "kafka.bootstrap.servers": servers,
            "subscribe": topic,
            **options,
        }.items():
            stream = stream.option(key, value)
        frame = stream.load()
        return frame.select(
            sf.concat_ws(
                ":", sf.lit("kafka"), sf.col("topic"), sf.col("partition").cast("string")
            ).alias("file"),
            sf.col("value").cast("string").alias("value"),
        )

    return read


def ingest_batch(service: LiveService, rows: list[tuple[str, str]], batch_id: int) -> int:
    """Append one micro-batch of ``(file, line)`` rows, file by file in order; lines appended."""
    done = 0
    at = 0
    while at < len(rows):
        source = rows[at][0]
        end = at
        while end < len(rows) and rows[end][0] == source:
            end += 1
        name = source.rsplit("/", 1)[-1] or f"spark-batch-{batch_id}"
        service.ingest([line for _, line in rows[at:end]], name)
        done += end - at
        at = end
    return done


def run_stream(
    service: LiveService,
    reader: Reader,
    checkpoint: Path,
    spark: Any | None = None,
    *,
    available_now: bool = True,
    processing_time: str = "1 second",
) -> Any:
    """Start the streaming query; with ``available_now`` it drains what is there and stops
    (call ``.awaitTermination()`` on the answer), else it runs every ``processing_time``."""
    if spark is None:
        from netbrake.engines import start_session

        spark = start_session()

    def each(frame: Any, batch_id: int) -> None:
        rows = [(str(r["file"] or ""), str(r["value"])) for r in frame.collect()]
        ingest_batch(service, rows, batch_id)

    writer = (
        reader(spark).writeStream.foreachBatch(each).option("checkpointLocation", str(checkpoint))
    )
    writer = (
        writer.trigger(availableNow=True)
        if available_now
        else writer.trigger(processingTime=processing_time)
    )
    return writer.start()
