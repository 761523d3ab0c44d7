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
