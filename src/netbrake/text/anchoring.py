"""When a pattern found inside a normalised view counts as a hit (the Scunthorpe problem).

A raw substring hit is not enough: "#embroidery", "Scunthorpe", "cocktail"
and every other innocent word contains something. A hit counts only

* on word boundaries (the whole word, or a plural/number after it);
* at split points of a word that splits into common words around it
  ("#lovepedobait"), for entries matched inside hashtags;
* as a blocked term with words appended ("#mnsfwvibes", "#pedobaitonly", the
  failure of F4), for entries that accept appended words (:attr:`Pattern.appends`);

and never when the word is itself a known English word, or when a longer
common word straddles the hit's edge ("bestseller", "womenunite").

The appended-words rule (F4: "a blocked name with extra words added
must still match"). Letters or digits after a hit count as appended words when
the entry

* has ``match = "prefix"`` (a blocked name: "megalinkfree", "#mnsfwxo"), or
* is a *distinctive* term: a hashtag entry, or a high/critical keyword or
  phrase, whose folded form has at least :data:`APPEND_MIN_LETTERS` letters
  ("#pedobaitxo", "#preteensexclub", "pedowhoreonly").

For such entries the letters after the hit need not be common words ("xo"),
and a common word that begins inside the term and runs past its end is a
coincidence of the appended word ("pedobait|only" contains "tonl", "pedowh|oreo"),
not a longer innocent word. The hit is still refused when the whole word is a
known English word, or when a common word begins at or before the hit and runs
past its end: the term is then the start of a longer innocent word
(:meth:`Dictionary.extends`). Short or weak entries ("seller", "menu") take no
appended letters outside hashtags ("sellerfashion" does not hit); inside a
hashtag any entry may be followed by common words ("#sellerlife"), with every
straddling word vetoing it as before.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from netbrake.policy import MatchMode, Severity
from netbrake.text.dictionary import Dictionary, folded
from netbrake.text.views import View, Word

_PLURALS = ("s", "es", "z", "ez")
#: Fewest letters (folded) of a hashtag or strong entry that takes appended words.
APPEND_MIN_LETTERS = 6


@dataclass(frozen=True, slots=True)
class Pattern:
    """One entry's pattern as the views see it, plus what the anchoring rule needs."""

    entry_index: int
    text: str
    mode: MatchMode
    severity: Severity
    allow: tuple[str, ...]
    letters: int = 0  # letters of the term as written: more in a hit means repeated letters
    appends: bool = False  # letters after a hit count as appended words (see module doc)
    written: str = ""  # the term lowercased as written, for fold collisions ("seeing")


@dataclass(frozen=True, slots=True)
class Verdict:
    """An accepted hit: view range, and whether words were split or appended around it."""

    start: int
    end: int
    segmented: bool
    appended: bool


def _allowed(pattern: Pattern, view: View, original: str, first: int, last: int) -> bool:
    if not pattern.allow:
        return False
    words = view.words
    word_text = folded(original[words[first].start : words[last].end])
    return any(a in word_text for a in pattern.allow)


def _sides(
    pattern: Pattern,
    left: str,
    right: str,
    word: str | None,
    hashtag: bool,
    hit: tuple[int, int],
    dictionary: Dictionary,
) -> tuple[bool, bool] | None:
    """(segmented, appended) when the letters around a hit allow it, else ``None``.

    ``word`` is the whole word when the hit lies inside one word, for the
    known-word and straddling-word checks.
    """
    if not left and not right:
        return False, False
    if not left and (right in _PLURALS or right.isdigit()):
        return False, True
    if word is not None and dictionary.is_word(word):
        return None
    may_split = pattern.mode is MatchMode.INSIDE_HASHTAG or hashtag
    if left:
        if not may_split or not dictionary.segmentable(left):
            return None
        if word is not None and dictionary.crossing_word(word, *hit, right=False) is not None:
            return None
    if right:
        if pattern.appends:
            # Anything appended (F4), unless the term starts a longer common word.
            if word is not None and dictionary.extends(word, *hit) is not None:
                return None
        elif (
            not may_split
            or not dictionary.segmentable(right)
            or (word is not None and dictionary.crossing_word(word, *hit, left=False) is not None)
        ):
            return None
    return bool(left), bool(right)


def _collides(pattern: Pattern, original: str, word: Word, dictionary: Dictionary) -> bool:
    """A whole-word hit on a different common word that only folds like the term.

    Folding "i" into the "l" class and squeezing repeats makes "seeing" read
    "selng", exactly like "selling": the word as written decides.
    """
    written = original[word.start : word.end].strip("@$!|+").lower()
    return bool(pattern.written) and dictionary.is_other_word(written, pattern.written)


def word_hit(
    pattern: Pattern, view: View, start: int, end: int, original: str, dictionary: Dictionary
) -> Verdict | None:
    """Judge a hit of ``pattern`` at ``view.text[start:end]`` in the word view."""
    first, last = view.word_of[start], view.word_of[end - 1]
    if first < 0 or last < 0:
        return None
    words = view.words
    if all(w.numeric for w in words[first : last + 1]):
        return None  # digits alone are a number, never leet ("chapter 14")
    if _allowed(pattern, view, original, first, last):
        return None
    ws, we = words[first].view_start, words[last].view_end
    left, right = view.text[ws:start], view.text[end:we]
    word = view.text[ws:we] if first == last else None
    hashtag = words[first].hashtag if left else words[last].hashtag
    sides = _sides(pattern, left, right, word, hashtag, (start - ws, end - ws), dictionary)
    if sides is None or (
        sides == (False, False)
        and word is not None
        and _collides(pattern, original, words[first], dictionary)
    ):
        return None
    return Verdict(start, end, *sides)


def run_hit(
    pattern: Pattern, view: View, start: int, end: int, original: str, dictionary: Dictionary
) -> Verdict | None:
    """Judge a hit in the run-together view: letters spread over several words.

    It must start at a word's first letter and end at a word's last letter.
    Weak entries need a real disguise (letters one by one, or punctuation
    between them), so ordinary phrases such as "gift card" or "face less" stay
    innocent; strong entries also count written as separate words ("pedo bait").
    Inside one word, this view finds a phrase written as one hashtag
    ("#minornotsafeforworkvibes"), judged like a word-view hit.
    """
    first, last = view.word_of[start], view.word_of[end - 1]
    words = view.words[first : last + 1]
    if all(w.numeric for w in words):
        return None
    if _allowed(pattern, view, original, first, last):
        return None
    if first == last:
        ws = start
        while ws > 0 and view.word_of[ws - 1] == first:
            ws -= 1
        we = end
        while we < len(view.text) and view.word_of[we] == first:
            we += 1
        word = view.text[ws:we]
        left, right = view.text[ws:start], view.text[end:we]
        hit = (start - ws, end - ws)
        sides = _sides(pattern, left, right, word, words[0].hashtag, hit, dictionary)
        if sides is None or (
            sides == (False, False) and _collides(pattern, original, words[0], dictionary)
        ):
            return None
        return Verdict(start, end, *sides)
    if start > 0 and view.word_of[start - 1] == first:
        return None
    if end < len(view.text) and view.word_of[end] == last:
        return None
    if pattern.severity.rank < Severity.HIGH.rank:
        gaps = [original[a.end : b.start] for a, b in itertools.pairwise(words)]
        letter_by_letter = all(w.end - w.start <= 2 for w in words)
        punctuated = any(not g.isspace() for g in gaps)
        if not (letter_by_letter or punctuated):
            return None
    return Verdict(start, end, False, False)
