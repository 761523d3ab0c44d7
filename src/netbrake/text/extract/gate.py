"""Which extractors can find anything in a text, decided with byte operations only.

Each extractor is a handful of regexes costing several microseconds per text;
most texts with a digit, "@" or "." state no age, handle, link or price. The
gates below are necessary conditions read off each extractor's patterns (a
cue next to a number, a dot between word characters, ...), checked with
``bytes.translate`` and substring tests on an ASCII *proxy* of the text (the
text itself, or the text with regex-neutral emoji replaced by "?":
:func:`netbrake.text.skeleton.ascii_proxy`). A gate never skips an extractor
that would find something: tests check :func:`extract_gated` against
:func:`extract_all`.
"""

from __future__ import annotations

import re

import numpy as np
import numpy.typing as npt

from netbrake.text.batch import (
    Held,
    holding,
    nul_positions,
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
# age|aged|edad, turning, i'm|im|i am right before the number ("0"), yo|y/o|yr|year
# right after it (the arrow cue is never in a proxy) ...
_AGE_CUES = (b"ch", b"ch.", b"chap", b"chapter", b"age", b"aged", b"edad", b"turning", b"im",
             b"i'm", b"iam")  # fmt: skip
# ... and from menu.py's price pattern: "$" right before a number, or a currency symbol
# or word right after it.
_MENU_UNITS = (b"$", b"usd", b"eur", b"gbp", b"dollar", b"buck")
_AGE_KEYS = re.compile(b"(?:" + b"|".join(map(re.escape, _AGE_CUES)) + b")0|0y")
_MENU_KEYS = re.compile(rb"\$0|0(?:" + b"|".join(map(re.escape, _MENU_UNITS)) + b")")
# The bytes that end a cue before a number, all read as "c": a cheap test before the
# age search.
_CUE_ENDS = bytes(sorted({cue[-1] for cue in _AGE_CUES}))
_CUE_EDGES = bytes.maketrans(_CUE_ENDS, b"c" * len(_CUE_ENDS))
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


_WORD_BYTES = _byte_set(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")
_LETTER_BYTES = _byte_set(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


class _Batch:
    """A NUL-joined batch of proxies as bytes and as a numpy array, with its text bounds.

    The array has :data:`_PAD` NULs on each side, so that reading bytes near a
    position needs no bounds test (a NUL equals no byte the gates look for).
    """

    def __init__(self, data: bytes):
        self.nul = nul_positions(data)
        pad = np.zeros(_PAD, dtype=np.uint8)
        self.padded = np.concatenate((pad, np.frombuffer(data, dtype=np.uint8), pad))

    def at(self, byte: int) -> npt.NDArray[np.intp]:
        return np.flatnonzero(self.padded == byte) - _PAD

    def byte(self, at: npt.NDArray[np.intp], offset: int) -> npt.NDArray[np.uint8]:
        """The byte ``offset`` (at most 8) away from each position; NUL outside the batch."""
        return self.padded[at + (_PAD + offset)]

    def _eight(self, at: npt.NDArray[np.intp], offset: int) -> npt.NDArray[np.uint64]:
        """The 8 bytes from ``offset`` away from each position, as one little-endian number."""
        window = self.padded[at[:, None] + (_PAD + offset + np.arange(8))]
        return np.ascontiguousarray(window).view("<u8").ravel()

    def next_to(
        self, at: npt.NDArray[np.intp], words: tuple[bytes, ...], before: bool
    ) -> npt.NDArray[np.bool_]:
        """Whether one of ``words`` (at most 8 bytes) stands right before each position
        (``before``), or right after it: the 8 bytes there against each word, padded,
        under a mask."""
        near = self._eight(at, -8 if before else 1)
        found = np.zeros(len(at), dtype=bool)
        for word in words:
            pad = bytes(8 - len(word))
            key, mask = word, b"\xff" * len(word)
            key, mask = (pad + key, pad + mask) if before else (key + pad, mask + pad)
            found |= (near & np.uint64(int.from_bytes(mask, "little"))) == int.from_bytes(
                key, "little"
            )
        return found

    def texts(self, at: npt.NDArray[np.intp]) -> npt.NDArray[np.intp]:
        return np.unique(texts_at(self.nul, at))


_PAD = 8


#: The bytes whose presence per text :func:`plan_batch` reads (the matcher's symbols too).
HELD = b"@$.[({!|+"


def plan_batch(proxies: bytes, count: int, held: Held | None = None) -> npt.NDArray[np.int64]:
    """:func:`plan` with ``words`` false for each of ``count`` proxies joined by NUL.

    The same conditions, decided for the whole batch with byte translates and
    numpy: a "0" of the collapsed proxy right after an age cue or next to a
    currency (the cue regexes spelled out byte by byte), a dot between a word
    character and a letter. A text holding a trigger word needs :func:`plan`
    with ``words`` true. ``held`` is ``texts_holding(proxies, count, HELD)``
    when the caller has it.
    """
    if held is None:
        held = texts_holding(proxies, count, HELD)
    need = np.zeros(count, dtype=np.int64)
    collapsed = _Batch(proxies.translate(_COLLAPSE, _COLLAPSE_DELETE))
    zeros = collapsed.at(ord("0"))
    if len(zeros):
        # A cue stands before a number's first digit or after its last.
        first = zeros[collapsed.byte(zeros, -1) != ord("0")]
        last = zeros[collapsed.byte(zeros, 1) != ord("0")]
        need[collapsed.texts(first[collapsed.next_to(first, _AGE_CUES, before=True)])] |= AGE
        need[collapsed.texts(last[collapsed.next_to(last, (b"y",), before=False)])] |= AGE
        need[collapsed.texts(first[collapsed.next_to(first, (b"$",), before=True)])] |= MENU
        need[collapsed.texts(last[collapsed.next_to(last, _MENU_UNITS, before=False)])] |= MENU
    need[holding(held, HELD, b"@")] |= HANDLES
    dotted = holding(held, HELD, b".")
    if dotted.any():
        linked = holding(held, HELD, b"[({")
        batch = _Batch(proxies)
        dots = batch.at(ord("."))
        tight = _WORD_BYTES[batch.byte(dots, -1)] & _LETTER_BYTES[batch.byte(dots, 1)]
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
