"""English words for telling a disguised term from an innocent word (the Scunthorpe problem).

The words come from ``wordfreq``'s large English list, which ships inside the
package (no download). They are kept in the same folded form as the views
(leet and case folded, repeated letters squeezed), so a view word can be
looked up directly.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from netbrake.text.fold import SYMBOL_SKELETON_TABLE

#: Words used to split hashtags and to spot a longer word around a hit.
SEGMENT_WORDS = 60_000
#: Words whose presence as a whole word vetoes a partial hit inside it.
KNOWN_WORDS = 320_000

_SQUEEZE = re.compile(r"(.)\1+")
# Two-letter words that commonly start or end hashtags ("#mylife", "#gonow").
_SHORT = (
    "a",
    "l",
    "my",
    "me",
    "to",
    "of",
    "on",
    "ln",
    "ls",
    "lt",
    "we",
    "us",
    "go",
    "no",
    "so",
    "by",
    "up",
    "at",
    "be",
    "do",
    "he",
    "or",
    "an",
    "ok",
)


def squeeze(text: str) -> str:
    """Repeated characters squeezed to one ("selllerrr" -> "seler")."""
    return _SQUEEZE.sub(r"\1", text)


def folded(word: str) -> str:
    """A word in view form: leet/case/homoglyph folded, separators dropped, squeezed."""
    return squeeze(word.translate(SYMBOL_SKELETON_TABLE))


@lru_cache(maxsize=4)
def english_words(n: int) -> tuple[str, ...]:
    """The ``n`` most common English words of wordfreq's large list, most common first."""
    from wordfreq import top_n_list

    return tuple(top_n_list("en", n, wordlist="large"))


class Dictionary:
    """Folded English words, and the questions the matcher asks of them."""

    def __init__(self, segment_words: Iterable[str], known_words: Iterable[str]):
        self.segment = {w for w in (folded(x) for x in segment_words) if len(w) >= 3}
        self.segment.update(_SHORT)
        self.known = {folded(x) for x in known_words}
        #: Common words as written (lowercase), to tell an innocent word from a disguise
        #: that folds onto the same letters ("seeing" and "selling" both fold to "selng").
        self.common = {x.lower() for x in segment_words}
        self.longest = max((len(w) for w in self.segment), default=1)
        self.longest_known = max((len(w) for w in self.known), default=1)

    def is_word(self, word: str) -> bool:
        """True when a whole view word is a known English word."""
        return word in self.known

    def is_other_word(self, written: str, term: str) -> bool:
        """True when ``written`` (lowercase, as in the text) is a common word other than
        ``term`` or its plural: a fold collision, not a disguise of ``term``."""
        return written in self.common and written not in (term, term + "s", term + "es")

    def segmentable(self, part: str) -> bool:
        """True when ``part`` splits entirely into common words and numbers ("" counts)."""
        n = len(part)
        ok = [False] * (n + 1)
        ok[0] = True
        for i in range(n):
            if not ok[i]:
                continue
            if part[i].isdigit():
                j = i
                while j < n and part[j].isdigit():
                    j += 1
                ok[j] = True
                continue
            for j in range(i + 1, min(n, i + self.longest) + 1):
                if part[i:j] in self.segment:
                    ok[j] = True
        return ok[n]

    def crossing_word(
        self, word: str, start: int, end: int, *, left: bool = True, right: bool = True
    ) -> str | None:
        """A common word (4+ letters) in ``word`` that straddles ``start`` or ``end``.

        "bestseller" straddles the start of "seller"; "women" the start of
        "menu" in "womenunite". A plural of the hit itself does not count.
        ``left``/``right`` false skips words straddling that edge.
        """
        n = len(word)
        hit = word[start:end]
        for i in range(0, n):
            for j in range(i + 4, min(n, i + self.longest) + 1):
                straddles = (left and i < start < j) or (right and i < end < j)
                if not straddles or (i >= start and j <= end):
                    continue
                candidate = word[i:j]
                if candidate in self.segment and candidate not in (hit + "s", hit + "es"):
                    return candidate
        return None

    def extends(self, word: str, start: int, end: int) -> str | None:
        """A known word (4+ letters) of ``word`` that begins at or before ``start`` and
        runs past ``end``: the hit is the beginning of a longer word ("pedometer"
        for "pedo"). A plural of the hit itself does not count.
        """
        hit = word[start:end]
        for i in range(0, start + 1):
            for j in range(max(end + 1, i + 4), min(len(word), i + self.longest_known) + 1):
                candidate = word[i:j]
                if candidate in self.known and candidate not in (hit + "s", hit + "es"):
                    return candidate
        return None


@lru_cache(maxsize=1)
def default_dictionary() -> Dictionary:
    """The shared dictionary (built once per process, about a second)."""
    words = english_words(KNOWN_WORDS)
    return Dictionary(words[:SEGMENT_WORDS], words)
