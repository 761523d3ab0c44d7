"""Handles named in a text, and how they relate to the writer ("backup @name").

Users list backup account handles in their bios and resume with the same
followers after a takedown (F6); identity linking reads these.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import ahocorasick_rs
import numpy as np

from netbrake.text.batch import owners
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
# Any relation at all: one search before the ordered ones (most handles have none) ...
_ANY_RELATION = re.compile("|".join(f"(?:{p.pattern})" for _, p in _RELATIONS), re.I)
# ... and the same for lowercased ASCII text, 8x faster: every alternative starts with a
# literal character ("\\bbu" as "b(?<!\\wb)u"), so the engine skips to where one stands.
_ANY_RELATION_ASCII = re.compile(
    r"b(?:a|4)c?k\s*-?\s*up|bckup|bkup|b(?<!\wb)/u\b|b(?<!\wb)u\b"
    r"|a(?<!\wa)lt\b|alternat|second\s+acc|2nd\s+acc|other\s+acc|spam\s+acc"
    r"|n(?<!\wn)ew\s+(?:acc|account|page|profile)|moved\s+to|now\s+at|follow\s+me\s+at"
    r"|m(?<!\wm)ain\b"
)
#: How far before (and after) a handle a relation word may stand.
WINDOW_BEFORE = 30
WINDOW_AFTER = 20


#: One of these is in every match of a relation pattern ("up" of "back up", "bu", "acc"
#: of "2nd acc", ...), lowercased ...
_HINTS = (b"up", b"bu", b"b/u", b"alt", b"acc", b"new", b"moved", b"now", b"follow", b"main")
#: ... unless the match holds one of the non-ASCII characters re.I reads as an ASCII
#: letter ("ı" and "İ" as "i", "ſ" as "s", the Kelvin sign as "k").
_ODD = ("ı", "İ", "ſ", "\u212a")
_HINT_FINDER = ahocorasick_rs.BytesAhoCorasick(
    list(_HINTS), implementation=ahocorasick_rs.Implementation.DFA
)


def _may_relate(text: str) -> bool:
    """False when no relation pattern can match ``text`` (a cheap necessary condition).

    The case-insensitive search costs ~20 us per text, these substring tests
    well under one.
    """
    low = text.encode("ascii", "replace").lower()
    return any(hint in low for hint in _HINTS) or (
        not text.isascii() and any(odd in text for odd in _ODD)
    )


def _relation(text: str, start: int, end: int) -> str:
    before = text[max(0, start - WINDOW_BEFORE) : start]
    # Only the words since the previous handle or line speak about this handle.
    before = _SPEAKER_BREAK.split(before)[-1]
    after = text[end : end + WINDOW_AFTER].split("\n")[0].split("@")[0]
    for part in (before, after):
        if part.isascii():
            if _ANY_RELATION_ASCII.search(part.lower()) is None:
                continue
        elif not _may_relate(part) or _ANY_RELATION.search(part) is None:
            continue
        for name, pattern in _RELATIONS:
            if pattern.search(part):
                return name
    return "mention"


def extract_handle_mentions_many(texts: Sequence[str]) -> list[list[HandleMention]]:
    """:func:`extract_handle_mentions` of each text (none holds a NUL), one pass for all.

    The handle pattern reads a NUL between texts as it reads a text's start or
    end. The relation hints are found once for all texts; a handle with none
    in reach is a plain mention without reading its neighbourhood.
    """
    joined = "\x00".join(texts)
    out: list[list[HandleMention]] = [[] for _ in texts]
    found = [(m.start(), m.end(), m.group(1)) for m in _HANDLE.finditer(joined)]
    if not found:
        return out
    at = np.array([f[0] for f in found], dtype=np.intp)
    end = np.array([f[1] for f in found], dtype=np.intp)
    owner, offset = owners(texts, at)
    limit = offset + np.array([len(texts[i]) for i in owner.tolist()], dtype=np.intp)
    # A relation hint within reach of the handle (the windows _relation reads), in its
    # text; one byte per character, so the positions index ``joined``.
    low = joined.encode("ascii", "replace").lower()
    hints = np.sort(
        np.array([s for _, s, _ in _HINT_FINDER.find_matches_as_indexes(low, overlapping=True)],
                 dtype=np.intp)
    )  # fmt: skip
    hints = np.append(hints, len(joined))  # never within reach: no bounds test below
    first = np.searchsorted(hints, np.maximum(offset, at - WINDOW_BEFORE))
    near = hints[first] < np.minimum(limit, end + WINDOW_AFTER)
    if not joined.isascii() and any(c in joined for c in _ODD):
        odd = [i for i, text in enumerate(texts) if any(c in text for c in _ODD)]
        near |= np.isin(owner, odd)
    for (start, stop, name), i, base, close in zip(
        found, owner.tolist(), offset.tolist(), near.tolist(), strict=True
    ):
        span = (start - base, stop - base)
        relation = _relation(texts[i], *span) if close else "mention"
        out[i].append(HandleMention(name.lower(), relation, span))
    return out


def extract_handle_mentions(text: str) -> list[HandleMention]:
    """Every @handle (lowercased, without "@") with its relation; spans index ``text``."""
    out: list[HandleMention] = []
    related = _may_relate(text)
    for m in _HANDLE.finditer(text):
        relation = _relation(text, m.start(), m.end()) if related else "mention"
        out.append(HandleMention(m.group(1).lower(), relation, (m.start(), m.end())))
    return out
