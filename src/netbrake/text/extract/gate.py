"""Which extractors can find anything in a text, decided with byte operations only.

Each extractor is a handful of regexes costing several microseconds per text;
most texts with a digit, "@" or "." state no age, handle, link or price. The
gates below are necessary conditions read off each extractor's patterns (a
cue next to a number, a dot between word characters, ...), checked with
``bytes.translate`` and substring tests on an ASCII *proxy* of the text (the
text itself, or the text with regex-neutral emoji replaced by "?":
:func:`netbrake.text.skeleton.ascii_proxy`). A gate never skips an extractor
that would find something: tests check :func:`extract_gated` against
:func:`extract_all` (STYLE.md rule 6).
"""

from __future__ import annotations

import re

import numpy as np
import numpy.typing as npt

from netbrake.text.batch import (
    Held,
    holding,
    nul_positions,
    select,
    texts_at,
    texts_holding,
)
from netbrake.text.extract.age import extract_age_claims
from netbrake.text.extract.handles import extract_handle_mentions
from netbrake.text.extract.menu import extract_menu
from netbrake.text.extract.payment import extract_payments
from netbrake.text.extract.urls import extract_urls
from netbrake.text.scan import Extracted

AGE, HANDLES, URLS, PAYMENTS, MENU = 1, 2, 4, 8, 16
ALL = AGE | HANDLES | URLS | PAYMENTS | MENU

_DIGITS = b"0123456789"
#: Trigger characters of a proxy, digits read as "0", everything else deleted (NUL kept).
TRIGGER_TABLE = bytes.maketrans(_DIGITS, b"0" * 10)
TRIGGER_DELETE = bytes(b for b in range(256) if chr(b) not in "0123456789@$.[({\x00")
# Lowercase, digits as "0", whitespace and ":=-" deleted: "Age: 14" -> "age0".
_COLLAPSE = bytes.maketrans(
    _DIGITS + b"ABCDEFGHIJKLMNOPQRSTUVWXYZ", b"0" * 10 + b"abcdefghijklmnopqrstuvwxyz"
)
_COLLAPSE_DELETE = b" \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f:=-"
# From the cue patterns of age.py, on the collapsed proxy: chapter|chap|ch.?,
# age|aged|edad, turning, i'm|im|i am before the number, yo|y/o|yr|year after it
# (the arrow cue is never in a proxy).
_AGE_KEYS = re.compile(rb"(?:ch\.?|chap(?:ter)?|aged?|edad|turning|i'?m|iam)0|0y")
# The letters that end a cue before a number (and "." of "ch."), all read as "c": a
# cheap test before the search above.
_CUE_EDGES = bytes.maketrans(b"hprdegm.", b"cccccccc")
# From menu.py's price pattern: a currency symbol or word next to a number.
_MENU_KEYS = re.compile(rb"\$0|0(?:\$|usd|eur|gbp|dollar|buck)")
# A dot between a word character and a letter (a plain-dot domain: every TLD starts
# with a letter; "@name.27" has none), literal first for a fast search.
_TIGHT_DOT = re.compile(rb"\.(?<=\w\.)(?=[A-Za-z])")


def plan(proxy: bytes, triggers: bytes, words: bool) -> int:
    """The extractors (bit set) that may find something in the text ``proxy`` stands for.

    ``triggers`` is ``proxy`` through TRIGGER_TABLE/TRIGGER_DELETE; ``words``
    tells that the skeleton holds a payment word or "dot" (the matcher's
    prefilter knows).
    """
    need = 0
    if b"0" in triggers:
        collapsed = proxy.translate(_COLLAPSE, _COLLAPSE_DELETE)
        cues = collapsed.translate(_CUE_EDGES)
        if (b"c0" in cues or b"0y" in cues) and _AGE_KEYS.search(collapsed) is not None:
            need |= AGE
        if _MENU_KEYS.search(collapsed) is not None:
            need |= MENU
    if b"@" in triggers:
        need |= HANDLES
    if (words and b"dot" in proxy.lower()) or (
        b"." in triggers
        and (
            b"[" in triggers
            or b"(" in triggers
            or b"{" in triggers
            or _TIGHT_DOT.search(proxy) is not None
        )
    ):
        need |= URLS
    if words or b"$" in triggers:
        need |= PAYMENTS
    return need


def _byte_set(chars: bytes) -> npt.NDArray[np.bool_]:
    table = np.zeros(256, dtype=bool)
    table[list(chars)] = True
    return table


def _pairs(*pairs: bytes) -> npt.NDArray[np.int64]:
    return np.array(sorted(a * 256 + b for a, b in pairs), dtype=np.int64)


_KEEP = {chars: bytes(b for b in range(256) if chr(b) not in chars + "\x00") for chars in
         ("0123456789", "@", "$", ".", "[({")}  # fmt: skip
#: The two bytes before a "0" of the collapsed proxy in a match of _AGE_KEYS ("ch0",
#: "ch.0", "chap0", "chapter0", "age0", "aged0", "edad0", "turning0", "i'm0", "im0",
#: "iam0"), the two after it in a match of _MENU_KEYS ("0usd", "0eur", "0gbp",
#: "0dollar", "0buck"; "0$" and "$0" are tested by byte).
_AGE_BEFORE = _pairs(b"ch", b"h.", b"ap", b"er", b"ge", b"ed", b"ad", b"ng", b"'m", b"im", b"am")
_MENU_AFTER = _pairs(b"us", b"eu", b"gb", b"do", b"bu")
_WORD_BYTES = _byte_set(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")
_LETTER_BYTES = _byte_set(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


class _Batch:
    """A NUL-joined batch of proxies as bytes and as a numpy array, with its text bounds."""

    def __init__(self, data: bytes):
        self.data = data
        self.array = np.frombuffer(data, dtype=np.uint8)
        self.nul = nul_positions(data)

    def at(self, byte: int) -> npt.NDArray[np.intp]:
        return np.flatnonzero(self.array == byte)

    def byte(self, at: npt.NDArray[np.intp], offset: int) -> npt.NDArray[np.int64]:
        """The byte ``offset`` away from each position (-1 outside the batch)."""
        where = at + offset
        inside = (where >= 0) & (where < len(self.array))
        found = self.array[np.clip(where, 0, len(self.array) - 1)].astype(np.int64)
        return np.where(inside, found, -1)

    def pair(self, at: npt.NDArray[np.intp], offset: int) -> npt.NDArray[np.int64]:
        """The two bytes starting ``offset`` away, as one number (-1 outside the batch)."""
        first, second = self.byte(at, offset), self.byte(at, offset + 1)
        return np.where((first >= 0) & (second >= 0), first * 256 + second, -1)

    def texts(self, at: npt.NDArray[np.intp]) -> npt.NDArray[np.intp]:
        return np.unique(texts_at(self.nul, at))

    def found(self, pattern: re.Pattern[bytes], at: npt.NDArray[np.intp]) -> npt.NDArray[np.intp]:
        """The texts holding a position of ``at`` in which ``pattern`` (never matching NUL)
        matches: one regex pass over those texts joined."""
        chosen = self.texts(at)
        if len(chosen) == 0:
            return chosen
        joined = select(self.data, self.nul, chosen)
        starts = [m.start() for m in pattern.finditer(joined)]
        return chosen[np.unique(texts_at(nul_positions(joined), starts))]


#: The bytes whose presence per text :func:`plan_batch` reads (the matcher's symbols too).
HELD = b"@$.[({!|+"


def plan_batch(proxies: bytes, count: int, held: Held | None = None) -> npt.NDArray[np.int64]:
    """:func:`plan` with ``words`` false for each of ``count`` proxies joined by NUL.

    The same necessary conditions, decided for the whole batch with byte
    translates and numpy (a "0" of the collapsed proxy next to a cue byte, a
    dot between a word character and a letter); the regexes then run once over
    the few texts those leave. A text holding a trigger word needs :func:`plan`
    with ``words`` true. ``held`` is ``texts_holding(proxies, count, HELD)``
    when the caller has it.
    """
    if held is None:
        held = texts_holding(proxies, count, HELD)
    need = np.zeros(count, dtype=np.int64)
    collapsed = _Batch(proxies.translate(_COLLAPSE, _COLLAPSE_DELETE))
    zeros = collapsed.at(ord("0"))
    if len(zeros):
        aged = np.isin(collapsed.pair(zeros, -2), _AGE_BEFORE) | (
            collapsed.byte(zeros, 1) == ord("y")
        )
        need[collapsed.found(_AGE_KEYS, zeros[aged])] |= AGE
        priced = (collapsed.byte(zeros, -1) == ord("$")) | (collapsed.byte(zeros, 1) == ord("$"))
        priced |= np.isin(collapsed.pair(zeros, 1), _MENU_AFTER)
        need[collapsed.found(_MENU_KEYS, zeros[priced])] |= MENU
    need[holding(held, HELD, b"@")] |= HANDLES
    dotted = holding(held, HELD, b".")
    if dotted.any():
        linked = holding(held, HELD, b"[({")
        batch = _Batch(proxies)
        dots = batch.at(ord("."))
        before, after = batch.byte(dots, -1), batch.byte(dots, 1)
        tight = _WORD_BYTES[before] & (before >= 0) & _LETTER_BYTES[after] & (after >= 0)
        linked[batch.texts(dots[tight])] = True
        need[dotted & linked] |= URLS
    need[holding(held, HELD, b"$")] |= PAYMENTS
    return need


def extract_gated(text: str, need: int) -> list[Extracted]:
    """:func:`netbrake.text.extract.extract_all` running only the extractors in ``need``."""
    found: list[Extracted] = []
    if need & AGE:
        found += extract_age_claims(text)
    if need & HANDLES:
        found += extract_handle_mentions(text)
    if need & URLS:
        found += extract_urls(text)
    if need & PAYMENTS:
        found += extract_payments(text)
    if need & MENU:
        found += extract_menu(text)
    return sorted(found, key=lambda x: (x.span, x.kind))
