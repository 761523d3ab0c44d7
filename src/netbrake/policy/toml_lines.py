"""Line numbers inside a TOML policy file, for error messages.

``tomllib`` reports line numbers only for syntax errors; validation errors
need the line of an entry (its ``[[lexicon]]`` or ``[[combination]]`` header) and of a field inside
it, which this module finds by reading the source lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TABLE = re.compile(r"^\s*\[")


@dataclass(frozen=True)
class EntryLines:
    """Where the n-th ``[[lexicon]]`` entry sits: header line and each field's line (1-based)."""

    header: int
    fields: dict[str, int]


def array_lines(source: str, name: str) -> list[EntryLines]:
    """One :class:`EntryLines` per ``[[name]]`` table, in file order."""
    header = re.compile(rf"^\s*\[\[\s*{re.escape(name)}\s*\]\]\s*(#.*)?$")
    entries: list[EntryLines] = []
    current: dict[str, int] | None = None
    for number, line in enumerate(source.splitlines(), start=1):
        if header.match(line):
            current = {}
            entries.append(EntryLines(number, current))
            continue
        if _TABLE.match(line):
            current = None
            continue
        if current is not None:
            key = re.match(r"^\s*([A-Za-z0-9_\-]+|\"[^\"]+\")\s*=", line)
            if key:
                current.setdefault(key.group(1).strip('"'), number)
    return entries


def section_line(source: str, name: str) -> int | None:
    """The line of a top-level ``[name]`` table, or ``None``."""
    pattern = re.compile(rf"^\s*\[\s*{re.escape(name)}\s*\]")
    for number, line in enumerate(source.splitlines(), start=1):
        if pattern.match(line):
            return number
    return None


def key_line(source: str, table: str, key: str) -> int | None:
    """The line of ``key = ...`` inside the ``[table]`` table (dotted name), or ``None``."""
    header = re.compile(rf"^\s*\[\s*{re.escape(table)}\s*\]\s*(#.*)?$")
    assignment = re.compile(rf"^\s*\"?{re.escape(key)}\"?\s*=")
    inside = False
    for number, line in enumerate(source.splitlines(), start=1):
        if _TABLE.match(line):
            inside = bool(header.match(line))
            continue
        if inside and assignment.match(line):
            return number
    return None
