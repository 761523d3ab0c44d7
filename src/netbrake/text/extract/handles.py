"""Handles named in a text, and how they relate to the writer ("backup @name").

Users list backup account handles in their bios and resume with the same
followers after a takedown (CONTEXT.md F6); identity linking reads these.
"""

from __future__ import annotations

import re

from netbrake.text.scan import HandleMention

_HANDLE = re.compile(r"(?<![\w@.])@([A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?)")
_RELATIONS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("backup", re.compile(r"b(?:a|4)c?k\s*-?\s*up|bckup|bkup|\bb/u\b|\bbu\b", re.I)),
    (
        "alternate",
        re.compile(r"\balt\b|alternat|second\s+acc|2nd\s+acc|other\s+acc|spam\s+acc", re.I),
    ),
    (
        "new",
        re.compile(
            r"\bnew\s+(?:acc|account|page|profile)|moved\s+to|now\s+at|follow\s+me\s+at", re.I
        ),
    ),
    ("main", re.compile(r"\bmain\b", re.I)),
)
# Where the words about an earlier handle or line end.
_SPEAKER_BREAK = re.compile(r"@\w+|\n|\|")
# Any relation at all: one search before the ordered ones (most handles have none).
_ANY_RELATION = re.compile("|".join(f"(?:{p.pattern})" for _, p in _RELATIONS), re.I)
#: How far before (and after) a handle a relation word may stand.
WINDOW_BEFORE = 30
WINDOW_AFTER = 20


def _relation(text: str, start: int, end: int) -> str:
    before = text[max(0, start - WINDOW_BEFORE) : start]
    # Only the words since the previous handle or line speak about this handle.
    before = _SPEAKER_BREAK.split(before)[-1]
    after = text[end : end + WINDOW_AFTER].split("\n")[0].split("@")[0]
    for part in (before, after):
        if _ANY_RELATION.search(part) is None:
            continue
        for name, pattern in _RELATIONS:
            if pattern.search(part):
                return name
    return "mention"


def extract_handle_mentions(text: str) -> list[HandleMention]:
    """Every @handle (lowercased, without "@") with its relation; spans index ``text``."""
    out: list[HandleMention] = []
    for m in _HANDLE.finditer(text):
        handle = m.group(1).lower()
        out.append(HandleMention(handle, _relation(text, m.start(), m.end()), (m.start(), m.end())))
    return out
