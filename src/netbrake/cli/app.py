"""The ``netbrake`` Typer application and its entry point.

Each command module exposes ``register(app)``; built-in commands are added
through that one extension point, listed in :data:`COMMAND_MODULES`.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from netbrake import __version__
from netbrake.cli.settings import EngineName, GlobalOptionsGroup, Settings
from netbrake.errors import NetbrakeError

#: Command modules, each with a ``register(app)`` function. Add new ones here.
COMMAND_MODULES: tuple[str, ...] = (
    "netbrake.cli.audit",
    "netbrake.cli.demo",
    "netbrake.cli.exchange",
    "netbrake.cli.guard",
    "netbrake.cli.ingest",
    "netbrake.cli.live",
    "netbrake.cli.media",
    "netbrake.cli.policy",
    "netbrake.cli.scan",
    "netbrake.cli.reports",
    "netbrake.cli.serve",
    "netbrake.cli.store",
    "netbrake.cli.synth",
    "netbrake.cli.terms",
    "netbrake.cli.text",
)

app = typer.Typer(
    name="netbrake",
    cls=GlobalOptionsGroup,
    help="Find, map and disrupt child-exploitation networks; guard discovery surfaces.",
    no_args_is_help=True,
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
    json: Annotated[bool, typer.Option("--json", help="Machine-readable JSON output.")] = False,
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
        EngineName, typer.Option("--engine", help="Batch engine (duckdb: embedded).")
    ] = EngineName.duckdb,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    # Every option here is also accepted after a subcommand (GlobalOptionsGroup).
    ctx.obj = Settings(
        json=json, quiet=quiet, verbose=verbose, policy=policy, db=db, engine=engine.value
    )


for _module in COMMAND_MODULES:
    importlib.import_module(_module).register(app)


def _is_click_error(exc: BaseException) -> bool:
    """A usage or file error found by Click's parser (``ClickException``), whichever Click
    Typer runs on (Typer 0.29 ships its own copy, so the class is matched by name)."""
    return any(cls.__name__ == "ClickException" for cls in type(exc).__mro__)


def _usage_line(exc: Any) -> str:
    """A Click usage error as one line naming the command and where its help is."""
    ctx = getattr(exc, "ctx", None)
    where = ctx.command_path if ctx is not None else "netbrake"
    hint = f" (see {where} --help)" if hasattr(exc, "ctx") else ""
    return " ".join(f"{where}: {exc.format_message()}{hint}".split())


def main() -> None:
    """Run the CLI; a user-caused error prints one line and exits with its code."""
    try:
        code = app(standalone_mode=False)
    except NetbrakeError as exc:
        sys.stderr.write(f"netbrake: error: {exc.one_line()}\n")
        sys.exit(exc.exit_code)
    except (KeyboardInterrupt, typer.Abort):  # Abort: end of input at a prompt
        code = 130
    except Exception as exc:
        if not _is_click_error(exc):
            raise
        # No arguments: Typer has printed the help, which is the answer.
        if type(exc).__name__ != "NoArgsIsHelpError":
            sys.stderr.write(f"netbrake: error: {_usage_line(exc)}\n")
        sys.exit(int(getattr(exc, "exit_code", 2)))
    if code == 130:
        sys.stderr.write("netbrake: interrupted\n")
    sys.exit(code if isinstance(code, int) else 0)
