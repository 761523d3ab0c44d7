"""Global command-line options, shared by every command through Typer's context."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import typer

from netbrake.home import default_db_url


@dataclass
class Settings:
    """What the global options say: output form, verbosity, policy, store and engine."""

    json: bool = False
    quiet: bool = False
    verbose: int = 0
    policy: Path | None = None
    db: str | None = None
    engine: str = "duckdb"

    @property
    def db_url(self) -> str:
        return self.db or default_db_url()


def settings(ctx: typer.Context) -> Settings:
    """The settings of the running command (defaults outside a CLI run, e.g. in tests)."""
    root = ctx.find_root()
    obj = root.obj
    if not isinstance(obj, Settings):
        obj = Settings()
        root.obj = obj
    return obj
