"""Printing results: JSON for machines, Rich tables for people, progress only on a terminal.

Long work shows a progress bar on an interactive terminal and stays silent in
pipes and CI (docs/architecture.md, "Command line").
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from netbrake.cli.settings import Settings

stdout = Console(soft_wrap=True)
stderr = Console(stderr=True, soft_wrap=True)


def interactive() -> bool:
    """True on a terminal outside CI: the only place progress bars are drawn."""
    return sys.stderr.isatty() and not os.environ.get("CI")


def emit_json(value: Any) -> None:
    """One JSON document on stdout, keys in a stable order, non-ASCII kept."""
    sys.stdout.write(json.dumps(value, ensure_ascii=False, sort_keys=False, default=str) + "\n")


def emit_jsonl(value: Any) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, default=str) + "\n")


def info(settings: Settings, message: str) -> None:
    """A human message on stderr, unless ``-q``; printed as is (paths and extras such as
    ``netbrake[video]`` hold brackets that Rich would read as markup)."""
    if not settings.quiet:
        stderr.print(message, highlight=False, markup=False)


def key_value_table(title: str, rows: Mapping[str, Any]) -> Table:
    table = Table(title=title, show_header=False, title_justify="left")
    table.add_column("what", style="bold")
    table.add_column("value", justify="right")
    for key, value in rows.items():
        table.add_row(key, f"{value:,}" if isinstance(value, int) else str(value))
    return table


class Stages:
    """A progress display of named stages; silent when not interactive or ``-q``."""

    def __init__(self, progress: Progress | None):
        self._progress = progress
        self._task: Any = None

    def start(self, name: str, total: float | None = None) -> None:
        if self._progress is None:
            return
        if self._task is not None:
            self._progress.update(self._task, completed=self._progress.tasks[-1].total or 1)
        self._task = self._progress.add_task(name, total=total)

    def advance(self, amount: float = 1) -> None:
        if self._progress is not None and self._task is not None:
            self._progress.advance(self._task, amount)


@contextmanager
def stages(settings: Settings) -> Iterator[Stages]:
    if settings.quiet or settings.json or not interactive():
        yield Stages(None)
        return
    progress = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        TimeElapsedColumn(),
        console=stderr,
        transient=False,
    )
    with progress:
        yield Stages(progress)
