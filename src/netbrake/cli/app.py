"""The ``netbrake`` Typer application and its entry point.

Each command module exposes ``register(app)``; built-in commands are added
through that one extension point, listed in :data:`COMMAND_MODULES`.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Annotated

import typer

from netbrake import __version__
from netbrake.cli.settings import Settings
from netbrake.errors import NetbrakeError

#: Command modules, each with a ``register(app)`` function. Add new ones here.
COMMAND_MODULES: tuple[str, ...] = (
    "netbrake.cli.audit",
    "netbrake.cli.demo",
    "netbrake.cli.exchange",
    "netbrake.cli.guard",
    "netbrake.cli.ingest",
    "netbrake.cli.media",
    "netbrake.cli.policy",
    "netbrake.cli.scan",
    "netbrake.cli.reports",
    "netbrake.cli.serve",
    "netbrake.cli.store",
    "netbrake.cli.synth",
    "netbrake.cli.text",
)

app = typer.Typer(
    name="netbrake",
    help="Find, map and disrupt child-exploitation networks; guard discovery surfaces.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"netbrake {__version__}")
        raise typer.Exit()


@app.callback()
def _global_options(
    ctx: typer.Context,
    json_output: Annotated[
        bool, typer.Option("--json", help="Machine-readable JSON output.")
    ] = False,
    quiet: Annotated[bool, typer.Option("-q", "--quiet", help="Only results and errors.")] = False,
    verbose: Annotated[int, typer.Option("-v", "--verbose", count=True, help="More detail.")] = 0,
    policy: Annotated[
        Path | None,
        typer.Option("--policy", help="Policy TOML file layered over the default policy."),
    ] = None,
    db: Annotated[
        str | None,
        typer.Option("--db", envvar="NETBRAKE_DB", help="Operational store URL (SQLite default)."),
    ] = None,
    engine: Annotated[
        str, typer.Option("--engine", help="Batch engine: duckdb (default) or spark.")
    ] = "duckdb",
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    if engine not in ("duckdb", "spark"):
        raise typer.BadParameter(f"unknown engine '{engine}' (expected duckdb or spark)")
    ctx.obj = Settings(
        json=json_output, quiet=quiet, verbose=verbose, policy=policy, db=db, engine=engine
    )


for _module in COMMAND_MODULES:
    importlib.import_module(_module).register(app)


def main() -> None:
    """Run the CLI; a user-caused error prints one line and exits with its code."""
    try:
        app()
    except NetbrakeError as exc:
        sys.stderr.write(f"netbrake: error: {exc.one_line()}\n")
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        sys.stderr.write("netbrake: interrupted\n")
        sys.exit(130)
