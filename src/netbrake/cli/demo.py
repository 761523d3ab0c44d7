"""``netbrake demo``: the whole pipeline on a synthetic platform, an HTML report, then the console.

synth -> scan -> eval -> audit -> hash matching -> ``DIR/report.html``;
then, unless ``--no-serve``, ``netbrake serve`` on the scan results with a
demo reviewer account in the demo's own SQLite store.
"""

from __future__ import annotations

import dataclasses
import importlib
import secrets
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from netbrake.cli.output import emit_json, info, key_value_table, stages, stdout
from netbrake.cli.settings import Settings, settings
from netbrake.errors import InputError

if TYPE_CHECKING:
    from netbrake.demo import DemoRun

DEMO_USER = "demo"


def demo(
    ctx: typer.Context,
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Folder for everything the demo writes.")
    ] = Path("demo-output"),
    accounts: Annotated[
        int | None,
        typer.Option(
            help="Synthetic accounts (default 20,000: under a minute on 2 cores).", min=1_000
        ),
    ] = None,
    seed: Annotated[
        int, typer.Option(help="Seed: the same seed gives the same figures.", min=0)
    ] = 0,
    no_serve: Annotated[
        bool, typer.Option("--no-serve", help="Stop after the report (for scripts and CI).")
    ] = False,
    host: Annotated[
        str, typer.Option(help="Console interface (loopback by default).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Console TCP port.")] = 8000,
) -> None:
    """Generate a synthetic platform, find its networks, audit the guards, write report.html."""
    from netbrake.demo import DEFAULT_ACCOUNTS, DemoRequest, run_demo

    opts = settings(ctx)
    if out.exists() and not out.is_dir():
        raise InputError(f"{out}: exists and is not a folder")
    request = DemoRequest(
        out=out,
        accounts=accounts or DEFAULT_ACCOUNTS,
        seed=seed,
        policy_path=opts.policy,
        console_url=None if no_serve else f"http://{host}:{port}/console",
    )
    with stages(opts) as progress:
        run = run_demo(request, on_stage=progress.start)
    if opts.json:
        emit_json(run.summary())
    else:
        _print_summary(run)
    if no_serve:
        return
    _serve(ctx, opts, run, host, port)


def _print_summary(run: DemoRun) -> None:
    f = run.findings
    m = f.evaluation["membership"]
    u, g = f.unguarded_exposure(), f.guarded_exposure()
    rows = {
        "accounts": f.accounts,
        "planted / found members": f"{m['true_members']:,} / {m['found_members']:,}",
        "planted / found networks": f"{len(f.evaluation['networks'])} / {f.scan['networks']}",
        "membership precision / recall / F1": (
            f"{m['precision']:.3f} / {m['recall']:.3f} / {m['f1']:.3f}"
        ),
        "watchdogs classed as members": f.evaluation["watchdogs_as_members"],
        "suggestions that are members, no guards": f"{u.value:.1%} ({u.hits:,}/{u.trials:,})",
        "suggestions that are members, guarded": f"{g.value:.1%} ({g.hits:,}/{g.trials:,})",
    }
    if f.hashes is not None:
        rows["members found by hash / by network"] = (
            f"{f.hashes.hash_found} / {f.hashes.network_found} of {f.hashes.members_with_media}"
        )
    rows["seconds"] = " · ".join(f"{k} {v:.1f}" for k, v in run.seconds.items())
    stdout.print(key_value_table(f"netbrake demo (seed {f.seed})", rows))
    stdout.print(f"report: {run.report}", highlight=False)


def _serve(ctx: typer.Context, opts: Settings, run: DemoRun, host: str, port: int) -> None:
    """Start ``netbrake serve`` on the demo's store and results, with a demo reviewer."""
    # The service may be absent from an installation built without it: the
    # report is the demo's main output, so say so and finish cleanly instead of failing.
    try:
        serve_cli = importlib.import_module("netbrake.cli.serve")
        reports = importlib.import_module("netbrake.reports")
        store_module = importlib.import_module("netbrake.store")
    except ImportError as exc:
        info(
            opts,
            f"netbrake serve is not available in this installation ({exc}); the report is ready.",
        )
        return
    db_url = f"sqlite:///{(run.out / 'netbrake.sqlite').resolve()}"
    password = secrets.token_urlsafe(12)
    reports_file = run.export / "reports.parquet"
    with store_module.Store.open(db_url) as store:
        reports.add_reviewer(
            store, DEMO_USER, password, ["reviewer", "child_safety", "lead"], actor="cli:demo"
        )
        # The export's user reports fill the review queues, so the console shows F7's pipeline;
        # intake is idempotent by report id, so a second demo into one folder adds nothing.
        if reports_file.is_file():
            intake = reports.ingest_file(store, reports_file)
            queued = intake.stored + intake.repeated
            info(opts, f"{queued:,} user reports from the export are in the review queues")
    stdout.print(
        f"console: http://{host}:{port}/console  login: {DEMO_USER} / {password}  (Ctrl-C stops)",
        highlight=False,
    )
    ctx.find_root().obj = dataclasses.replace(opts, db=db_url)
    serve_cli.serve(ctx, host=host, port=port, results=run.results)


def register(app: typer.Typer) -> None:
    app.command()(demo)
