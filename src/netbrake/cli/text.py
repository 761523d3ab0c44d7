"""``netbrake text check TEXT`` / ``netbrake text scan FILE``: lexicon hits and extracted values.

One JSON object per input on stdout: {"text_id", "hits", "extracted",
"truncated", "policy_version"}. In a ``.jsonl``/``.ndjson`` file every line
must be a JSON object with a string ``text`` (and optionally ``text_id``); a
bad line stops the scan with a one-line error naming the file and line (exit
2). Any other file is read as one text per line, ``text_id`` = line number.
"""

from __future__ import annotations

import gc
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import typer

from netbrake.cli.settings import settings
from netbrake.errors import InputError, Location
from netbrake.policy import Policy
from netbrake.text import Matcher

text_app = typer.Typer(
    help="Text signals: lexicon hits and extracted values.", no_args_is_help=True
)

#: Texts scanned per batch by ``text scan``.
BATCH = 10_000


def _write(value: Any) -> None:
    line = json.dumps(value, ensure_ascii=False)
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates from invalid input: escape them
        line = json.dumps(value, ensure_ascii=True)
    sys.stdout.write(line + "\n")


def _matcher(ctx: typer.Context) -> Matcher:
    return Matcher.from_policy(Policy.load(settings(ctx).policy))


@text_app.command("check")
def check(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(help="The text to check (bio, caption, query...).")],
    text_id: Annotated[str, typer.Option("--id", help="text_id to print.")] = "arg",
) -> None:
    """Check one string; print its hits and extracted values as JSON."""
    _write(_matcher(ctx).scan(text).to_dict(text_id))


def read_texts(path: Path) -> Iterator[tuple[str, str]]:
    """(text_id, text) for each line of a lines or JSONL file; bad JSONL lines raise InputError."""
    jsonl = path.suffix.lower() in (".jsonl", ".ndjson")
    try:
        handle = path.open(encoding="utf-8", errors="surrogateescape", newline="")
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", Location(file=path)) from None
    with handle:
        for number, raw in enumerate(handle, start=1):
            line = raw.rstrip("\r\n")
            if not jsonl:
                yield str(number), line
                continue
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(
                    f"invalid JSON: {exc.msg}", Location(file=path, row=number)
                ) from None
            if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                raise InputError(
                    "expected an object with a string 'text'",
                    Location(file=path, row=number, field="text"),
                )
            yield str(record.get("text_id", number)), record["text"]


@text_app.command("scan")
def scan(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="Lines of text, or JSONL with text_id and text.")],
) -> None:
    """Scan every text of a file; one JSON line per text."""
    matcher = _matcher(ctx)
    # The matcher and the imports are never garbage: frozen, the full collections that
    # the scan results trigger skip them (~10% of a bulk scan's time; Python docs, gc.freeze).
    gc.freeze()
    batch: list[tuple[str, str]] = []
    for item in read_texts(file):
        batch.append(item)
        if len(batch) >= BATCH:
            _flush(matcher, batch)
    _flush(matcher, batch)


def _flush(matcher: Matcher, batch: list[tuple[str, str]]) -> None:
    scans = matcher.scan_many([t for _, t in batch])
    for (text_id, _), result in zip(batch, scans, strict=True):
        _write(result.to_dict(text_id))
    batch.clear()


def register(app: typer.Typer) -> None:
    app.add_typer(text_app, name="text")
