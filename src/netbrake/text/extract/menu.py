"""Content menus: price lists announced by "menu"/"prices" or two or more prices (F5)."""

from __future__ import annotations

import re

from netbrake.text.scan import Menu

_SYMBOL = {"$": "USD", "£": "GBP", "€": "EUR"}
_WORD = {
    "usd": "USD",
    "dollar": "USD",
    "dollars": "USD",
    "bucks": "USD",
    "eur": "EUR",
    "gbp": "GBP",
}
_PRICE = re.compile(
    r"(?P<sym>[$£€])\s?(?P<a>\d{1,5}(?:[.,]\d{1,2})?)(?!\d)"
    r"|(?<![\w.])(?P<b>\d{1,5}(?:[.,]\d{1,2})?)\s?(?:(?P<sym2>[$£€])|(?P<word>usd|eur|gbp|dollars?|bucks)\b)",
    re.I,
)
_CURRENCY_WORDS = ("usd", "eur", "gbp", "dollar", "buck")
_CUE = re.compile(r"\b(menu|price\s*list|pricelist|prices|rates)\b", re.I)


def extract_menu(text: str) -> list[Menu]:
    """At most one menu per text: the prices found, when a cue word or 2+ prices say it is one."""
    prices: list[tuple[float, str | None, int, int]] = []
    if not ("$" in text or "£" in text or "€" in text):
        low = text.lower()
        if not any(w in low for w in _CURRENCY_WORDS):
            return []
    for m in _PRICE.finditer(text):
        amount = (m.group("a") or m.group("b") or "0").replace(",", ".")
        sym = m.group("sym") or m.group("sym2")
        currency = _SYMBOL.get(sym) if sym else _WORD.get((m.group("word") or "").lower())
        prices.append((float(amount), currency, m.start(), m.end()))
    cue = _CUE.search(text)
    if not prices or (cue is None and len(prices) < 2):
        return []
    start = min([p[2] for p in prices] + ([cue.start()] if cue else []))
    end = max([p[3] for p in prices] + ([cue.end()] if cue else []))
    currencies = {p[1] for p in prices if p[1]}
    currency = currencies.pop() if len(currencies) == 1 else None
    return [
        Menu(
            tuple(p[0] for p in prices),
            currency,
            cue.group(1).lower() if cue else None,
            (start, end),
        )
    ]
