"""``netbrake serve`` (the HTTP API and the reviewer console) and ``netbrake user add``."""

from __future__ import annotations

import getpass
import sys
from pathlib import Path
from typing import Annotated

import typer

from netbrake.cli.output import emit_json, info
from netbrake.cli.settings import settings
from netbrake.reports import add_reviewer
from netbrake.store import Store

user_app = typer.Typer(help="Reviewer console users.", no_args_is_help=True)


def serve(
    ctx: typer.Context,
    host: Annotated[
        str, typer.Option(help="Interface to listen on (loopback by default).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    results: Annotated[
        Path | None, typer.Option("--results", help="Scan results shown by the console.")
    ] = None,
    reporter_per_minute: Annotated[
        float, typer.Option(help="Reports per minute per reporter before HTTP 429 (0: no limit).")
    ] = 60.0,
    triage_interval: Annotated[
        float, typer.Option(help="Seconds between triage rounds (0: no triage worker).")
    ] = 1.0,
) -> None:
    """Serve the JSON API (/v1, /docs), the reviewer console (/console) and /healthz."""
    import uvicorn

    from netbrake.api import ApiConfig, Limits, create_app

    opts = settings(ctx)
    limits = Limits(reporter_per_minute=reporter_per_minute or None)
    app = create_app(
        ApiConfig(
            db_url=opts.db_url,
            results_dir=results,
            policy_path=opts.policy,
            limits=limits,
            triage_interval=triage_interval,
        )
    )
    info(opts, f"netbrake serving on http://{host}:{port}/console (API docs: /docs)")
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level="warning" if opts.quiet else "info",
        access_log=opts.verbose > 0,
    )


@user_app.command("add")
def user_add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="User name.")],
    role: Annotated[
        list[str], typer.Option("--role", help="reviewer, child_safety, lead or admin; repeatable.")
    ],
    password: Annotated[
        str | None,
        typer.Option(help="Password (for scripts and tests); default: read from stdin."),
    ] = None,
) -> None:
    """Create a console user, or set a new password and roles; only a salted hash is kept."""
    opts = settings(ctx)
    if password is None:
        password = (
            getpass.getpass("password: ")
            if sys.stdin.isatty()
            else sys.stdin.readline().rstrip("\n")
        )
    with Store.open(opts.db_url) as store:
        reviewer = add_reviewer(store, name, password, role, actor=f"cli:{getpass.getuser()}")
    if opts.json:
        emit_json({"user": reviewer.name, "roles": sorted(reviewer.roles)})
    else:
        info(opts, f"user {reviewer.name}: {', '.join(sorted(reviewer.roles))}")


def register(app: typer.Typer) -> None:
    app.command()(serve)
    app.add_typer(user_app, name="user")
