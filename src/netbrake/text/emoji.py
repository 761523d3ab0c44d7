"""Emoji-code hits: lexicon entries matched on the raw emoji sequence (F3).

An emoji code is not a word, so it skips the views and anchoring of the other
entries: it hits wherever its code points occur, with or without the
variation selector U+FE0F (variant "emoji+vs" when present).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from netbrake.policy import Kind, LexiconEntry
from netbrake.text.batch import owners
from netbrake.text.lexicon import by_position, make_hit
from netbrake.text.scan import Hit


class EmojiCodes:
    """The emoji-code entries of ``entries`` (the policy's live and shadow entries, in order)."""

    def __init__(self, entries: tuple[LexiconEntry, ...]):
        self._entries = entries
        codes: dict[str, list[int]] = {}
        for index, entry in enumerate(entries):
            if entry.kind is Kind.EMOJI_CODE:
                codes.setdefault(entry.term.replace("\ufe0f", ""), []).append(index)
        self._codes = codes
        alternatives = sorted(codes, key=len, reverse=True)
        #: Any code, longest first; ``None`` when the policy has none.
        self.pattern = (
            re.compile("|".join(re.escape(e) + "\ufe0f?" for e in alternatives))
            if alternatives
            else None
        )
        # Where an emoji code can start: its first code point. A code starting with an
        # ASCII character ("#\ufe0f\u20e3") is looked for with the regex instead.
        self.starts = np.array(sorted({ord(e[0]) for e in codes if e}), dtype=np.uint32)
        self.ascii = any(c < 128 for c in self.starts.tolist())

    def hits(self, text: str) -> list[Hit]:
        """Emoji-code hits, matched on the raw emoji sequence (U+FE0F optional)."""
        if self.pattern is None or not any(e in text for e in self._codes):
            return []
        out: list[Hit] = []
        for m in self.pattern.finditer(text):
            out += self._match(m, 0, text)
        return out

    def with_hits(self, text: str, hits: list[Hit]) -> list[Hit]:
        """``hits`` with the emoji-code hits of ``text`` added, in order of position."""
        if not text.isascii():
            emoji = self.hits(text)
            if emoji:
                hits.extend(emoji)
                hits.sort(key=by_position)
        return hits

    def hits_many(self, texts: Sequence[str]) -> list[list[Hit]]:
        """:meth:`hits` of each text (none holds a NUL), one regex pass for all."""
        out: list[list[Hit]] = [[] for _ in texts]
        if self.pattern is None:
            return out
        found = list(self.pattern.finditer("\x00".join(texts)))
        owner, offset = owners(texts, [m.start() for m in found])
        for m, i, base in zip(found, owner.tolist(), offset.tolist(), strict=True):
            out[i] += self._match(m, base, texts[i])
        for hits in out:
            if len(hits) > 1:
                hits.sort(key=by_position)
        return out

    def _match(self, m: re.Match[str], offset: int, text: str) -> list[Hit]:
        """The hits of one emoji-code match ``m`` in a string where ``text`` starts at
        ``offset``."""
        variant = "emoji+vs" if m.group().endswith("\ufe0f") else "emoji"
        span = (m.start() - offset, m.end() - offset)
        return [
            make_hit(self._entries[index], span, text, variant)
            for index in self._codes[m.group().replace("\ufe0f", "")]
        ]
