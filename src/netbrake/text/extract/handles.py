"""Handles named in a text, and how they relate to the writer ("backup @name").

Users list backup account handles in their bios and resume with the same
followers after a takedown (CONTEXT.md F6); identity linking reads these.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from netbrake.text.batch import joined_texts
from netbrake.text.scan import HandleMention

# The "@" first and the look-behind after it: the regex engine then jumps from
# "@" to "@" instead of trying the look-behind at every position (3x faster).
_HANDLE = re.compile(r"@(?<![\w@.]@)([A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?)")
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


def _may_relate(text: str) -> bool:
    """False when no relation pattern can match ``text`` (a cheap necessary condition).

    Each alternative of the patterns contains one of these literals ("up" of
    "back up", "bu", "acc" of "2nd acc", ...). The case-insensitive search
    costs ~20 us per text, these substring tests well under one.
    """
    low = text.lower()
    # re.I also reads "ı" and "ſ" as "i" and "s", which str.lower leaves as they are.
    return (
        "up" in low
        or "bu" in low
        or "b/u" in low
        or "alt" in low
        or "acc" in low
        or "new" in low
        or "moved" in low
        or "now" in low
        or "follow" in low
        or "main" in low
        or "ı" in text
        or "ſ" in text
    )


def _relation(text: str, start: int, end: int) -> str:
    before = text[max(0, start - WINDOW_BEFORE) : start]
    # Only the words since the previous handle or line speak about this handle.
    before = _SPEAKER_BREAK.split(before)[-1]
    after = text[end : end + WINDOW_AFTER].split("\n")[0].split("@")[0]
    for part in (before, after):
        if not _may_relate(part):
            continue
        if _ANY_RELATION.search(part) is None:
            continue
        for name, pattern in _RELATIONS:
            if pattern.search(part):
                return name
    return "mention"


def extract_handle_mentions_many(texts: Sequence[str]) -> list[list[HandleMention]]:
    """:func:`extract_handle_mentions` of each text (none holds a NUL), one regex pass for all.

    The handle pattern reads a NUL between texts as it reads a text's start or
    end; a text with a possible relation word is read on its own.
    """
    out: list[list[HandleMention]] = [[] for _ in texts]
    alone: set[int] = set()
    joined, owner = joined_texts(texts)
    for m in _HANDLE.finditer(joined):
        i, offset = owner(m.start())
        if i in alone:
            continue
        if not out[i] and _may_relate(texts[i]):
            alone.add(i)
            continue
        span = (m.start() - offset, m.end() - offset)
        out[i].append(HandleMention(m.group(1).lower(), "mention", span))
    for i in alone:
        out[i] = extract_handle_mentions(texts[i])
    return out


def extract_handle_mentions(text: str) -> list[HandleMention]:
    """Every @handle (lowercased, without "@") with its relation; spans index ``text``."""
    out: list[HandleMention] = []
    related = _may_relate(text)
    for m in _HANDLE.finditer(text):
        relation = _relation(text, m.start(), m.end()) if related else "mention"
        out.append(HandleMention(m.group(1).lower(), relation, (m.start(), m.end())))
    return out
