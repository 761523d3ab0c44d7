"""``netbrake live``: the service with live mode in front, fed over HTTP and from a folder (F9).

The same app as ``netbrake serve`` (guards, reports, console) in one process,
with ``POST /v1/live/events`` and, with ``--folder``, a tail of the JSONL and
Parquet event files written there (with ``--engine spark``, a Spark Structured
Streaming query reads the folder's JSONL files instead). ``netbrake live --status`` prints the log's
offsets and the quarantine counts from the store.
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
) -> None:
    """Serve the API with live mode: events over HTTP and from ``--folder``."""
    import uvicorn

    from netbrake.cli.serve import _app

    opts = settings(ctx)
    if show_status:
        status(ctx)
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


def register(app: typer.Typer) -> None:
    app.command()(live)
