"""``netbrake synth``: write a synthetic platform export with planted networks and labels."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from netbrake.cli.output import emit_json, info, key_value_table, stages, stdout
from netbrake.cli.settings import settings
from netbrake.errors import InputError
from netbrake.synth import SynthConfig, generate


def synth(
    ctx: typer.Context,
    accounts: Annotated[int, typer.Option("--accounts", "-n", help="Number of accounts.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Export folder to write.")],
    seed: Annotated[int, typer.Option(help="Random seed: the same seed gives the same files.")] = 0,
    fmt: Annotated[
        str, typer.Option("--format", help="Table file format: parquet, csv or jsonl.")
    ] = "parquet",
    indicator_rate: Annotated[
        float,
        typer.Option(help="Share of network members whose text carries any indicator (0-1)."),
    ] = 0.5,
    edges_per_account: Annotated[
        float, typer.Option(help="Mean benign interactions per account.")
    ] = 20.0,
    posts_per_account: Annotated[float, typer.Option(help="Mean posts per benign account.")] = 1.0,
    networks: Annotated[
        int | None, typer.Option(help="Planted networks (default: scales with --accounts).")
    ] = None,
    watchdogs: Annotated[
        int | None, typer.Option(help="Watchdog accounts (default: scales with --accounts).")
    ] = None,
    impressions: Annotated[
        int, typer.Option(help="Rows of an impressions table (what the surfaces showed); 0: none.")
    ] = 0,
    impression_guard_recall: Annotated[
        float,
        typer.Option(
            help="Share of member impressions the simulated guard log (guard_action) suppresses."
        ),
    ] = 0.9,
) -> None:
    """Generate a synthetic platform export (ground truth in labels) into OUT."""
    opts = settings(ctx)
    if out.exists() and not out.is_dir():
        raise InputError(f"{out}: exists and is not a folder")
    config = SynthConfig(
        accounts=accounts,
        seed=seed,
        indicator_rate=indicator_rate,
        edges_per_account=edges_per_account,
        posts_per_account=posts_per_account,
        networks=networks,
        watchdogs=watchdogs,
        impressions=impressions,
        impression_guard_recall=impression_guard_recall,
    )
    with stages(opts) as progress:
        progress.start(f"synth {accounts:,} accounts")
        summary = generate(config, out, fmt)
    if opts.json:
        emit_json(summary.to_json())
        return
    rows = {f"{name} rows": count for name, count in summary.rows.items()}
    rows.update({f"role {role}": count for role, count in summary.roles.items()})
    rows["networks"] = len(summary.networks)
    rows["planted indicators"] = summary.planted_indicators
    stdout.print(key_value_table(f"synth -> {out}", rows))
    info(opts, f"labels: {out / ('labels.' + fmt)}; known hashes: {out / 'known_hashes.csv'}")


def register(app: typer.Typer) -> None:
    app.command()(synth)
