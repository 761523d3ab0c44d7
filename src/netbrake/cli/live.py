"""``netbrake live``: the service with live mode in front, fed over HTTP and from a folder (F9).

The same app as ``netbrake serve`` (guards, reports, console) in one process,
with ``POST /v1/live/events`` and, with ``--folder``, a tail of the JSONL and
Parquet event files written there (with ``--engine spark``, a Spark Structured
Streaming query reads the folder's JSONL files instead). ``netbrake live --status`` prints the log's
offsets and the quarantine counts from the store; ``netbrake live --replay
DATASET`` appends an ingested export's rows (a scan's ``RESULTS/dataset``) to
the store's log as events in timestamp order (docs/live.md "Replay").
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Annotated, Any

import typer

from netbrake.cli.output import emit_json, info
from netbrake.cli.settings import settings
from netbrake.errors import InputError, Location


def live(
    ctx: typer.Context,
    folder: Annotated[
        Path | None, typer.Option("--folder", help="Folder of JSONL/Parquet event files to tail.")
    ] = None,
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    results: Annotated[
        Path | None, typer.Option("--results", help="Scan results live mode starts from.")
    ] = None,
    show_status: Annotated[
        bool, typer.Option("--status", help="Print the log's offsets and quarantine, then exit.")
    ] = False,
    replay: Annotated[
        Path | None,
        typer.Option(
            "--replay",
            help="Append an ingested export (a scan's RESULTS/dataset) to the log as events "
            "in timestamp order, then exit.",
        ),
    ] = None,
) -> None:
    """Serve the API with live mode: events over HTTP and from ``--folder``."""
    import uvicorn

    from netbrake.cli.serve import _app

    opts = settings(ctx)
    if show_status:
        status(ctx)
        return
    if replay is not None:
        replay_dataset(ctx, replay)
        return
    if folder is not None and not folder.is_dir():
        raise InputError("not a folder", Location(file=folder, field="--folder"))
    if opts.engine == "spark" and folder is None:
        raise InputError(
            "--engine spark reads a --folder of event files", Location(field="--folder")
        )
    options: dict[str, Any] = {
        "db_url": opts.db_url,
        "results": None if results is None else str(results),
        "policy": None if opts.policy is None else str(opts.policy),
        "reporter_per_minute": 0,
        "triage_interval": 1.0,
        "workers": 1,
        "live_folder": None if folder is None else str(folder),
        # --engine spark: a Structured Streaming query reads the folder instead of the tail
        "live_engine": "spark" if opts.engine == "spark" else "embedded",
    }
    app = _app(options)
    info(opts, f"netbrake live on http://{host}:{port}/v1/live/events")
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level="warning" if opts.quiet else "info",
        access_log=opts.verbose > 0,
    )


def status(ctx: typer.Context) -> None:
    """Offsets of the live event log and its quarantine, by reason."""
    from netbrake.live import CONSUMER, EventLog
    from netbrake.store import Store

    opts = settings(ctx)
    with Store.open(opts.db_url) as store:
        log = EventLog(store)
        found = {
            "last_offset": log.last_offset(),
            "applied_offset": log.offset(CONSUMER),
            "quarantine": dict(Counter(str(r["kind"]) for r in log.quarantine())),
        }
    if opts.json:
        emit_json(found)
    else:
        info(opts, " ".join(f"{k}={v}" for k, v in found.items()))


def replay_dataset(ctx: typer.Context, folder: Path) -> None:
    """Append the dataset's rows as live events; refused lines are quarantined and counted."""
    from netbrake.live import EventLog, events_from_export
    from netbrake.platform import Dataset
    from netbrake.store import Store

    opts = settings(ctx)
    dataset = Dataset.open(folder)
    source = f"replay:{folder}"
    accepted = 0
    refused: Counter[str] = Counter()
    first: tuple[str, str, str] | None = None
    with Store.open(opts.db_url) as store:
        log = EventLog(store)
        batch: list[str] = []
        line = 1
        for event in [*events_from_export(dataset), None]:
            if event is not None:
                batch.append(event)
            if batch and (event is None or len(batch) == 1000):
                result = log.append(batch, source, first_line=line)
                accepted += len(result.accepted)
                for r in result.rejected:
                    refused[r.kind] += 1
                    if first is None and r.kind != "duplicate":
                        first = (r.event_id or f"line {r.line}", r.field or "", r.reason)
                line += len(batch)
                batch = []
        found = {"accepted": accepted, "refused": dict(refused), "last_offset": log.last_offset()}
    if opts.json:
        emit_json(found)
    else:
        info(opts, " ".join(f"{k}={v}" for k, v in found.items()))
    if first is not None:
        raise InputError(
            f"{sum(refused.values())} events refused and quarantined "
            f"(GET /v1/live/quarantine); first: {first[2]}",
            Location(
                file=folder, field=f"event {first[0]}" + (f", {first[1]}" if first[1] else "")
            ),
        )


def register(app: typer.Typer) -> None:
    app.command()(live)
