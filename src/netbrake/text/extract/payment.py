"""Payment methods and handles listed in a text (F5: payment methods in bios)."""

from __future__ import annotations

import re

from netbrake.text.scan import PaymentMention

_METHODS: tuple[tuple[str, str], ...] = (
    ("cashapp", r"cash\s*app"),
    ("venmo", r"venmo"),
    ("paypal", r"pay\s*pal"),
    ("zelle", r"zelle"),
    ("applepay", r"apple\s*pay"),
    ("googlepay", r"google\s*pay"),
    ("giftcard", r"(?:amazon\s*|steam\s*|itunes\s*)?gift\s*cards?"),
    ("crypto", r"btc|bitcoin|crypto|usdt|ethereum|monero|xmr"),
)
_METHOD = re.compile(
    r"\b(?:" + "|".join(f"(?P<{name}>{p})" for name, p in _METHODS) + r")\b"
    r"(?:\s*(?:[:\-=]|\.me/)?\s*[@$]?(?P<handle>[A-Za-z][A-Za-z0-9_.\-]{1,29}))?",
    re.I,
)
_CASHTAG = re.compile(r"(?<![\w$])\$([A-Za-z][A-Za-z0-9_]{1,19})\b")
# Words that follow a method name without being its handle ("venmo only", "paypal or cashapp").
_NOT_HANDLES = frozenset(
    [
        "only",
        "or",
        "and",
        "accepted",
        "ok",
        "pls",
        "please",
        "too",
        "also",
        "me",
        "dm",
        "friends",
        "for",
        "to",
        "is",
        "the",
    ]
) | {m for m, _ in _METHODS}


def extract_payments(text: str) -> list[PaymentMention]:
    """Payment methods (cashapp, venmo, ...) and cashtags ("$name" is a Cash App handle)."""
    out: list[PaymentMention] = []
    for m in _METHOD.finditer(text):
        method = next(name for name, _ in _METHODS if m.group(name))
        handle = m.group("handle")
        separated = handle is not None and text[m.end(method) : m.start("handle")].strip() != ""
        if handle is not None and (handle.lower() in _NOT_HANDLES or not separated):
            handle = None
        end = m.end() if handle else m.end(method)
        out.append(PaymentMention(method, handle.lower() if handle else None, (m.start(), end)))
    taken = [p.span for p in out]
    for m in _CASHTAG.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        out.append(PaymentMention("cashapp", m.group(1).lower(), (m.start(), m.end())))
    return sorted(out, key=lambda p: p.span)
