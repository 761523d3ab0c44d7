"""enforcement.jsonl: one decision per line (docs/results.md scan outputs)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from netbrake.enforce.decision import Decision
from netbrake.errors import InputError, Location


def write_enforcement_jsonl(decisions: Iterable[Decision], path: Path | str) -> int:
    """Write decisions, one JSON object per line, keys sorted; returns the line count."""
    count = 0
    with Path(path).open("w", encoding="utf-8") as fh:
        for decision in decisions:
            fh.write(json.dumps(decision.to_json(), ensure_ascii=False, sort_keys=True) + "\n")
            count += 1
    return count


def read_enforcement_jsonl(path: Path | str) -> list[Decision]:
    """Decisions back from a file written by :func:`write_enforcement_jsonl`."""
    out: list[Decision] = []
    with Path(path).open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                out.append(Decision.from_json(json.loads(line)))
            except (ValueError, KeyError, TypeError) as exc:
                raise InputError(f"not a decision: {exc}", Location(path, number)) from exc
    return out
