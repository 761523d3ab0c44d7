"""Extractors: structured values read out of a text (ages, handles, links, payment, menus).

Each is a plain function of the original text; spans index that text.
"""

from __future__ import annotations

import re

from netbrake.text.extract.age import REVERSE_ARROWS, extract_age_claims
from netbrake.text.extract.handles import extract_handle_mentions, extract_handle_mentions_many
from netbrake.text.extract.menu import extract_menu
from netbrake.text.extract.payment import extract_payments
from netbrake.text.extract.urls import extract_urls, extract_urls_many, normalise_domain
from netbrake.text.scan import Extracted

#: Non-ASCII characters the extractor patterns name (arrows, currency signs): a
#: text holding one is never judged by an ASCII proxy (netbrake.text.skeleton).
EXTRACTOR_LITERALS = frozenset("".join(REVERSE_ARROWS) + "£€")
#: Characters without which no extractor finds anything, besides the trigger words.
_TRIGGER_CHARS = re.compile(r"[\d@$.]")
_DIGIT = re.compile(r"\d")
#: Words that need the extractors although no trigger character is present; the
#: matcher looks for them (folded) in its prefilter pass.
TRIGGER_WORDS = (
    "dot",
    "zelle",
    "bitcoin",
    "btc",
    "crypto",
    "usdt",
    "ethereum",
    "monero",
    "xmr",
    "cashapp",
    "venmo",
    "paypal",
    "giftcard",
    "applepay",
    "googlepay",
)


def has_trigger(text: str) -> bool:
    """True when ``text`` has a character some extractor needs (digit, "@", "$", ".")."""
    return _TRIGGER_CHARS.search(text) is not None


def extract_all(text: str, words: bool = True) -> list[Extracted]:
    """Every extractor's values for ``text``, in order of position.

    ``words`` false tells that no trigger word is present (the matcher's
    prefilter knows), so extractors that need one of them or a trigger
    character are skipped when the character is absent too. Each skip only
    avoids work that would find nothing.
    """
    digits = _DIGIT.search(text) is not None
    found: list[Extracted] = []
    if digits:
        found += extract_age_claims(text)
    if "@" in text:
        found += extract_handle_mentions(text)
    if words or "." in text:
        found += extract_urls(text)
    if words or "$" in text:
        found += extract_payments(text)
    if digits:
        found += extract_menu(text)
    return sorted(found, key=lambda x: (x.span, x.kind))


__all__ = [
    "EXTRACTOR_LITERALS",
    "REVERSE_ARROWS",
    "TRIGGER_WORDS",
    "extract_age_claims",
    "extract_all",
    "extract_handle_mentions",
    "extract_handle_mentions_many",
    "extract_menu",
    "extract_payments",
    "extract_urls",
    "extract_urls_many",
    "has_trigger",
    "normalise_domain",
]
