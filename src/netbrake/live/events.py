"""Platform events for live mode, validated with the export contract (docs/live.md, F9).

One event is one JSON object: ``event_id`` (unique; a repeat is recognised and
applied once), ``kind`` (``account``, ``edge``, ``post``, ``report``,
``identifier`` or ``enforcement``), ``ts`` (ISO 8601) and ``data``: the row of
the matching export table (``accounts``, ``edges``, ``posts``, ``reports``,
``identifiers``), checked column by column with the same
:class:`netbrake.platform.TableSpec` rules as ingest (required, length, enum,
hex, timestamp). An ``account`` event may carry its ``identifiers`` inline.
Raw identifier values are HMAC-hashed here and never stored (F6).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from netbrake.platform import TABLES, Column, ColumnType, IdentifierHasher, TableSpec

#: Event kind -> the export table its ``data`` follows.
TABLE_OF = {
    "account": "accounts",
    "edge": "edges",
    "post": "posts",
    "report": "reports",
    "identifier": "identifiers",
}
ENFORCEMENT_ACTIONS = ("remove", "suspend", "restrict", "clear")
SUBJECT_KINDS = ("account", "person")
KINDS = (*TABLE_OF, "enforcement")
MAX_EVENT_BYTES = 64_000


@dataclass(frozen=True, slots=True)
class Event:
    """One valid event: its id, kind, timestamp and contract-checked ``data``."""

    event_id: str
    kind: str
    ts: datetime
    data: dict[str, Any]

    def to_json(self) -> str:
        return json.dumps(
            {
                "event_id": self.event_id,
                "kind": self.kind,
                "ts": self.ts.isoformat(),
                "data": self.data,
            },
            separators=(",", ":"),
            ensure_ascii=False,
            default=str,
        )


@dataclass(frozen=True, slots=True)
class Rejection:
    """Why an event was refused: a quarantine record (``kind`` names the rule)."""

    line: int
    kind: str
    reason: str
    field: str | None = None
    event_id: str | None = None
    excerpt: str = ""


def parse_ts(value: object) -> datetime | None:
    """An aware timestamp from ISO 8601 text (``Z`` allowed); None when it is not one."""
    if isinstance(value, datetime):
        found = value
    elif isinstance(value, str) and value.strip():
        try:
            found = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            return None
    else:
        return None
    if found.tzinfo is None:
        from datetime import UTC

        found = found.replace(tzinfo=UTC)
    return found


def _check_column(col: Column, value: object) -> str | None:
    """The contract's rule for one value (as :mod:`netbrake.platform.checks` in SQL)."""
    blank = value is None or (isinstance(value, str) and not value.strip())
    if blank:
        return "required value is missing" if col.required else None
    if col.type is ColumnType.STRING_LIST:
        ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
        return None if ok else "not a list of strings"
    if col.type is ColumnType.TIMESTAMP:
        return None if parse_ts(value) is not None else f"not a timestamp: {str(value)[:60]}"
    if col.type is ColumnType.FLOAT:
        ok = isinstance(value, int | float) and not isinstance(value, bool) and value >= 0
        return None if ok and value == value else f"not a finite non-negative number: {value}"
    if col.type is ColumnType.INT:
        return None if isinstance(value, int) else f"not a whole number: {value}"
    if not isinstance(value, str):
        return f"not text: {str(value)[:60]}"
    if col.max_length is not None and len(value) > col.max_length:
        return f"value is {len(value)} characters long; the limit is {col.max_length}"
    low = value.strip().lower()
    if col.type is ColumnType.ENUM and low not in col.choices:
        return f"unknown value {value[:60]} (expected one of: {', '.join(col.choices)})"
    if col.type is ColumnType.HEX and not (
        len(low) == col.hex_length and all(c in "0123456789abcdef" for c in low)
    ):
        return f"not a {col.hex_length}-digit hex hash: {value[:60]}"
    return None


def _clean_row(spec: TableSpec, data: dict[str, Any]) -> tuple[dict[str, Any], str | None, str]:
    """(clean row, failing field, reason) for ``data`` under ``spec``; reason '' when valid."""
    row: dict[str, Any] = {}
    for col in spec.columns:
        value = data.get(col.name)
        problem = _check_column(col, value)
        if problem is not None:
            return row, col.name, problem
        if isinstance(value, str) and col.type in (ColumnType.ENUM, ColumnType.HEX):
            value = value.strip().lower()
        if col.type is ColumnType.TIMESTAMP and value is not None:
            value = parse_ts(value)
        if col.type is ColumnType.FLOAT and value is None and col.default is not None:
            value = col.default
        row[col.name] = value
    return row, None, ""


def _enforcement(data: dict[str, Any]) -> tuple[dict[str, Any], str | None, str]:
    for name in ("subject_kind", "subject_id", "action", "decided_by"):
        if not isinstance(data.get(name), str) or not data[name].strip():
            return {}, name, "required value is missing"
    if data["subject_kind"] not in SUBJECT_KINDS:
        return {}, "subject_kind", f"unknown value (expected one of: {', '.join(SUBJECT_KINDS)})"
    if data["action"] not in ENFORCEMENT_ACTIONS:
        allowed = ", ".join(ENFORCEMENT_ACTIONS)
        return {}, "action", f"unknown value {data['action'][:60]} (expected one of: {allowed})"
    reason = data.get("reason")
    return (
        {k: data[k] for k in ("subject_kind", "subject_id", "action", "decided_by")}
        | {"reason": str(reason)[:1000] if reason else ""},
        None,
        "",
    )


def _identifiers(
    values: object, account_id: str, hasher: IdentifierHasher
) -> tuple[list[dict[str, str]], str | None, str]:
    if values is None:
        return [], None, ""
    if not isinstance(values, list):
        return [], "identifiers", "not a list of {kind, value} objects"
    out: list[dict[str, str]] = []
    spec = TABLES["identifiers"]
    for item in values:
        if not isinstance(item, dict):
            return [], "identifiers", "not a list of {kind, value} objects"
        row, field, reason = _clean_row(spec, {**item, "account_id": account_id})
        if field is not None:
            return [], f"identifiers.{field}", reason
        out.append({"kind": row["kind"], "value": hasher.hash(row["kind"], row["value"])})
    return out, None, ""


def parse_event(
    raw: str | bytes | dict[str, Any], line: int, hasher: IdentifierHasher
) -> Event | Rejection:
    """One event from a JSON line (or a decoded object), or why it is refused."""
    excerpt = (raw if isinstance(raw, str) else str(raw))[:200]
    if isinstance(raw, str | bytes):
        if len(raw) > MAX_EVENT_BYTES:
            return Rejection(
                line,
                "oversized",
                f"event is larger than {MAX_EVENT_BYTES} bytes",
                excerpt=excerpt[:80],
            )
        try:
            obj = json.loads(raw)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            return Rejection(
                line,
                "malformed",
                f"not JSON: {exc.msg if hasattr(exc, 'msg') else exc}",
                excerpt=excerpt,
            )
    else:
        obj = raw
    if not isinstance(obj, dict):
        return Rejection(line, "malformed", "an event must be a JSON object", excerpt=excerpt)
    event_id = obj.get("event_id")
    if not isinstance(event_id, str) or not event_id.strip() or len(event_id) > 256:
        return Rejection(
            line,
            "malformed",
            "event_id must be text of 1 to 256 characters",
            "event_id",
            excerpt=excerpt,
        )
    kind = obj.get("kind")
    if kind not in KINDS:
        return Rejection(
            line,
            "malformed",
            f"unknown kind {str(kind)[:40]!r} (expected one of: {', '.join(KINDS)})",
            "kind",
            event_id,
            excerpt,
        )
    ts = parse_ts(obj.get("ts"))
    if ts is None:
        return Rejection(
            line, "malformed", "ts must be an ISO 8601 timestamp", "ts", event_id, excerpt
        )
    data = obj.get("data")
    if not isinstance(data, dict):
        return Rejection(line, "malformed", "data must be a JSON object", "data", event_id, excerpt)
    if kind == "enforcement":
        row, field, reason = _enforcement(data)
    else:
        row, field, reason = _clean_row(TABLES[TABLE_OF[kind]], data)
        if field is None and kind == "identifier":
            row["value"] = hasher.hash(row["kind"], row["value"])
        if field is None and kind == "account":
            idents, field, reason = _identifiers(data.get("identifiers"), row["account_id"], hasher)
            row["identifiers"] = idents
    if field is not None:
        return Rejection(line, "invalid", reason, f"data.{field}", event_id, excerpt)
    for key, value in list(row.items()):
        if isinstance(value, datetime):
            row[key] = value.isoformat()
    return Event(event_id.strip(), str(kind), ts, row)


def event_from_json(text: str) -> Event:
    """An event as stored in the log (already validated)."""
    obj = json.loads(text)
    ts = parse_ts(obj["ts"])
    assert ts is not None
    return Event(obj["event_id"], obj["kind"], ts, obj["data"])
