"""Live mode: platform events to changed guard decisions without a rescan (F6, F9, F10)."""

from netbrake.live.events import KINDS, Event, Rejection, parse_event
from netbrake.live.log import AppendResult, Effect, EventLog
from netbrake.live.replay import event_line, events_from_export
from netbrake.live.service import CONSUMER, LiveService
from netbrake.live.spark_stream import folder_reader, ingest_batch, kafka_reader, run_stream
from netbrake.live.state import Flag, LiveState
from netbrake.live.tail import FolderTail

__all__ = [
    "CONSUMER",
    "KINDS",
    "AppendResult",
    "Effect",
    "Event",
    "EventLog",
    "Flag",
    "FolderTail",
    "LiveService",
    "LiveState",
    "Rejection",
    "event_line",
    "events_from_export",
    "folder_reader",
    "ingest_batch",
    "kafka_reader",
    "parse_event",
    "run_stream",
]
