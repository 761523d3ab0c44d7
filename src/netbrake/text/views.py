"""Normalised views of a text, each character linked back to the original.

Two views are built from the per-character folds (:mod:`netbrake.text.fold`):

* the **word view**: one folded word per original word, joined by single
  spaces; repeated letters inside a word squeezed ("selllerrr" -> "seler");
* the **run-together view**: every word concatenated with nothing between
  them, then squeezed, which undoes spacing and punctuation inserted between
  letters ("s.e.l.l.e.r", "s e l l e r").

Leetspeak applies only inside words that also contain a letter, so "chapter
14" keeps its number (issue 3): a word of digits only is folded to letters but
marked NUMERIC, and a hit made only of NUMERIC characters is discarded (a
phrase may still contain one: "10v3r5 0f 7h3 117713 ..."). A trailing number
after a plain word stays a number ("mnsfw2024" keeps its year).
"""

from __future__ import annotations

from dataclasses import dataclass

from netbrake.text.fold import LEET, LETTER, SEPARATOR, Fold, fold

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


def _words(text: str) -> list[tuple[int, int, bool, list[tuple[int, Fold]]]]:
    """Split into words: (start, end, hashtag, [(index, fold)]) with ignorables kept inside."""
    out: list[tuple[int, int, bool, list[tuple[int, Fold]]]] = []
    current: list[tuple[int, Fold]] = []
    hashtag = False
    pending_hash = False
    for i, char in enumerate(text):
        f = fold(char)
        if f.kind == SEPARATOR:
            if current:
                out.append((current[0][0], current[-1][0] + 1, hashtag, current))
                current = []
            pending_hash = char in "#\uff03"
            continue
        if f.kind == LETTER:
            if not current:
                hashtag = pending_hash
            current.append((i, f))
        elif current:
            current.append((i, f))
        pending_hash = False
    if current:
        out.append((current[0][0], current[-1][0] + 1, hashtag, current))
    return out


def _word_letters(chars: list[tuple[int, Fold]]) -> list[tuple[str, int, int]]:
    """(letters, original index, flags) for each character of a word, leet decided."""
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
    numeric = not has_alpha
    out: list[tuple[str, int, int]] = []
    invisible_flags = 0
    for k, (i, f) in enumerate(letters):
        flags = f.flags
        if k not in keep_digits and f.leet != f.text:
            text = f.leet
            flags |= LEET
        else:
            text = f.text
        out.append(
            (text.replace("i", "l"), i, flags | invisible_flags | (NUMERIC if numeric else 0))
        )
    # Ignorable characters inside the word mark the letter after them.
    marked = {i for i, f in chars if f.kind != LETTER and f.flags}
    if marked:
        flag_of = {i: f.flags for i, f in chars if f.kind != LETTER}
        out = [(t, i, fl | flag_of.get(i - 1, 0) | flag_of.get(i - 2, 0)) for t, i, fl in out]
    return out


class _Builder:
    def __init__(self) -> None:
        self.text: list[str] = []
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.flags: list[int] = []
        self.word_of: list[int] = []

    def add(self, letters: str, start: int, end: int, flags: int, word: int, squeeze: bool) -> None:
        for ch in letters:
            if squeeze and self.text and self.text[-1] == ch and self.word_of[-1] != -1:
                self.ends[-1] = end
                self.flags[-1] |= REPEAT
                continue
            self.text.append(ch)
            self.starts.append(start)
            self.ends.append(end)
            self.flags.append(flags)
            self.word_of.append(word)

    def space(self) -> None:
        self.text.append(" ")
        self.starts.append(self.ends[-1] if self.ends else 0)
        self.ends.append(self.ends[-1] if self.ends else 0)
        self.flags.append(0)
        self.word_of.append(-1)

    def view(self, words: list[Word]) -> View:
        return View(
            "".join(self.text),
            tuple(self.starts),
            tuple(self.ends),
            tuple(self.flags),
            tuple(self.word_of),
            tuple(words),
        )


def build_views(text: str) -> tuple[View, View]:
    """The word view and the run-together view of ``text`` (already truncated)."""
    word_view = _Builder()
    run_view = _Builder()
    words: list[Word] = []
    for start, end, hashtag, chars in _words(text):
        letters = _word_letters(chars)
        if not letters:
            continue
        index = len(words)
        if word_view.text:
            word_view.space()
        view_start = len(word_view.text)
        for piece, i, flags in letters:
            word_view.add(piece, i, i + 1, flags, index, squeeze=True)
            run_view.add(piece, i, i + 1, flags, index, squeeze=True)
        numeric = all(flags & NUMERIC for _, _, flags in letters)
        words.append(Word(view_start, len(word_view.text), start, end, hashtag, numeric))
    return word_view.view(words), run_view.view(words)


def skeleton(text: str) -> str:
    """The run-together, leet-folded, squeezed form used for patterns and dictionaries.

    Equal to the run-together view's text for a text with no digit runs
    (patterns and dictionary words), and the form the prefilter matches.
    """
    return build_views(text)[1].text
