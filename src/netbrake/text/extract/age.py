"""Age claims: "on chapter 14", "age 13", "14 yo", "turning 14", and "age 31⏪" read backwards.

The reverse-arrow convention is from F5: a number followed by a
reverse-arrow emoji is meant reversed (31 -> 13).
"""

from __future__ import annotations

import re

from netbrake.text.scan import AgeClaim

#: Reverse-arrow emoji (each with or without variation selector U+FE0F).
REVERSE_ARROWS = ("⏪", "◀", "↩", "🔙", "⬅", "🔄", "↪", "⤴", "◁", "⇦", "←")

_NUM = r"(\d{1,2})(?!\d)"
_ARROW = "(?:" + "|".join(re.escape(a) for a in REVERSE_ARROWS) + ")\ufe0f?"
_CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("chapter", re.compile(rf"\b(?:on\s+)?(?:chapter|chap|ch\.?)\s*{_NUM}", re.I)),
    ("age", re.compile(rf"\b(?:age|aged|edad)\s*[:=\-]?\s*{_NUM}", re.I)),
    (
        "yo",
        re.compile(
            rf"(?<!\d){_NUM}\s*(?:yo|y/o|y\.o\.?|yrs?(?:\s*old)?|years?\s*old|yr\s*old)\b", re.I
        ),
    ),
    ("turning", re.compile(rf"\bturning\s+{_NUM}", re.I)),
    ("im", re.compile(rf"\b(?:i'?m|i\s+am)\s+{_NUM}\b(?!\s*(?:%|\$|k\b|min|am|pm|h\b))", re.I)),
    ("arrow", re.compile(rf"(?<!\d){_NUM}\s*{_ARROW}")),
)
_ARROW_AFTER = re.compile(rf"\s*[.,:;!]?\s*{_ARROW}")
# Before the six searches above, a cheap look around each number: most texts
# with a number have no age cue next to it (regex alternations are slow here).
_NUMBER = re.compile(r"\d+")
_BEFORE = ("chapter", "chap", "ch", "age", "aged", "ages", "edad", "turning", "i'm", "im", "am")
_AFTER = ("yo", "y/o", "y.o", "yr", "year")


def _near_cue(text: str) -> bool:
    for m in _NUMBER.finditer(text):
        before = text[max(0, m.start() - 12) : m.start()]
        after = text[m.end() : m.end() + 6]
        if not (before.isascii() and after.isascii()):
            return True  # an arrow emoji, or a non-ASCII digit or cue: look properly
        words = before.lower().replace(":", " ").replace("=", " ").replace("-", " ").split()
        if words and words[-1].rstrip(".") in _BEFORE:
            return True
        if after.lower().lstrip().startswith(_AFTER):
            return True
    return False


def extract_age_claims(text: str) -> list[AgeClaim]:
    """Every age claim in ``text``, in order of position; spans index ``text``."""
    found: dict[int, AgeClaim] = {}
    if not _near_cue(text):
        return []
    for cue, pattern in _CUES:
        for m in pattern.finditer(text):
            start, end = m.start(1), m.end(1)
            if start in found:
                continue
            written = int(m.group(1))
            arrow = _ARROW_AFTER.match(text, end)
            if cue == "arrow" or arrow:
                span_end = m.end() if cue == "arrow" else arrow.end() if arrow else m.end()
                digits = str(written)
                age = int(digits[::-1]) if len(digits) == 2 else written
                found[start] = AgeClaim(age, written, True, cue, (m.start(), span_end))
            elif written > 0:
                found[start] = AgeClaim(written, written, False, cue, (m.start(), m.end()))
    return [found[k] for k in sorted(found)]
