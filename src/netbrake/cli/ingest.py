"""``netbrake ingest``: validate an export into a clean dataset with a quarantine."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from netbrake.cli.output import emit_json, info, key_value_table, stages, stdout
from netbrake.cli.settings import settings
from netbrake.home import load_secret
from netbrake.platform import ingest as run_ingest


def ingest(
    ctx: typer.Context,
    source: Annotated[Path, typer.Argument(help="Export folder: one file per table.")],
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Clean dataset folder (default: SOURCE/clean)."),
    ] = None,
    max_bad_fraction: Annotated[
        float,
        typer.Option(help="Fail (exit 3) when a table's share of quarantined rows exceeds this."),
    ] = 0.01,
) -> None:
    """Validate every row of an export; write clean Parquet, quarantine.jsonl and a summary."""
    opts = settings(ctx)
    target = out or source / "clean"
    with stages(opts) as progress:
        result = run_ingest(
            source,
            target,
            secret=load_secret(),
            max_bad_fraction=max_bad_fraction,
            on_table=lambda name: progress.start(f"ingest {name}"),
        )
    summary = result.summary()
    if opts.json:
        emit_json(summary)
        return
    rows = {
        name: f"{t['rows_ok']:,} ok, {t['rows_quarantined']:,} quarantined"
        for name, t in summary["tables"].items()
    }
    stdout.print(key_value_table(f"ingest {source} -> {target}", rows))
    info(opts, f"quarantine: {result.quarantine_path} ({result.rows_quarantined:,} rows)")


def register(app: typer.Typer) -> None:
    app.command()(ingest)
