"""Reading policy files: TOML syntax, layering over the default, line-precise errors.

A user file is layered over the packaged default: its ``[meta]`` keys replace
the default's, its ``[[lexicon]]`` entries and ``[[combination]]`` rules add
new ids or override existing ones field by field (``state = "disabled"`` alone switches a default entry
off), and its other top-level tables are merged into the sections other
subpackages read. Every error names the file, the line and the entry id.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from netbrake.errors import InputError, Location
from netbrake.policy.combination import Combination, part_kinds
from netbrake.policy.lexicon import LexiconEntry
from netbrake.policy.toml_lines import EntryLines, array_lines, section_line

DEFAULT_POLICY = Path(__file__).with_name("default.toml")
M = TypeVar("M", bound=BaseModel)
#: Top-level keys read here; every other table is a section another subpackage reads.
_ARRAYS = ("meta", "lexicon", "combination")


@dataclass(frozen=True)
class PolicyFile:
    """One parsed file: its path, source text and TOML document."""

    path: Path
    source: str
    document: dict[str, Any]


@dataclass
class RawEntry:
    """A lexicon entry's fields before validation, and where they were last set."""

    fields: dict[str, Any]
    file: Path
    lines: EntryLines | None


def read_policy_file(path: Path) -> PolicyFile:
    """Parse one TOML file; a syntax error names the file and line."""
    try:
        source = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("policy file not found", Location(file=path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read policy file: {exc}", Location(file=path)) from None
    try:
        document = tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:
        # Python 3.11's TOMLDecodeError carries the position only in its message.
        found = re.search(r"\(at line (\d+), column \d+\)", str(exc))
        line = int(found.group(1)) if found else None
        message = str(exc).split(" (at ")[0]
        raise InputError(f"invalid TOML: {message}", Location(file=path, row=line)) from None
    return PolicyFile(path, source, document)


def _entries(policy_file: PolicyFile, table: str = "lexicon") -> list[RawEntry]:
    """The ``[[table]]`` entries of one file with their lines; ids present and unique."""
    lexicon = policy_file.document.get(table, [])
    if not isinstance(lexicon, list) or not all(isinstance(e, dict) for e in lexicon):
        line = section_line(policy_file.source, table)
        raise InputError(
            f"'{table}' must be an array of tables ([[{table}]])",
            Location(file=policy_file.path, row=line, field=table),
        )
    lines = array_lines(policy_file.source, table)
    out: list[RawEntry] = []
    seen: dict[str, int] = {}
    for index, fields in enumerate(lexicon):
        where = lines[index] if index < len(lines) else None
        row = where.header if where else None
        entry_id = fields.get("id")
        if not isinstance(entry_id, str) or not entry_id:
            raise InputError(
                f"{table} entry #{index + 1} has no id",
                Location(file=policy_file.path, row=row, field="id"),
            )
        if entry_id in seen:
            raise InputError(
                f"entry '{entry_id}': duplicate id (first at line {seen[entry_id]})",
                Location(file=policy_file.path, row=row, field="id"),
            )
        seen[entry_id] = row or 0
        out.append(RawEntry(dict(fields), policy_file.path, where))
    return out


def _line(raw: RawEntry, field: str | None) -> int | None:
    row = raw.lines.header if raw.lines else None
    if raw.lines and field in raw.lines.fields:
        row = raw.lines.fields[field]
    return row


def _model(model: type[M], raw: RawEntry, what: str) -> M:
    """``raw`` validated as ``model``; the first error names the file, line and field."""
    try:
        return model.model_validate(raw.fields)
    except ValidationError as exc:
        error = exc.errors()[0]
        field = str(error["loc"][0]) if error["loc"] else None
        raise InputError(
            f"{what} '{raw.fields.get('id')}': {error['msg']}",
            Location(file=raw.file, row=_line(raw, field), field=field),
        ) from None


def _validate(raw: RawEntry) -> LexiconEntry:
    return _model(LexiconEntry, raw, "entry")


def _validate_combination(raw: RawEntry, lexicon: tuple[LexiconEntry, ...]) -> Combination:
    """A ``[[combination]]`` rule whose parts all exist and are of two kinds at least."""
    rule = _model(Combination, raw, "combination")
    try:
        part_kinds(rule, lexicon)
    except ValueError as exc:
        raise InputError(
            f"combination '{rule.id}': {exc}",
            Location(file=raw.file, row=_line(raw, "all"), field="all"),
        ) from None
    return rule


def _meta(policy_file: PolicyFile) -> dict[str, Any]:
    meta = policy_file.document.get("meta", {})
    if not isinstance(meta, dict):
        raise InputError("'meta' must be a table ([meta])", Location(file=policy_file.path))
    return dict(meta)


def _merge_sections(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge_sections(merged[key], value)
        else:
            merged[key] = value
    return merged


@dataclass(frozen=True)
class LayeredPolicy:
    """The validated pieces of the effective policy, ready for :class:`Policy`."""

    meta: dict[str, Any]
    lexicon: tuple[LexiconEntry, ...]
    sections: dict[str, Any]
    sources: tuple[str, ...]
    combinations: tuple[Combination, ...] = ()


def layer(files: list[PolicyFile]) -> LayeredPolicy:
    """Layer files in order (default first); later files add to or override earlier ones."""
    meta: dict[str, Any] = {}
    sections: dict[str, Any] = {}
    entries: dict[str, RawEntry] = {}
    combinations: dict[str, RawEntry] = {}
    for policy_file in files:
        meta.update(_meta(policy_file))
        others = {k: v for k, v in policy_file.document.items() if k not in _ARRAYS}
        sections = _merge_sections(sections, others)
        for table, into in (("lexicon", entries), ("combination", combinations)):
            for raw in _entries(policy_file, table):
                entry_id = raw.fields["id"]
                if entry_id in into:
                    raw = RawEntry({**into[entry_id].fields, **raw.fields}, raw.file, raw.lines)
                into[entry_id] = raw
    for key in ("name", "version"):
        if not isinstance(meta.get(key), str) or not meta[key]:
            last = files[-1]
            raise InputError(
                f"[meta] needs a non-empty string '{key}'",
                Location(file=last.path, row=section_line(last.source, "meta"), field=key),
            )
    lexicon = tuple(_validate(raw) for raw in entries.values())
    rules = tuple(_validate_combination(raw, lexicon) for raw in combinations.values())
    return LayeredPolicy(meta, lexicon, sections, tuple(str(f.path) for f in files), rules)
