"""Errors a user can cause, reported as one line naming where, never a traceback.

A user-caused error names the file, row and field and exits
non-zero; internal errors keep their traceback. The CLI catches
:class:`NetbrakeError` only; everything else is a bug and propagates.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class NetbrakeError(Exception):
    """An error caused by input or configuration, with an exit code for the CLI."""

    exit_code: int = 2

    def one_line(self) -> str:
        """The message as the CLI prints it: a single line."""
        return " ".join(str(self).split())


@dataclass(frozen=True)
class Location:
    """Where in the user's input a problem is: file, 1-based row or line, field."""

    file: str | Path | None = None
    row: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        parts: list[str] = []
        if self.file is not None:
            parts.append(str(self.file))
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.field is not None:
            parts.append(f"field '{self.field}'")
        return ", ".join(parts)


class InputError(NetbrakeError):
    """Bad user input (a file, a value, an option), located as precisely as known."""

    def __init__(self, message: str, where: Location | None = None, *, exit_code: int = 2):
        self.message = message
        self.where = where or Location()
        self.exit_code = exit_code
        prefix = str(self.where)
        super().__init__(f"{prefix}: {message}" if prefix else message)


class ThresholdExceeded(NetbrakeError):
    """A run's share of bad rows passed the configured limit (exit code 3)."""

    exit_code = 3
