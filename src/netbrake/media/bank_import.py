"""Reading and writing hash banks in the formats the ecosystem uses.

Formats:
- ``netbrake``: JSON Lines; a settings line then one entry per line (lossless).
- ``te-file``: python-threatexchange ``LocalFileSignalExchangeAPI`` files,
  one ``SIGNAL_TYPE SIGNAL`` per line (``pdq <hex>``, ``video_md5 <hex>``),
  or bare hashes when the list has one type.
- ``te-csv``: ``threatexchange dataset -P --csv`` output
  (signal_type, signal_str, collab, category, tags).
- ``known-hashes``: the synthetic exports' ``known_hashes.csv`` (pdq, md5, list, added_at).

A bad line never aborts an import: it is quarantined with its line number,
field and reason (docs/architecture.md, "Bad input").
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from netbrake.media.fingerprint import parse_md5, parse_pdq
from netbrake.media.hash_bank import BankEntry, HashBank, Provenance, parse_time
from netbrake.media.hasher import SignalKind

BankFormat = Literal["netbrake", "te-file", "te-csv", "known-hashes"]
FORMATS: tuple[BankFormat, ...] = ("netbrake", "te-file", "te-csv", "known-hashes")

#: python-threatexchange ``SignalType.get_name()`` <-> netbrake signal kind.
TE_SIGNAL_KIND: dict[str, SignalKind] = {
    "pdq": "pdq",
    "video_md5": "md5",
    "photo_md5": "md5",
    "md5": "md5",
}
KIND_TE_SIGNAL: dict[SignalKind, str] = {"pdq": "pdq", "md5": "video_md5"}


@dataclass(frozen=True)
class BankProblem:
    """A quarantined line: where it is and why it was not imported."""

    file: str
    line: int
    field: str
    reason: str

    def to_json(self) -> dict[str, Any]:
        return {"file": self.file, "row": self.line, "column": self.field, "reason": self.reason}


@dataclass
class BankImport:
    """What an import added and what it quarantined."""

    bank: HashBank
    added: int = 0
    duplicates: int = 0
    problems: list[BankProblem] = field(default_factory=list)


def detect_format(path: Path) -> BankFormat:
    """Guess a bank file's format from its first non-empty line."""
    with path.open(encoding="utf-8", errors="replace") as fh:
        first = next((line.strip() for line in fh if line.strip()), "")
    if first.startswith("{"):
        return "netbrake"
    header = {h.strip().lower() for h in next(csv.reader([first]), [])}  # quoted or not
    if {"signal_type", "signal_str"} <= header:
        return "te-csv"
    if "pdq" in header or "md5" in header:
        return "known-hashes"
    return "te-file"


def import_bank(
    path: Path,
    bank: HashBank,
    *,
    fmt: BankFormat | None = None,
    exchange: str | None = None,
    default_kind: SignalKind = "pdq",
) -> BankImport:
    """Add the entries of a bank file to ``bank``; bad lines go to ``result.problems``."""
    fmt = fmt or detect_format(path)
    result = BankImport(bank)
    name = str(path)
    source = exchange or {"netbrake": "netbrake", "te-file": "threatexchange:file"}.get(fmt, fmt)
    text = path.read_text(encoding="utf-8", errors="replace")
    for line_no, kind, value, prov, problem in _rows(fmt, text, source, path.stem, default_kind):
        if problem is not None:
            result.problems.append(BankProblem(name, line_no, problem[0], problem[1]))
            continue
        if kind is None or value is None or prov is None:  # pragma: no cover - _rows invariant
            raise AssertionError("a row without a problem has kind, value and provenance")
        try:
            value = parse_pdq(value) if kind == "pdq" else parse_md5(value)
        except ValueError as exc:
            result.problems.append(BankProblem(name, line_no, kind, str(exc)))
            continue
        if bank.find(kind, value) is not None:
            result.duplicates += 1
            continue
        bank.add(kind, value, prov)
        result.added += 1
    return result


_Row = tuple[int, SignalKind | None, str | None, Provenance | None, tuple[str, str] | None]


def _rows(
    fmt: BankFormat, text: str, source: str, stem: str, default_kind: SignalKind
) -> Iterator[_Row]:
    if fmt == "netbrake":
        yield from _netbrake_rows(text)
    elif fmt == "te-file":
        for no, line in enumerate(text.splitlines(), 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            type_name, _, signal = line.strip().partition(" ")
            if not signal:
                yield no, default_kind, type_name, Provenance(source, stem), None
            elif type_name in TE_SIGNAL_KIND:
                yield no, TE_SIGNAL_KIND[type_name], signal.strip(), Provenance(source, stem), None
            else:
                yield (
                    no,
                    None,
                    None,
                    None,
                    ("signal_type", f"unsupported signal type {type_name!r}"),
                )
    else:
        reader = csv.DictReader(io.StringIO(text))
        for no, row in enumerate(reader, 2):
            yield from (_te_csv_row if fmt == "te-csv" else _known_row)(no, row, source, stem)


def _te_csv_row(no: int, row: dict[str, Any], source: str, stem: str) -> Iterator[_Row]:
    type_name = (row.get("signal_type") or "").strip()
    if type_name not in TE_SIGNAL_KIND:
        yield no, None, None, None, ("signal_type", f"unsupported signal type {type_name!r}")
        return
    prov = Provenance(source, (row.get("collab") or stem).strip())
    yield no, TE_SIGNAL_KIND[type_name], row.get("signal_str") or "", prov, None


def _known_row(no: int, row: dict[str, Any], source: str, stem: str) -> Iterator[_Row]:
    added = (row.get("added_at") or "").strip()
    try:
        when = parse_time(added) if added else None
    except ValueError:
        yield no, None, None, None, ("added_at", f"not an ISO 8601 time: {added[:40]!r}")
        return
    prov = Provenance(source, (row.get("list") or stem).strip(), when)
    pdq, md5 = (row.get("pdq") or "").strip(), (row.get("md5") or "").strip()
    if not pdq and not md5:
        yield no, None, None, None, ("pdq", "row has neither a pdq nor an md5 hash")
    if pdq:
        yield no, "pdq", pdq, prov, None
    if md5:
        yield no, "md5", md5, prov, None


def _netbrake_rows(text: str) -> Iterator[_Row]:
    for no, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            if "bank" in data:
                continue  # the settings line
            entry = BankEntry.from_json(data)
        except (ValueError, KeyError, TypeError) as exc:
            yield no, None, None, None, ("entry", f"invalid entry: {exc}")
            continue
        yield no, entry.kind, entry.value, entry.provenance, None


def read_bank(path: Path) -> tuple[HashBank, list[BankProblem]]:
    """A whole bank from a ``netbrake`` file: settings, entry ids and states kept."""
    bank: HashBank | None = None
    problems: list[BankProblem] = []
    with path.open(encoding="utf-8") as fh:
        for no, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
                if "bank" in data:
                    bank = HashBank(data["bank"], int(data["threshold"]), float(data["rollout"]))
                else:
                    if bank is None:
                        raise ValueError("entry before the bank settings line")
                    bank.put(BankEntry.from_json(data))
            except (ValueError, KeyError, TypeError) as exc:
                problems.append(BankProblem(str(path), no, "entry", str(exc)))
    if bank is None:
        raise ValueError(f"{path}: no bank settings line")
    return bank, problems


def export_bank(bank: HashBank, path: Path, fmt: BankFormat = "netbrake") -> int:
    """Write ``bank`` in one of :data:`FORMATS`; returns the entries written."""
    entries = sorted(bank.entries.values(), key=lambda e: e.entry_id)
    with path.open("w", encoding="utf-8", newline="") as fh:
        if fmt == "netbrake":
            fh.write(json.dumps(bank.settings()) + "\n")
            for e in entries:
                fh.write(json.dumps(e.to_json()) + "\n")
        elif fmt == "te-file":
            for e in entries:
                fh.write(f"{KIND_TE_SIGNAL[e.kind]} {e.value}\n")
        elif fmt == "te-csv":
            writer = csv.writer(fh)
            writer.writerow(["signal_type", "signal_str", "collab", "category", "tags"])
            for e in entries:
                writer.writerow(
                    [
                        KIND_TE_SIGNAL[e.kind],
                        e.value,
                        e.provenance.list or bank.name,
                        "POSITIVE_CLASS",
                        "",
                    ]
                )
        else:
            writer = csv.writer(fh)
            writer.writerow(["pdq", "md5", "list", "added_at"])
            for e in entries:
                added = e.provenance.added_at.isoformat() if e.provenance.added_at else ""
                pdq, md5 = (e.value, "") if e.kind == "pdq" else ("", e.value)
                writer.writerow([pdq, md5, e.provenance.list, added])
    return len(entries)
