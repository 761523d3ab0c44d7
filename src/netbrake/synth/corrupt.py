"""A deliberately corrupted export, for testing that ingest quarantines and never crashes.

:func:`corrupt` writes a small clean synthetic export as CSV or JSONL and
then damages exactly these rows (each returned as a :class:`Corruption` with
the 1-based record number the readers report):

1. ``edges.src`` blank on one row -> ``missing_value``
2. ``edges.ts`` = ``"not a time"`` -> ``wrong_type``
3. ``edges.kind`` = ``"poke"`` -> ``unknown_value``
4. ``edges.dst`` = ``"acct_missing"`` (no such account) -> ``dangling_reference``
5. ``accounts``: an appended copy of the first row (same ``account_id``) -> ``duplicate_key``
6. ``accounts``: an appended new account whose bio is 10,010 characters -> ``too_long``
7. ``posts.text`` of one post that no report targets holds the bytes ``ff fe`` -> ``invalid_utf8``

The damaged rows are chosen so nothing else refers to them: each corruption
costs exactly one quarantined row and no cascade of dangling references.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from netbrake.errors import InputError
from netbrake.synth.config import MIN_ACCOUNTS, SynthConfig
from netbrake.synth.export import write
from netbrake.synth.platform import build

CORRUPTIONS = (
    "missing_value",
    "wrong_type",
    "unknown_value",
    "dangling_reference",
    "duplicate_key",
    "too_long",
    "invalid_utf8",
)
_BAD_UTF8_MARK = "@@INVALID_UTF8@@"
LONG_BIO = ("#embroidery " * 835)[:10_010]


@dataclass(frozen=True)
class Corruption:
    """One damaged row: table, 1-based record number, column and the problem kind ingest reports."""

    table: str
    row: int
    column: str
    kind: str


def _load(path: Path, fmt: str) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8", newline="") as fh:
        if fmt == "csv":
            return list(csv.DictReader(fh))
        return [json.loads(line) for line in fh if line.strip()]


def _save(path: Path, fmt: str, rows: list[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        if fmt == "csv":
            writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
        else:
            fh.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    if fmt == "csv" or any(_BAD_UTF8_MARK in str(r.get("text")) for r in rows):
        data = path.read_bytes().replace(_BAD_UTF8_MARK.encode(), b"\xff\xfe")
        path.write_bytes(data)


def corrupt(out_dir: Path, seed: int = 0, fmt: str = "csv") -> list[Corruption]:
    """Write a corrupted ``fmt`` export (csv or jsonl) to ``out_dir``; return what was damaged."""
    if fmt not in ("csv", "jsonl"):
        raise InputError(f"corrupted exports are csv or jsonl, got '{fmt}'")
    out_dir = Path(out_dir)
    platform = build(SynthConfig(accounts=MIN_ACCOUNTS, seed=seed))
    write(platform, out_dir, fmt)
    done: list[Corruption] = []

    edges = _load(out_dir / f"edges.{fmt}", fmt)
    for offset, (column, value, kind) in enumerate(
        [
            ("src", "", "missing_value"),
            ("ts", "not a time", "wrong_type"),
            ("kind", "poke", "unknown_value"),
            ("dst", "acct_missing", "dangling_reference"),
        ]
    ):
        index = 10 + 7 * offset
        edges[index][column] = value
        done.append(Corruption("edges", index + 1, column, kind))
    _save(out_dir / f"edges.{fmt}", fmt, edges)

    accounts = _load(out_dir / f"accounts.{fmt}", fmt)
    accounts.append(dict(accounts[0]))
    done.append(Corruption("accounts", len(accounts), "account_id", "duplicate_key"))
    long_bio = dict(accounts[0], account_id="acct_long_bio", bio=LONG_BIO)
    accounts.append(long_bio)
    done.append(Corruption("accounts", len(accounts), "bio", "too_long"))
    _save(out_dir / f"accounts.{fmt}", fmt, accounts)

    posts = _load(out_dir / f"posts.{fmt}", fmt)
    reported = set(platform.tables["reports"].column("target_id").to_pylist())
    index = next(i for i, p in enumerate(posts) if p["post_id"] not in reported and p.get("text"))
    posts[index]["text"] = f"{posts[index]['text']} {_BAD_UTF8_MARK}"
    done.append(Corruption("posts", index + 1, "text", "invalid_utf8"))
    _save(out_dir / f"posts.{fmt}", fmt, posts)
    return done
