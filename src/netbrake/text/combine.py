"""Combined indicators: the policy's ``[[combination]]`` rules applied to one text's findings.

F5: the parts of a seller advertisement (a seller term, a
community code, an age claim, a contact instruction) are each innocent
somewhere; their co-occurrence in one bio or post is what marks it. A rule
that holds adds one hit of its own (``variant`` "combination", standalone)
whose ``matched`` names the parts, so every reader of hits (account
evidence, the serving guards, the reasons) sees it like a strong entry.
"""

from __future__ import annotations

from collections.abc import Sequence

from netbrake.policy import EXTRACTED_PARTS, Combination, LexiconEntry, State, alternatives
from netbrake.text.scan import AgeClaim, Extracted, Hit, Menu, PaymentMention, TextScan, UrlMention

#: Lexicon categories that stand for an extracted part as well ("paypal" names a payment).
_ALSO_CATEGORY = {"payment": "payment", "menu": "content_menu"}


def _extracted_part(part: str, value: Extracted) -> bool:
    if part == "minor_age":
        return isinstance(value, AgeClaim) and value.minor
    if part == "payment":
        return isinstance(value, PaymentMention)
    if part == "menu":
        return isinstance(value, Menu) and bool(value.prices)
    if part == "obfuscated_link":
        return isinstance(value, UrlMention) and value.obfuscated
    return False


class Combiner:
    """Applies combination rules; ``rules`` in the order the policy lists them."""

    def __init__(self, rules: Sequence[Combination], lexicon: Sequence[LexiconEntry]):
        self.rules = tuple(r for r in rules if r.state is not State.DISABLED)
        self.entry_ids = {e.id for e in lexicon}
        self.explain = {r.id: r.explain for r in self.rules}

    def _find(
        self, part: str, hits: Sequence[Hit], extracted: Sequence[Extracted]
    ) -> tuple[tuple[int, int], str, str] | None:
        """(span, matched, state) of the first finding that satisfies ``part``, or None."""
        names = alternatives(part)
        found = [
            h
            for h in hits
            if h.entry_id in names
            or any(
                n not in self.entry_ids and h.category == _ALSO_CATEGORY.get(n, n) for n in names
            )
        ]
        live = [h for h in found if h.state == "live"]
        for hit in live or found:
            return hit.span, hit.matched, hit.state
        for name in names:
            if name in EXTRACTED_PARTS:
                for value in extracted:
                    if _extracted_part(name, value):
                        return value.span, name.replace("_", " "), "live"
        return None

    def apply(self, scan: TextScan) -> TextScan:
        """``scan`` with one hit added per rule that holds (the same object when none does)."""
        if len(scan.hits) + len(scan.extracted) < 2:
            return scan
        own = [h for h in scan.hits if h.variant != "combination"]
        added: list[Hit] = []
        for rule in self.rules:
            parts = [self._find(part, own, scan.extracted) for part in rule.all]
            if any(p is None for p in parts):
                continue
            found = [p for p in parts if p is not None]
            spans = sorted({p[0] for p in found})
            if len(spans) < len(found):
                continue  # one finding cannot stand for two parts
            live = rule.state is State.LIVE and all(p[2] == "live" for p in found)
            added.append(
                Hit(
                    rule.id,
                    rule.category,
                    rule.severity.value,
                    (min(s[0] for s in spans), max(s[1] for s in spans)),
                    " + ".join(p[1] for p in found),
                    "combination",
                    "live" if live else "shadow",
                    True,
                )
            )
        if not added:
            return scan
        return TextScan((*scan.hits, *added), scan.extracted, scan.truncated, scan.policy_version)
