"""Cheap stand-ins for a text that the prefilter and the extractor gates read.

The views (:mod:`netbrake.text.views`) are exact but cost microseconds per
character in Python, so the matcher decides from cheaper forms whether they
are needed at all, and where:

* the **ASCII proxy** of a text whose non-ASCII characters are all emoji-like
  (separators that are neither letters, digits, spaces nor characters any
  extractor pattern names): each such character replaced by "?". It has the
  same words, letters and symbols as the text, so the skeleton computed from it
  is the text's; and every extractor regex decides the same on it;
* the **exact skeleton** with owners: the run-together letters exactly as the
  views read them (ignorables skipped, symbols "@$!|+" as letters inside a word
  and dropped at its end, digits as leet), each linked to the original
  character, squeezed; a lexicon key found in it gives the **window** of whole
  words around it, and the views are built for the windows only (throughput).
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from netbrake.text.extract import EXTRACTOR_LITERALS
from netbrake.text.fold import IGNORABLE, LEET_SYMBOLS, SEPARATOR, LazyTable, ascii_tables, fold

_NOT_ASCII = re.compile(r"[^\x00-\x7f]+")
#: Symbols at the end of a word (before a separator, NUL or the end): punctuation, not leet.
TRAILING_SYMBOLS = re.compile(rb"[@$!|+][@$!|+\x01]*(?![0-9A-Za-z@$!|+\x01])")
#: What an ignorable character (zero-width, variation selector) becomes in an ASCII
#: stand-in when the text has symbols: inside a word, deleted from the skeleton.
IGNORED_MARK = "\x01"
#: bytes.translate (table, delete) to the skeleton with "@$!|+" dropped / read as
#: letters (False / True); NUL, the batch separator, is kept.
SKELETON_BYTES = {False: ascii_tables(False, True), True: ascii_tables(True, True)}
#: Non-ASCII characters that decide nothing for the skeleton (separators) or the extractors.
PLAIN_CLASS, IGNORED_CLASS, LETTER_CLASS, GATED_CLASS = 1, 2, 4, 8
#: Classes of the non-ASCII characters of a text, by those characters (emoji repeat).
_CLASSES: dict[str, int] = {}


@lru_cache(maxsize=65_536)
def char_class(char: str) -> int:
    kind = fold(char).kind
    out = PLAIN_CLASS if kind == SEPARATOR else IGNORED_CLASS if kind == IGNORABLE else LETTER_CLASS
    if char.isalnum() or char.isspace() or char in EXTRACTOR_LITERALS:
        out |= GATED_CLASS
    return out


def ascii_proxy(text: str) -> tuple[str | None, bool]:
    """(skeleton source, gate proxy usable) for a non-ASCII ``text``.

    The skeleton source is an ASCII string with the same skeleton as ``text``
    (``None`` when a non-ASCII character is a letter: use :func:`exact_skeleton`);
    the second value says whether that string is also a proxy the extractor
    gates may read (no non-ASCII letter, digit, space or pattern character).
    """
    others = "".join(_NOT_ASCII.findall(text))
    classes = _CLASSES.get(others)
    if classes is None:
        classes = 0
        for char in others:
            classes |= char_class(char)
        if len(_CLASSES) > 100_000:
            _CLASSES.clear()
        _CLASSES[others] = classes
    if classes & LETTER_CLASS:
        return None, False
    if classes & IGNORED_CLASS and any(s in text for s in LEET_SYMBOLS):
        # An ignorable joins what "?" would split ("s$\u200bller"): it becomes IGNORED_MARK.
        return marked_proxy(text), not classes & GATED_CLASS
    return text.encode("ascii", "replace").decode("ascii"), not classes & GATED_CLASS


class _MarkTable(LazyTable):
    """A lazy ``str.translate`` table: ASCII kept, an ignorable to IGNORED_MARK, else "?"."""

    def value(self, cp: int) -> str:
        char = chr(cp)
        if cp < 128:
            return char
        return IGNORED_MARK if char_class(char) & IGNORED_CLASS else "?"


_MARKED = _MarkTable()


def marked_proxy(text: str) -> str:
    """``text`` with each non-ASCII character as "?", or IGNORED_MARK for an ignorable."""
    return text.translate(_MARKED)


def has_symbols(text: str) -> bool:
    return "@" in text or "$" in text or "!" in text or "|" in text or "+" in text


def plain_skeleton(source: str) -> str:
    """Skeleton of an ASCII source with "@$!|+" dropped (exact when it has none)."""
    return source.encode("ascii").translate(*SKELETON_BYTES[False]).decode("ascii")


def symbol_skeleton(source: str) -> str:
    """Skeleton of an ASCII source with symbols read as the views read them.

    Inside a word a symbol is a letter ("s$ller"), at its end punctuation ("wow!").
    """
    inner = TRAILING_SYMBOLS.sub(b"", source.encode("ascii"))
    return inner.translate(*SKELETON_BYTES[True]).decode("ascii")


def exact_skeleton(text: str) -> tuple[str, list[int]]:
    """The run-together letters as the views read them, and each one's original index.

    Not squeezed. Digits are always leet here (the views keep a trailing
    number as digits), so a key found in the views is found here too.

    Computed as :func:`ascii_skeleton` of the text's *folded stand-in* (each
    character as one ASCII character, by one ``str.translate``) when every
    character has one; :func:`exact_skeleton_by_character` otherwise.
    """
    stand_in = text.translate(_STAND_IN)
    if _UNSUPPORTED in stand_in:
        return exact_skeleton_by_character(text)
    return ascii_skeleton(stand_in)


def exact_skeleton_by_character(text: str) -> tuple[str, list[int]]:
    """:func:`exact_skeleton`, character by character: the definition, and the path for
    characters folding to several letters ("ß") or to none."""
    out: list[str] = []
    owners: list[int] = []
    trailing = 0
    for i, char in enumerate(text):
        f = fold(char)
        if f.kind == SEPARATOR:
            if trailing:
                del out[-trailing:], owners[-trailing:]
                trailing = 0
            continue
        if f.kind == IGNORABLE:
            continue
        letters = f.leet.replace("i", "l")
        out.extend(letters)
        owners.extend([i] * len(letters))
        trailing = trailing + len(letters) if char in LEET_SYMBOLS else 0
    if trailing:
        del out[-trailing:], owners[-trailing:]
    return "".join(out), owners


_WORD = re.compile(r"[0-9A-Za-z@$!|+\x01]+")
_ASCII_LETTERS = str.maketrans(
    {chr(b): fold(chr(b)).leet.replace("i", "l") for b in range(128) if fold(chr(b)).leet}
    | {IGNORED_MARK: None}
)


def ascii_skeleton(source: str) -> tuple[str, list[int]]:
    """:func:`exact_skeleton` of a text from its ASCII stand-in (same indices), faster."""
    parts: list[str] = []
    owners: list[int] = []
    for m in _WORD.finditer(source):
        kept = m.group().rstrip("@$!|+\x01")
        if kept:
            parts.append(kept)
            at = m.start()
            if IGNORED_MARK in kept:
                owners.extend(at + k for k, c in enumerate(kept) if c != IGNORED_MARK)
            else:
                owners.extend(range(at, at + len(kept)))
    return "".join(parts).translate(_ASCII_LETTERS), owners


#: A character :func:`exact_skeleton` cannot stand in for with one ASCII character.
_UNSUPPORTED = "\x02"


class _StandInTable(LazyTable):
    """A lazy ``str.translate`` table: each character as one ASCII character that
    :func:`ascii_skeleton` reads as the views read the original.

    ASCII letters, digits and "@$!|+" stay; any other letter becomes its single
    leet letter (never a symbol, so never trailing punctuation), an ignorable
    becomes IGNORED_MARK, a separator a space; a letter folding to several
    letters, to none or to a non-ASCII one becomes _UNSUPPORTED.
    """

    def value(self, cp: int) -> str:
        char = chr(cp)
        f = fold(char)
        if char.isascii() and (char.isalnum() or char in LEET_SYMBOLS):
            return char
        if f.kind == SEPARATOR:
            return " "
        if f.kind == IGNORABLE:
            return IGNORED_MARK
        letters = f.leet.replace("i", "l")
        ok = len(letters) == 1 and letters.isascii() and letters.isalpha()
        return letters if ok else _UNSUPPORTED


_STAND_IN = _StandInTable()
_RUNS = re.compile(r"(.)\1+", re.S)


def squeezed(skeleton: str) -> tuple[str, list[int], list[int]]:
    """``skeleton`` with runs of one letter squeezed, and each letter's run (start, end).

    Works run by run (few in a skeleton), not letter by letter.
    """
    letters: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    done = 0
    for run in _RUNS.finditer(skeleton):
        first, last = run.span()
        letters.append(skeleton[done : first + 1])
        starts.extend(range(done, first + 1))
        ends.extend(range(done + 1, first + 1))
        ends.append(last)
        done = last
    letters.append(skeleton[done:])
    starts.extend(range(done, len(skeleton)))
    ends.extend(range(done + 1, len(skeleton) + 1))
    return "".join(letters), starts, ends


def _word_start(text: str, at: int) -> int:
    """Index of the separator before the word holding ``at`` (0 when none)."""
    while at > 0 and fold(text[at - 1]).kind != SEPARATOR:
        at -= 1
    return max(at - 1, 0)


def _word_end(text: str, at: int) -> int:
    """Index of the separator after the word holding ``at`` (the length when none)."""
    while at < len(text) and fold(text[at]).kind != SEPARATOR:
        at += 1
    return at


def windows(
    text: str, spans: list[tuple[int, int]], skeleton: str, owners: list[int]
) -> list[tuple[int, int]]:
    """Ranges of whole words around each original ``span``, merged, in order.

    A window starts AT the separator before its first word (so a "#" still
    marks a hashtag) and ends before the separator after its last word. It
    grows by a word while its edge letter equals the letter across the edge,
    because the run-together view squeezes such letters into one ("l !seller"):
    so the views of the window equal the views of the whole text there.
    """
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        a, b = _word_start(text, start), _word_end(text, end)
        while True:
            first = bisect.bisect_left(owners, a)
            last = bisect.bisect_left(owners, b) - 1
            if 0 < first < len(skeleton) and skeleton[first - 1] == skeleton[first]:
                a = _word_start(text, owners[first - 1])
            elif 0 <= last < len(skeleton) - 1 and skeleton[last + 1] == skeleton[last]:
                b = _word_end(text, owners[last + 1])
            else:
                break
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out
