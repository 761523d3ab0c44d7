"""``netbrake serve`` (the HTTP API and the reviewer console) and ``netbrake user add``.

With ``--workers N`` (N > 1) uvicorn runs N processes; each builds its own app
with :func:`worker_app` from the options the parent puts in
:data:`CONFIG_ENV`. The parent migrates the store and creates the data
directory's secret first, so that workers starting together never race on
either. SQLite serves several processes (WAL, busy timeout); an in-memory
store cannot be shared and is refused.
"""

from __future__ import annotations

import getpass
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from netbrake.cli.output import emit_json, info
from netbrake.cli.settings import settings
from netbrake.errors import InputError
from netbrake.home import load_secret
from netbrake.reports import add_reviewer
from netbrake.store import Store, is_memory, normalise_url

if TYPE_CHECKING:
    from fastapi import FastAPI

    from netbrake.api import ApiConfig

#: Environment variable carrying ``serve``'s options (JSON) from the parent to its workers.
CONFIG_ENV = "NETBRAKE_SERVE_CONFIG"

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
    workers: Annotated[
        int,
        typer.Option(
            min=1,
            help="Server processes sharing the port (rate limits then apply per process).",
        ),
    ] = 1,
    banks: Annotated[
        Path | None,
        typer.Option(
            "--banks",
            help="Hash bank folder of the media and HMA routes (default: <data dir>/banks).",
        ),
    ] = None,
) -> None:
    """Serve the JSON API (/v1, /docs), the reviewer console (/console) and /healthz."""
    import uvicorn

    opts = settings(ctx)
    options: dict[str, Any] = {
        "db_url": opts.db_url,
        "results": None if results is None else str(results),
        "policy": None if opts.policy is None else str(opts.policy),
        "banks": None if banks is None else str(banks),
        "reporter_per_minute": reporter_per_minute,
        "triage_interval": triage_interval,
    }
    # The access log costs a formatted line per request: only with -v.
    server: dict[str, Any] = {
        "host": host,
        "port": port,
        "log_level": "warning" if opts.quiet else "info",
        "access_log": opts.verbose > 0,
    }
    options["workers"] = workers
    if workers == 1:
        app = _app(options)
        info(opts, f"netbrake serving on http://{host}:{port}/console (API docs: /docs)")
        uvicorn.run(app, **server)
        return
    if is_memory(normalise_url(opts.db_url)):
        raise InputError(f"--workers {workers} needs a store on disk, not {opts.db_url}")
    Store.open(opts.db_url).close()  # migrate (SQLite) or check the schema once, here
    load_secret()  # create the secret file before the workers read it
    os.environ[CONFIG_ENV] = json.dumps(options)
    info(opts, f"netbrake serving on http://{host}:{port}/console with {workers} workers")
    uvicorn.run(f"{__name__}:worker_app", factory=True, workers=workers, **server)


def _config(options: dict[str, Any]) -> ApiConfig:
    from netbrake.api import ApiConfig, Limits

    return ApiConfig(
        db_url=options["db_url"],
        results_dir=None if options["results"] is None else Path(options["results"]),
        policy_path=None if options["policy"] is None else Path(options["policy"]),
        banks_dir=None if options.get("banks") is None else Path(options["banks"]),
        limits=Limits(reporter_per_minute=options["reporter_per_minute"] or None),
        triage_interval=options["triage_interval"],
        # Live mode keeps its state in the one process that applies the log.
        live=options.get("workers", 1) == 1,
        live_folder=Path(options["live_folder"]) if options.get("live_folder") else None,
        live_engine=options.get("live_engine", "embedded"),
    )


def _app(options: dict[str, Any]) -> FastAPI:
    from netbrake.api import create_app

    return create_app(_config(options))


def worker_app() -> FastAPI:
    """The app of one ``serve --workers`` process, from the options in :data:`CONFIG_ENV`."""
    return _app(json.loads(os.environ[CONFIG_ENV]))


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
