"""Normalised views of a text, each character linked back to the original.

Two views are built from the per-character folds (:mod:`netbrake.text.fold`):

* the **word view**: one folded word per original word, joined by single
  spaces; repeated letters inside a word squeezed ("selllerrr" -> "seler");
* the **run-together view**: every word concatenated with nothing between
  them, then squeezed, which undoes spacing and punctuation inserted between
  letters ("s.e.l.l.e.r", "s e l l e r").

Leetspeak applies only inside words that also contain a letter, so "chapter
14" keeps its number: a word of digits only is folded to letters but
marked NUMERIC, and a hit made only of NUMERIC characters is discarded (a
phrase may still contain one: "10v3r5 0f 7h3 117713 ..."). A trailing number
after a plain word stays a number ("mnsfw2024" keeps its year).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from netbrake.text.fold import CASE, IGNORABLE, LEET, LETTER, LazyTable, fold

REPEAT = 64  # letters squeezed
NUMERIC = 256  # from a word of digits only: may be leet only inside a phrase with words
SPACING = 128  # found only with the words run together

#: Texts are cut to this many characters before matching (recorded as truncated).
MAX_CHARS = 20_000


@dataclass(frozen=True, slots=True)
class Word:
    """One word of the word view: its range there and in the original text."""

    view_start: int
    view_end: int
    start: int
    end: int
    hashtag: bool
    numeric: bool = False


@dataclass(frozen=True, slots=True)
class View:
    """A normalised text; ``starts[k]:ends[k]`` is the original range of character k.

    ``flags[k]`` is the bit set of disguises undone for character k;
    ``word_of[k]`` the index in ``words`` of its word (-1 for a space).
    """

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    flags: tuple[int, ...]
    word_of: tuple[int, ...]
    words: tuple[Word, ...]


class _KindTable(LazyTable):
    """A lazy ``str.translate`` table: code point -> its kind (LETTER, IGNORABLE, SEPARATOR)."""

    def value(self, cp: int) -> str:
        return fold(chr(cp)).kind


_KINDS = _KindTable()
#: A word: a letter, then letters and ignorables (ignorables before it are dropped).
_WORD = re.compile(f"{LETTER}[{LETTER}{IGNORABLE}]*")
_HASH_SIGNS = ("#", "\uff03")


def _words(text: str) -> list[tuple[int, int, bool]]:
    """Split into words: (start, end, hashtag), ignorables inside a word kept in its range.

    A word is a hashtag when the character just before its first letter is "#".
    The kinds come from one ``str.translate`` and the words from one regex scan.
    """
    kinds = text.translate(_KINDS)
    return [
        (m.start(), m.end(), m.start() > 0 and text[m.start() - 1] in _HASH_SIGNS)
        for m in _WORD.finditer(kinds)
    ]


def _word_letters(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    """(letters, original index, flags) for each character of ``text[start:end]``, leet decided."""
    word = text[start:end]
    if word.isascii() and word.isalpha():
        # The common case, equal to the general one below: plain letters, case folded.
        return [
            ("l" if c in "iIlL" else c.lower(), i, CASE if c.isupper() else 0)
            for i, c in enumerate(word, start)
        ]
    chars = [(i, fold(c)) for i, c in enumerate(word, start)]
    letters = [(i, f) for i, f in chars if f.kind == LETTER]
    # Trailing symbols such as "!!!" are punctuation, not leet.
    while letters and letters[-1][1].text in ("!", "|", "+", "$", "@"):
        letters.pop()
    has_alpha = any(f.is_alpha for _, f in letters)
    n = len(letters)
    keep_digits: set[int] = set()
    # A trailing number after a plain word is a number ("mnsfw2024"), not leet;
    # anywhere else a digit in a word with letters stands for a letter ("53ll3r").
    run = 0
    while run < n and letters[n - 1 - run][1].text.isdigit():
        run += 1
    rest = letters[: n - run]
    if run >= 2 and len(rest) >= 3 and not any(f.text.isdigit() for _, f in rest):
        keep_digits.update(range(n - run, n))
    numeric = NUMERIC if not has_alpha else 0
    out: list[tuple[str, int, int]] = []
    for k, (i, f) in enumerate(letters):
        if k not in keep_digits and f.leet != f.text:
            out.append((f.leet.replace("i", "l"), i, f.flags | LEET | numeric))
        else:
            out.append((f.text.replace("i", "l"), i, f.flags | numeric))
    # Ignorable characters inside the word mark the letter after them.
    flag_of = {i: f.flags for i, f in chars if f.kind != LETTER and f.flags}
    if flag_of:
        out = [(t, i, fl | flag_of.get(i - 1, 0) | flag_of.get(i - 2, 0)) for t, i, fl in out]
    return out


def build_views(text: str) -> tuple[View, View]:
    """The word view and the run-together view of ``text`` (already truncated).

    Both views are filled in one pass over the letters (this runs for every
    text with a lexicon candidate, so it is written for speed): the word view
    squeezes repeated letters within a word, the run-together view across
    words too.
    """
    w_text: list[str] = []
    w_starts: list[int] = []
    w_ends: list[int] = []
    w_flags: list[int] = []
    w_word: list[int] = []
    r_text: list[str] = []
    r_starts: list[int] = []
    r_ends: list[int] = []
    r_flags: list[int] = []
    r_word: list[int] = []
    words: list[Word] = []
    for start, end, hashtag in _words(text):
        letters = _word_letters(text, start, end)
        if not letters:
            continue
        index = len(words)
        if w_text:
            last = w_ends[-1]
            w_text.append(" ")
            w_starts.append(last)
            w_ends.append(last)
            w_flags.append(0)
            w_word.append(-1)
        view_start = len(w_text)
        numeric = True
        first = True  # the word view never squeezes across the space before a word
        for piece, i, flags in letters:
            if not flags & NUMERIC:
                numeric = False
            for ch in piece:
                if not first and w_text[-1] == ch:
                    w_ends[-1] = i + 1
                    w_flags[-1] |= REPEAT
                else:
                    w_text.append(ch)
                    w_starts.append(i)
                    w_ends.append(i + 1)
                    w_flags.append(flags)
                    w_word.append(index)
                first = False
                if r_text and r_text[-1] == ch:
                    r_ends[-1] = i + 1
                    r_flags[-1] |= REPEAT
                else:
                    r_text.append(ch)
                    r_starts.append(i)
                    r_ends.append(i + 1)
                    r_flags.append(flags)
                    r_word.append(index)
        words.append(Word(view_start, len(w_text), start, end, hashtag, numeric))
    all_words = tuple(words)
    return (
        View("".join(w_text), tuple(w_starts), tuple(w_ends), tuple(w_flags), tuple(w_word),
             all_words),
        View("".join(r_text), tuple(r_starts), tuple(r_ends), tuple(r_flags), tuple(r_word),
             all_words),
    )  # fmt: skip


def skeleton(text: str) -> str:
    """The run-together, leet-folded, squeezed form used for patterns and dictionaries.

    Equal to the run-together view's text for a text with no digit runs
    (patterns and dictionary words), and the form the prefilter matches.
    """
    return build_views(text)[1].text
