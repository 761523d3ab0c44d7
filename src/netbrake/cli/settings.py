"""Global command-line options, shared by every command through Typer's context.

The global options are declared once, on the root callback (``netbrake.cli.app``).
:class:`GlobalOptionsGroup` also accepts them after any subcommand, where users
type them (``netbrake scan EXPORT --engine spark``): each leaf command gets a
copy of every global option, and a value given there replaces the one given
before the subcommand (``-v`` counts add up).
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import Enum, StrEnum
from pathlib import Path
from typing import Any

import typer
from typer.core import TyperGroup

from netbrake.home import default_db_url

#: The help panel that lists the global options in a subcommand's ``--help``.
GLOBAL_PANEL = "Global options (also accepted before the command)"
#: Prefix of a global option's copy on a subcommand (never clashes with its own parameters).
_COPY = "global_option_"


class EngineName(StrEnum):
    """The batch engines ``--engine`` selects."""

    duckdb = "duckdb"
    spark = "spark"


@dataclass
class Settings:
    """What the global options say: output form, verbosity, policy, store and engine.

    Field names are the root callback's parameter names, so that a value given
    after a subcommand lands on the field of the same name.
    """

    json: bool = False
    quiet: bool = False
    verbose: int = 0
    policy: Path | None = None
    db: str | None = None
    engine: str = "duckdb"

    @property
    def db_url(self) -> str:
        return self.db or default_db_url()

    def given_after(self, values: dict[str, Any]) -> Settings:
        """These settings with options given after the subcommand applied over them."""
        changes: dict[str, Any] = {}
        for name, value in values.items():
            plain = value.value if isinstance(value, Enum) else value
            changes[name] = self.verbose + plain if name == "verbose" else plain
        return dataclasses.replace(self, **changes)


def settings(ctx: typer.Context) -> Settings:
    """The settings of the running command (defaults outside a CLI run, e.g. in tests)."""
    root = ctx.find_root()
    obj = root.obj
    if not isinstance(obj, Settings):
        obj = Settings()
        root.obj = obj
    return obj


def _leaves(group: Any) -> Iterator[Any]:
    for command in group.commands.values():
        if hasattr(command, "commands"):
            yield from _leaves(command)
        else:
            yield command


def _flags(param: Any) -> set[str]:
    return {*param.opts, *param.secondary_opts}


def _given_after(name: str) -> Callable[[typer.Context, Any, Any], Any]:
    """A copy's callback: a value typed after the subcommand updates the run's Settings."""

    def callback(ctx: typer.Context, param: Any, value: Any) -> Any:
        source = ctx.get_parameter_source(param.name)
        if source is not None and source.name == "COMMANDLINE":
            ctx.find_root().obj = settings(ctx).given_after({name: value})
        return value

    return callback


def _accept_global_options(command: Any, shared: list[Any]) -> None:
    """Give ``command`` a copy of each shared option that records its value in Settings."""
    taken = set().union(*(_flags(p) for p in command.params))
    for option in shared:
        if _flags(option) & taken:
            continue  # the command's own option of that name wins
        local = copy.copy(option)
        local.name = _COPY + option.name
        local.envvar = None  # the environment is read once, before the subcommand
        local.expose_value = False  # the command's function never sees it
        local.callback = _given_after(option.name)
        local.rich_help_panel = GLOBAL_PANEL
        command.params.append(local)


class GlobalOptionsGroup(TyperGroup):
    """The root group: its value options are also accepted after every leaf subcommand.

    Click parses a subcommand's options after the root callback has built the
    Settings, so each copy's callback sees them and replaces its own field.
    """

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        shared = global_options(self)
        for command in _leaves(self):
            _accept_global_options(command, shared)


def global_options(root: Any) -> list[Any]:
    """The root's options that set a value (not ``--version``, ``--help`` or completion,
    which act by themselves): the ones every subcommand also accepts."""
    return [
        p
        for p in root.params
        if p.param_type_name == "option"
        and p.expose_value
        and p.callback is None
        and not p.is_eager
        and p.name is not None
    ]
