"""`ScanResults`: the one reader of a ``netbrake scan`` RESULTS folder (docs/results.md).

Every consumer (exchanges, console, ...) opens a RESULTS folder here, so they
share the file names and the errors: a missing folder or file, a truncated
Parquet or JSON file, a decision row that does not parse, or a folder written
by a newer results version is an :class:`~netbrake.errors.InputError` naming
the file, row and field (exit 2;), never a traceback.

Consumers that quarantine bad decision lines instead of failing (the
exchanges, docs/data-contract.md) read :meth:`ScanResults.decision_rows`;
the rest read :meth:`ScanResults.decisions`, which fails on the first bad row.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from netbrake.enforce import Decision
from netbrake.errors import InputError, Location
from netbrake.platform import Problem
from netbrake.results.decisions import read_decision
from netbrake.results.files import (
    ACCOUNTS_FILE,
    EDGES_FILE,
    ENFORCEMENT_FILE,
    EVIDENCE_FILE,
    HITS_FILE,
    MEDIA_MATCHES_FILE,
    NETWORKS_FILE,
    PERSONS_FILE,
    REPORT_CANDIDATES_FILE,
    RESULTS_VERSION,
    SUMMARY_FILE,
)
from netbrake.results.schema import FILE_SCHEMAS, VERSION_KEY

_HINT = "run `netbrake scan` first"


def _required(name: str) -> tuple[str, ...]:
    schema = FILE_SCHEMAS.get(name)
    return schema.required if schema is not None else ()


def _int(raw: bytes) -> object:
    try:
        return int(raw.decode("ascii"))
    except (UnicodeDecodeError, ValueError):
        return raw.decode("ascii", "replace")


@dataclass(frozen=True)
class DecisionRow:
    """One line of ``enforcement.jsonl``: its object, or why it is not one."""

    row: int
    data: dict[str, Any] | None
    error: str | None = None


@dataclass(frozen=True)
class ScanResults:
    """A RESULTS folder; each accessor reads (and checks) one file when called."""

    path: Path

    @classmethod
    def open(cls, path: Path | str) -> ScanResults:
        """The results in ``path``; a missing folder, or a newer results version, is an error."""
        folder = Path(path)
        if not folder.is_dir():
            raise InputError("results folder not found", Location(file=folder))
        results = cls(folder)
        if results.has(SUMMARY_FILE):
            version = results.summary().get("results_version", RESULTS_VERSION)
            if not isinstance(version, int) or version > RESULTS_VERSION:
                raise InputError(
                    f"results version {version!r} is newer than this netbrake reads "
                    f"({RESULTS_VERSION}); upgrade netbrake",
                    Location(folder / SUMMARY_FILE, field="results_version"),
                )
        if results.has(SUMMARY_FILE):
            files = results.summary().get("files", {})
            if isinstance(files, dict):
                for name, version in files.items():
                    results._check_version(
                        name, version, Location(folder / SUMMARY_FILE, field=f"files.{name}")
                    )
        return results

    def _check_version(self, name: str, version: object, where: Location) -> None:
        """Refuse a file newer than this netbrake reads, or older than it still reads."""
        schema = FILE_SCHEMAS.get(name)
        if schema is None:
            return
        if not isinstance(version, int) or isinstance(version, bool):
            raise InputError(f"file version {version!r} is not an integer", where)
        if version > schema.version:
            raise InputError(
                f"file version {version} is newer than this netbrake reads "
                f"({schema.version}); upgrade netbrake",
                where,
            )
        if version < schema.oldest:
            raise InputError(
                f"file version {version} is from an older results schema "
                f"(this netbrake reads {schema.oldest}-{schema.version}); scan again",
                where,
            )

    def file(self, name: str) -> Path:
        return self.path / name

    def has(self, name: str) -> bool:
        return self.file(name).is_file()

    def _require(self, name: str) -> Path:
        path = self.file(name)
        if not path.is_file():
            raise InputError(f"missing {name} ({_HINT})", Location(self.path))
        return path

    # -- tables ---------------------------------------------------------------

    def _table(
        self, name: str, columns: list[str] | None, filters: list[Any] | None = None
    ) -> pa.Table:
        path = self._require(name)
        try:
            schema = pq.read_schema(path)
            stamped = (schema.metadata or {}).get(VERSION_KEY)
            version: object = 1 if stamped is None else _int(stamped)
            self._check_version(name, version, Location(path, field="file_version"))
            wanted = columns if columns is not None else _required(name)
            missing = [c for c in wanted if c not in schema.names]
            if missing:
                raise InputError("column missing", Location(path, field=missing[0]))
            return pq.read_table(path, columns=columns, filters=filters)
        except (OSError, pa.ArrowException) as exc:
            raise InputError(
                f"not a readable Parquet file (truncated?): {exc}", Location(path)
            ) from exc

    def accounts(self, columns: list[str] | None = None) -> pa.Table:
        """``accounts.parquet``: account_id, score, role, network_id, person_id, action, reasons, ..."""
        return self._table(ACCOUNTS_FILE, columns)

    def persons(self, columns: list[str] | None = None) -> pa.Table:
        """``persons.parquet``: account_id, person_id, link_confidence."""
        return self._table(PERSONS_FILE, columns)

    def evidence(self, columns: list[str] | None = None) -> pa.Table:
        """``evidence.parquet``: per-account text evidence (seller, trader, ..., stated_age, reasons)."""
        return self._table(EVIDENCE_FILE, columns)

    def hits(self, columns: list[str] | None = None) -> pa.Table:
        """``hits.parquet``: every lexicon hit (account_id, source, entry_id, category, ...)."""
        return self._table(HITS_FILE, columns)

    def media_matches(self) -> pa.Table | None:
        """``media_matches.parquet`` when the scan was given hash banks, else None."""
        return self._table(MEDIA_MATCHES_FILE, None) if self.has(MEDIA_MATCHES_FILE) else None

    def edges_among(self, accounts: Collection[str]) -> pa.Table | None:
        """The interactions between ``accounts`` (``dataset/edges.parquet``: src, dst, kind,
        weight), for drawing a network as the mapping saw it (F10); None when the folder
        keeps no dataset (results written without one)."""
        if not self.has(EDGES_FILE):
            return None
        ids = sorted(set(accounts))
        columns = ["src", "dst", "kind", "weight"]
        if not ids:
            return self._table(EDGES_FILE, columns).slice(0, 0)
        return self._table(EDGES_FILE, columns, [("src", "in", ids), ("dst", "in", ids)])

    # -- JSON -----------------------------------------------------------------

    def _json(self, name: str) -> Any:
        path = self._require(name)
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except UnicodeDecodeError as exc:
            raise InputError("not UTF-8", Location(path)) from exc
        except json.JSONDecodeError as exc:
            raise InputError(
                f"not JSON (truncated?): {exc.msg}", Location(path, exc.lineno)
            ) from exc

    def summary(self) -> dict[str, Any]:
        """``summary.json``: the run's counts, stages and warnings."""
        value = self._json(SUMMARY_FILE)
        if not isinstance(value, dict):
            raise InputError("expected a JSON object", Location(self.file(SUMMARY_FILE)))
        return value

    def networks(self) -> list[dict[str, Any]]:
        """``networks.json``: one object per network, each with an integer ``network_id``."""
        path = self.file(NETWORKS_FILE)
        value = self._json(NETWORKS_FILE)
        if isinstance(value, dict) and isinstance(value.get("networks"), list):
            value = value["networks"]
        if not isinstance(value, list):
            raise InputError("expected a JSON list of networks", Location(path))
        for row, item in enumerate(value, start=1):
            if not isinstance(item, dict):
                raise InputError("a network must be a JSON object", Location(path, row))
            if not isinstance(item.get("network_id"), int) or isinstance(item["network_id"], bool):
                raise InputError(
                    "missing or non-integer network id", Location(path, row, "network_id")
                )
        return value

    def _lines(self, name: str) -> Iterator[DecisionRow]:
        path = self._require(name)
        with path.open("rb") as fh:
            for row, raw in enumerate(fh, start=1):
                try:
                    line = raw.decode("utf-8")
                except UnicodeDecodeError:
                    yield DecisionRow(row, None, "line is not UTF-8")
                    continue
                if not line.strip():
                    continue
                try:
                    data = json.loads(line)
                except json.JSONDecodeError as exc:
                    yield DecisionRow(row, None, f"not JSON: {exc.msg}")
                    continue
                if not isinstance(data, dict):
                    yield DecisionRow(row, None, "line is not a JSON object")
                    continue
                yield DecisionRow(row, data)

    def decision_rows(self) -> Iterator[DecisionRow]:
        """``enforcement.jsonl`` line by line, bad lines included (for quarantining readers)."""
        return self._lines(ENFORCEMENT_FILE)

    def read_decisions(self) -> tuple[list[Decision], list[Problem]]:
        """Every readable decision of ``enforcement.jsonl``, and a problem for each row that is not."""
        path = self.file(ENFORCEMENT_FILE)
        decisions: list[Decision] = []
        problems: list[Problem] = []
        for line in self.decision_rows():
            if line.data is None:
                problems.append(
                    Problem("enforcement", str(path), line.row, None, str(line.error), "parse")
                )
                continue
            read = read_decision(line.data, path, line.row)
            if isinstance(read, Problem):
                problems.append(read)
            else:
                decisions.append(read)
        return decisions, problems

    def decisions(self) -> list[Decision]:
        """Every decision of ``enforcement.jsonl``; the first row that does not parse is an error."""
        decisions, problems = self.read_decisions()
        if problems:
            first = problems[0]
            raise InputError(first.reason, Location(Path(first.file), first.row, first.column))
        return decisions

    def report_candidates(self) -> list[dict[str, Any]]:
        """``report_candidates.jsonl``: accounts credible reporters point at (empty when absent)."""
        if not self.has(REPORT_CANDIDATES_FILE):
            return []
        path = self.file(REPORT_CANDIDATES_FILE)
        out = []
        for line in self._lines(REPORT_CANDIDATES_FILE):
            if line.data is None:
                raise InputError(str(line.error), Location(path, line.row))
            out.append(line.data)
        return out
