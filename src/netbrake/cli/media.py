"""``netbrake hash``, ``netbrake match`` and ``netbrake bank``: known-content matching.

Thin wrappers over :mod:`netbrake.media`: parse, call one function, print
JSON lines. Files are hashed in memory; nothing but hashes is written.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from netbrake.cli.output import emit_json, emit_jsonl, info
from netbrake.cli.settings import settings
from netbrake.errors import InputError, Location
from netbrake.home import data_dir
from netbrake.media import (
    FORMATS,
    PDQ_MATCH_THRESHOLD,
    BankLibrary,
    HashBank,
    ImageLimits,
    Query,
    SignalKind,
    add_review_decision,
    export_bank,
    hash_media,
    import_bank,
    parse_time,
)

BanksOption = Annotated[
    Path | None, typer.Option("--banks", help="Bank folder (default: <data dir>/banks).")
]


def _library(banks: Path | None) -> BankLibrary:
    return BankLibrary(banks or data_dir() / "banks")


def hash_command(
    ctx: typer.Context,
    files: Annotated[list[Path], typer.Argument(help="Image or video files.")],
    dihedral: Annotated[
        bool, typer.Option(help="Also print the 8 rotation/flip variants' PDQ hashes.")
    ] = False,
    max_pixels: Annotated[int, typer.Option(help="Refuse larger images.")] = ImageLimits.max_pixels,
) -> None:
    """One JSON line per file: path, md5, pdq, quality (video: vpdq frames)."""
    opts = settings(ctx)
    limits = ImageLimits(max_pixels=max_pixels)
    errors: list[str] = []
    for path in files:
        record = hash_media(path, limits=limits, dihedral=dihedral)
        if record.error is not None:
            errors.append(f"{path}: {record.error}")
        emit_jsonl(record.to_json())
    if errors:
        # The first reason names a missing extra (video) or the file's problem.
        info(opts, f"{len(errors)} of {len(files)} files could not be hashed; first: {errors[0]}")
        raise typer.Exit(2)


def _queries(items: list[str], input_file: Path | None) -> list[Query]:
    queries: list[Query] = []
    for item in items:
        text = item.strip().lower()
        if len(text) == 32:
            queries.append(Query("md5", text, content_id=item))
        elif len(text) == 64 or not Path(item).exists():
            queries.append(Query("pdq", text, content_id=item))
        else:
            record = hash_media(Path(item))
            if record.error:
                raise InputError(record.error, Location(item))
            queries.extend(_record_queries(record.to_json(), item))
    if input_file is not None:
        fh = sys.stdin if str(input_file) == "-" else input_file.open(encoding="utf-8")
        with fh:
            for no, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise InputError(f"not JSON: {exc.msg}", Location(input_file, no)) from exc
                queries.extend(_record_queries(record, str(record.get("path", no))))
    return queries


def _record_queries(record: dict[str, Any], content_id: str) -> list[Query]:
    """Queries from one ``netbrake hash`` line."""
    out: list[Query] = []
    if record.get("md5"):
        out.append(Query("md5", str(record["md5"]), content_id=content_id))
    if record.get("pdq"):
        out.append(Query("pdq", str(record["pdq"]), record.get("quality"), content_id))
    for frame in record.get("vpdq") or []:
        out.append(Query("pdq", str(frame["pdq"]), frame.get("quality"), content_id))
    return out


def match_command(
    ctx: typer.Context,
    items: Annotated[
        list[str] | None, typer.Argument(help="PDQ/MD5 hex hashes or media files.")
    ] = None,
    input_file: Annotated[
        Path | None,
        typer.Option("--input", "-i", help="JSON lines from `netbrake hash` ('-': stdin)."),
    ] = None,
    banks: BanksOption = None,
    bank: Annotated[list[str] | None, typer.Option("--bank", help="Only these banks.")] = None,
) -> None:
    """Match hashes against the banks: one JSON line per match, then skipped queries."""
    opts = settings(ctx)
    queries = _queries(items or [], input_file)
    if not queries:
        raise InputError("nothing to match: give hashes, files or --input")
    library = _library(banks)
    names = bank or library.names()
    for name in names:
        if not library.exists(name):
            raise InputError(f"no bank named {name!r}", Location(library.root))
    report = library.matcher(names).match(queries)
    for m in report.matches:
        emit_jsonl({"query": queries[m.query].content_id, **m.to_json()})
    for s in report.skipped:
        q = queries[s.query]
        emit_jsonl({"query": q.content_id, "kind": q.kind, "skipped": s.reason, "detail": s.detail})
    info(opts, f"{len(report.matches)} matches for {len(queries)} hashes in {len(names)} banks")


bank_app = typer.Typer(help="Hash banks: import, export, list, local review additions.")


@bank_app.command("list")
def bank_list(ctx: typer.Context, banks: BanksOption = None) -> None:
    """Banks with their threshold, rollout and entry counts (JSON)."""
    library = _library(banks)
    rows = []
    for name in library.names():
        b, problems = library.load(name)
        enabled = sum(e.enabled for e in b.entries.values())
        rows.append(
            {**b.settings(), "entries": len(b), "enabled": enabled, "problems": len(problems)}
        )
    emit_json(rows)


@bank_app.command("import")
def bank_import(
    ctx: typer.Context,
    source: Annotated[
        Path, typer.Argument(help="Bank file (te-file, te-csv, known-hashes, netbrake).")
    ],
    name: Annotated[str, typer.Option("--bank", help="Bank to create or extend.")],
    fmt: Annotated[
        str | None, typer.Option("--format", help=f"One of {', '.join(FORMATS)} (default: detect).")
    ] = None,
    threshold: Annotated[
        int, typer.Option(help="PDQ threshold of a new bank.")
    ] = PDQ_MATCH_THRESHOLD,
    rollout: Annotated[float, typer.Option(help="Share of content a new bank acts on.")] = 1.0,
    exchange: Annotated[
        str | None, typer.Option(help="Provenance: the exchange the list came from.")
    ] = None,
    quarantine: Annotated[
        Path | None, typer.Option(help="Write rejected lines here (JSONL).")
    ] = None,
    banks: BanksOption = None,
) -> None:
    """Import a list into a bank; bad lines are quarantined with their line numbers."""
    opts = settings(ctx)
    if fmt is not None and fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r} (expected one of {', '.join(FORMATS)})")
    if not source.is_file():
        raise InputError("no such file", Location(source))
    library = _library(banks)
    try:
        target = (
            library.load(name)[0] if library.exists(name) else HashBank(name, threshold, rollout)
        )
        result = import_bank(source, target, fmt=fmt, exchange=exchange)
    except ValueError as exc:
        raise InputError(str(exc), Location(source)) from exc
    library.save(target)
    if quarantine is not None:
        with quarantine.open("w", encoding="utf-8") as fh:
            for p in result.problems:
                fh.write(json.dumps(p.to_json()) + "\n")
    emit_json(
        {
            "bank": name,
            "added": result.added,
            "duplicates": result.duplicates,
            "quarantined": len(result.problems),
            "entries": len(target),
        }
    )
    for p in result.problems[:20]:
        info(opts, f"quarantined: {p.file}, row {p.line}, field '{p.field}': {p.reason}")


@bank_app.command("export")
def bank_export(
    name: Annotated[str, typer.Argument(help="Bank name.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="File to write.")],
    fmt: Annotated[
        str, typer.Option("--format", help=f"One of {', '.join(FORMATS)}.")
    ] = "netbrake",
    banks: BanksOption = None,
) -> None:
    """Write a bank in netbrake or threatexchange formats."""
    if fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r} (expected one of {', '.join(FORMATS)})")
    library = _library(banks)
    if not library.exists(name):
        raise InputError(f"no bank named {name!r}", Location(library.root))
    written = export_bank(library.load(name)[0], out, fmt)
    emit_json({"bank": name, "format": fmt, "out": str(out), "entries": written})


@bank_app.command("add")
def bank_add(
    name: Annotated[str, typer.Argument(help="Local bank (created when missing).")],
    value: Annotated[str, typer.Argument(help="PDQ (64 hex) or MD5 (32 hex) hash.")],
    case_id: Annotated[str, typer.Option("--case", help="Review case that confirmed it.")],
    banks: BanksOption = None,
) -> None:
    """Record a reviewer-confirmed violating hash in a local bank."""
    library = _library(banks)
    target = library.load(name)[0] if library.exists(name) else HashBank(name)
    kind: SignalKind = "md5" if len(value.strip()) == 32 else "pdq"
    try:
        entry = add_review_decision(target, kind, value, case_id=case_id)
    except ValueError as exc:
        raise InputError(str(exc), Location(field="hash")) from exc
    library.save(target)
    emit_json({"bank": name, **entry.to_json()})


@bank_app.command("disable")
def bank_disable(
    name: Annotated[str, typer.Argument(help="Bank name.")],
    entry_id: Annotated[int, typer.Argument(help="Entry id.")],
    until: Annotated[str | None, typer.Option(help="Re-enable at this ISO 8601 time.")] = None,
    enable: Annotated[bool, typer.Option("--enable", help="Enable instead.")] = False,
    banks: BanksOption = None,
) -> None:
    """Disable (optionally until a time) or re-enable one entry."""
    library = _library(banks)
    if not library.exists(name):
        raise InputError(f"no bank named {name!r}", Location(library.root))
    target = library.load(name)[0]
    if entry_id not in target.entries:
        raise InputError(f"bank {name!r} has no entry {entry_id}", Location(field="entry_id"))
    try:
        when: datetime | None = parse_time(until) if until else None
    except ValueError as exc:
        raise InputError(f"not an ISO 8601 time: {until}", Location(field="until")) from exc
    entry = target.enable(entry_id) if enable else target.disable(entry_id, when)
    library.save(target)
    emit_json({"bank": name, **entry.to_json()})


def register(app: typer.Typer) -> None:
    app.command("hash")(hash_command)
    app.command("match")(match_command)
    app.add_typer(bank_app, name="bank")
