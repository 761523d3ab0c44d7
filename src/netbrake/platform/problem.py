"""A quarantine record: one problem with one row of one input file."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class Problem:
    """Why a row was quarantined: ``file``, 1-based data ``row``, ``column``, a sentence.

    ``row`` counts data records (the header of a CSV file is not a row), so
    row 1 is the first record in every format. ``value`` is a short excerpt of
    the offending value, omitted for raw identifiers (never written anywhere).
    """

    table: str
    file: str
    row: int | None
    column: str | None
    reason: str
    kind: str
    value: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}

    def one_line(self) -> str:
        where = self.file if self.row is None else f"{self.file}, row {self.row}"
        if self.column:
            where += f", field '{self.column}'"
        return f"{where}: {self.reason}"
