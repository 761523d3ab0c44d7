"""The indicator vocabulary planted in network text, and the disguises applied to it.

The canonical tokens are the public indicators of F5 (explicit
hashtags and the #mnsfw family, the map and cheese-pizza emoji codes, seller
words, age claims such as "on chapter 14" or "age 31" plus a reverse arrow,
"faceless", payment methods, menus, off-platform links, the "little things"
euphemism). Each disguise is one evasion seen in the wild and named in F4/F5:
leetspeak, homoglyphs, dotted or spaced letters, zero-width joiners, repeated
letters, appended words and fullwidth letters. Fixtures carry indicator
tokens only, never descriptive text. Every planted string is recorded as a
:class:`Fragment` so tests can check that netbrake's text matcher finds it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

import numpy as np


class IndicatorKind(StrEnum):
    """The category of a planted indicator, as the lexicon groups them."""

    HASHTAG = "hashtag"
    EMOJI = "emoji"
    SELLER_TERM = "seller_term"
    AGE_CLAIM = "age_claim"
    FACELESS = "faceless"
    PAYMENT = "payment"
    MENU = "menu"
    LINK = "link"
    EUPHEMISM = "euphemism"


#: Canonical tokens per kind (F5). Age claims are built from an age.
VOCABULARY: dict[IndicatorKind, tuple[str, ...]] = {
    IndicatorKind.HASHTAG: ("pedowhore", "preteensex", "pedobait", "mnsfw"),
    IndicatorKind.EMOJI: ("🗺️", "🍕"),
    IndicatorKind.SELLER_TERM: ("seller", "selling"),
    IndicatorKind.AGE_CLAIM: ("on chapter {age}", "{age} yo", "age {reversed}{arrow}"),
    IndicatorKind.FACELESS: ("faceless",),
    IndicatorKind.PAYMENT: ("cashapp", "venmo", "paypal", "giftcard"),
    IndicatorKind.MENU: ("menu", "price list", "dm for menu"),
    IndicatorKind.LINK: (
        "tradeportal.example",
        "megalink-share.example",
        "megalink-share dot example",
    ),
    IndicatorKind.EUPHEMISM: ("lovers of the little things in life",),
}

#: Reverse-arrow emoji that say "read the age backwards" (age 31⏪ means 13).
REVERSE_ARROWS = ("⏪", "◀️", "↩️", "🔙", "⬅️", "🔄")
#: Words appended to a blocked hashtag to slip past an exact block (F4).
APPENDED_WORDS = ("vibes", "2024", "only", "club", "xo", "fam")
#: Benign text that naive substring matching gets wrong: hard negatives.
HARD_NEGATIVES = (
    "#embroidery",
    "#spelunking",
    "#nba",
    "Scunthorpe",
    "cocktail",
    "therapist",
    "#pizza 🍕",
    "#travel 🗺️",
)

_LEET = str.maketrans({"e": "3", "a": "4", "o": "0", "i": "1"})
_HOMOGLYPHS = {"e": "е", "a": "а", "o": "о", "p": "р", "c": "с"}
_ZWJ = "\u200d"


def _letters(word: str) -> list[int]:
    return [i for i, ch in enumerate(word) if ch.isalpha()]


def leet(word: str, rng: np.random.Generator) -> str:
    """s3ll3r: vowels written as digits."""
    return word.translate(_LEET)


def homoglyph(word: str, rng: np.random.Generator) -> str:
    """Cyrillic е/а/о/р/с in place of one or two Latin letters that look the same."""
    spots = [i for i, ch in enumerate(word) if ch in _HOMOGLYPHS]
    if not spots:
        return word
    chosen = set(rng.choice(spots, size=min(len(spots), 1 + int(rng.integers(2))), replace=False))
    return "".join(_HOMOGLYPHS[ch] if i in chosen else ch for i, ch in enumerate(word))


def dotted(word: str, rng: np.random.Generator) -> str:
    """s.e.l.l.e.r"""
    return ".".join(word.replace(" ", ""))


def spaced(word: str, rng: np.random.Generator) -> str:
    """s e l l e r"""
    return " ".join(word.replace(" ", ""))


def zero_width(word: str, rng: np.random.Generator) -> str:
    """A zero-width joiner inside the word, invisible on screen."""
    if len(word) < 2:
        return word
    at = int(rng.integers(1, len(word)))
    return word[:at] + _ZWJ + word[at:]


def repeated(word: str, rng: np.random.Generator) -> str:
    """selllerrr: one inner letter and the last letter stretched."""
    spots = _letters(word)
    if not spots:
        return word
    at = int(rng.choice(spots))
    out = word[: at + 1] + word[at] * int(rng.integers(1, 3)) + word[at + 1 :]
    return out + out[-1] * int(rng.integers(1, 3)) if out[-1].isalpha() else out


def appended(word: str, rng: np.random.Generator) -> str:
    """mnsfwvibes, mnsfw2024: a word glued to a blocked term."""
    return word + str(rng.choice(APPENDED_WORDS))


def fullwidth(word: str, rng: np.random.Generator) -> str:
    """ｓｅｌｌｅｒ: fullwidth forms of ASCII letters and digits."""
    return "".join(chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch for ch in word)


Disguise = Callable[[str, np.random.Generator], str]

#: Disguises by name; "plain" leaves the token as it is.
DISGUISES: dict[str, Disguise] = {
    "plain": lambda word, rng: word,
    "leet": leet,
    "homoglyph": homoglyph,
    "dotted": dotted,
    "spaced": spaced,
    "zero_width": zero_width,
    "repeated": repeated,
    "appended": appended,
    "fullwidth": fullwidth,
}
#: Disguises that keep a hashtag one token (dots and spaces would break it).
HASHTAG_DISGUISES = (
    "plain",
    "appended",
    "leet",
    "homoglyph",
    "zero_width",
    "repeated",
    "fullwidth",
)
WORD_DISGUISES = (
    "plain",
    "leet",
    "homoglyph",
    "dotted",
    "spaced",
    "zero_width",
    "repeated",
    "fullwidth",
)


@dataclass(frozen=True)
class Fragment:
    """One planted indicator: its kind, the canonical token, the disguise and the text written.

    For age claims ``canonical`` is the age meant ("age 13" for "age 31⏪").
    """

    kind: IndicatorKind
    canonical: str
    disguise: str
    text: str


class IndicatorWriter:
    """Draws indicator fragments from the vocabulary with a seeded generator."""

    def __init__(self, rng: np.random.Generator):
        self.rng = rng

    def _pick(self, options: tuple[str, ...]) -> str:
        return options[int(self.rng.integers(len(options)))]

    def fragment(self, kind: IndicatorKind, *, minor: bool = True) -> Fragment:
        """One indicator of ``kind``; age claims state 13-17 when ``minor`` else 18-25."""
        canonical = self._pick(VOCABULARY[kind])
        if kind is IndicatorKind.AGE_CLAIM:
            age = int(self.rng.integers(13, 18) if minor else self.rng.integers(18, 26))
            arrow = self._pick(REVERSE_ARROWS)
            text = canonical.format(age=age, reversed=str(age)[::-1], arrow=arrow)
            return Fragment(kind, f"age {age}", "plain", text)
        if kind in (IndicatorKind.EMOJI, IndicatorKind.LINK, IndicatorKind.EUPHEMISM):
            return Fragment(kind, canonical, "plain", canonical)
        hashtag = kind is IndicatorKind.HASHTAG
        disguise = self._pick(HASHTAG_DISGUISES if hashtag else WORD_DISGUISES)
        text = DISGUISES[disguise](canonical, self.rng)
        if text == canonical:  # e.g. no letter of "mnsfw" has a homoglyph
            disguise = "plain"
        return Fragment(kind, canonical, disguise, "#" + text if hashtag else text)

    def strong(self, *, minor: bool) -> list[Fragment]:
        """Three to five indicators, always a seller term or explicit hashtag among them."""
        lead = self.rng.choice([IndicatorKind.SELLER_TERM, IndicatorKind.HASHTAG])
        rest = [
            IndicatorKind.EMOJI,
            IndicatorKind.PAYMENT,
            IndicatorKind.MENU,
            IndicatorKind.FACELESS,
            IndicatorKind.HASHTAG,
        ]
        picks = [IndicatorKind(lead)] + [
            IndicatorKind(k)
            for k in self.rng.choice(rest, size=int(self.rng.integers(2, 4)), replace=False)
        ]
        if minor:
            picks.append(IndicatorKind.AGE_CLAIM)
        return [self.fragment(k, minor=minor) for k in picks]

    def weak(self, *, minor: bool) -> list[Fragment]:
        """One ambiguous indicator: an emoji, "faceless", a payment word, a euphemism or,
        when ``minor``, an under-18 age claim."""
        kinds = [
            IndicatorKind.EMOJI,
            IndicatorKind.FACELESS,
            IndicatorKind.PAYMENT,
            IndicatorKind.EUPHEMISM,
        ]
        kind = self.rng.choice([*kinds, IndicatorKind.AGE_CLAIM] if minor else kinds)
        return [self.fragment(IndicatorKind(kind), minor=minor)]
