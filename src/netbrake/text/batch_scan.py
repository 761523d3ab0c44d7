"""The matcher's batch path: the cheap decisions taken once for a NUL-joined batch (F3).

The texts are joined by NUL and read with whole-batch operations in C: the
ASCII proxy (:mod:`netbrake.text.skeleton`; non-ASCII characters as "?") by
one encode, each text's candidates by one bytes translate and one
Aho-Corasick pass (:mod:`netbrake.text.prefilter`), the extractor gates,
emoji codes and non-ASCII classes by byte translates and numpy, which maps
positions back to texts (:mod:`netbrake.text.batch`). Texts whose only
findings are @mentions, links or emoji codes are read by one regex pass each
for the whole batch; texts with a lexicon candidate or another extractor's
cue go on one by one (the matcher's finish); texts with a non-ASCII letter,
digit or space (which the proxy would hide) take the single-text scan.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from netbrake.text.batch import (
    Bools,
    Positions,
    holding,
    nul_positions,
    segment,
    select,
    texts_at,
    texts_holding,
)
from netbrake.text.emoji import EmojiCodes
from netbrake.text.extract import extract_handle_mentions_many, extract_urls_many, gate
from netbrake.text.fold import LEET_SYMBOLS
from netbrake.text.prefilter import LEXICON, TRIGGER, TRIPLE, Kinds, Prefilter
from netbrake.text.scan import Extracted, TextScan
from netbrake.text.skeleton import (
    GATED_CLASS,
    IGNORED_CLASS,
    IGNORED_MARK,
    LETTER_CLASS,
    char_class,
    marked_proxy,
)
from netbrake.text.views import MAX_CHARS

#: The single-text scan, and the finish of one text (text, kinds, extractors needed,
#: truncated, ASCII stand-in).
Scan = Callable[[str], TextScan]
Finish = Callable[[str, int, int, bool, str | None], TextScan]

#: The leet symbols, read as letters inside a word (netbrake.text.skeleton).
_SYMBOLS = "".join(sorted(LEET_SYMBOLS)).encode()
#: bytes.translate: a symbol or an ignorable's mark to 1, a letter or digit to 2, else 0.
_SYMBOL_OR_WORD = bytes(
    1 if chr(b) in LEET_SYMBOLS or chr(b) == IGNORED_MARK
    else 2 if chr(b).isascii() and chr(b).isalnum() else 0
    for b in range(256)
)  # fmt: skip


def _symbol_before_word(proxy: bytes, nul: Positions) -> Bools:
    """Per text of a NUL-joined batch: whether a symbol ("@$!|+", or an ignorable's mark)
    stands right before a letter or digit."""
    data = np.frombuffer(proxy.translate(_SYMBOL_OR_WORD), dtype=np.uint8)
    at = np.flatnonzero((data[:-1] == 1) & (data[1:] == 2))
    found = np.zeros(len(nul) + 1, dtype=bool)
    found[texts_at(nul, at)] = True
    return found


class BatchScanner:
    """Scans batches with the matcher's ``prefilter`` and ``emoji`` codes; ``scan`` and
    ``finish`` are the matcher's single-text path, ``empty`` its result with no findings."""

    def __init__(
        self, prefilter: Prefilter, emoji: EmojiCodes, empty: TextScan, scan: Scan, finish: Finish
    ):
        self._prefilter = prefilter
        self._emoji = emoji
        self._empty = empty
        self._scan = scan
        self._finish = finish

    def scan_many(self, texts: Sequence[str]) -> list[TextScan]:
        """The findings of each text, not yet completed (allowed phrases, combinations)."""
        n = len(texts)
        if n == 0:
            return []
        whole = "\x00".join(texts)
        ascii_only = whole.isascii()
        proxy = whole.encode("ascii") if ascii_only else whole.encode("ascii", "replace")
        # One proxy character per code point, so NUL positions index ``whole`` too.
        nul = nul_positions(proxy)
        alone = np.zeros(n, dtype=bool)  # scanned by scan(), not from the batch
        if len(nul) != n - 1 or (np.diff(nul, prepend=-1, append=len(proxy)) > MAX_CHARS + 1).any():
            for i, text in enumerate(texts):
                alone[i] = "\x00" in text or len(text) > MAX_CHARS
            whole = "\x00".join("" if alone[i] else t for i, t in enumerate(texts))
            ascii_only = whole.isascii()
            proxy = whole.encode("ascii") if ascii_only else whole.encode("ascii", "replace")
            nul = nul_positions(proxy)
        held = texts_holding(proxy, n, gate.HELD)
        symbols = holding(held, gate.HELD, _SYMBOLS)
        emoji = np.zeros(n, dtype=bool)
        if not ascii_only:
            special, ignored, emoji = self._odd_characters(whole, nul)
            alone |= special
            # An ignorable joins what "?" would split ("s$\u200bller") when symbols are near:
            # those texts' proxies mark it (one character for one, so NUL stays put).
            marked = ignored & ~alone & symbols
            if marked.any():
                patched = bytearray(proxy)
                for i in np.flatnonzero(marked).tolist():
                    start = int(nul[i - 1]) + 1 if i else 0
                    patched[start : start + len(texts[i])] = marked_proxy(texts[i]).encode()
                proxy = bytes(patched)
        codes = self._emoji.pattern
        if codes is not None and self._emoji.ascii:
            emoji[texts_at(nul, [m.start() for m in codes.finditer(whole)])] = True
        prefilter = self._prefilter
        kinds = prefilter.batch_kinds(proxy, n, symbols=False)
        # Symbols read as letters change the skeleton only where one stands before a letter
        # or digit ("s$ller", "@name"); elsewhere they are punctuation in both readings.
        with_symbols = np.flatnonzero(symbols & _symbol_before_word(proxy, nul) & ~alone)
        if len(with_symbols):
            sub = select(proxy, nul, with_symbols)
            kinds[with_symbols] |= prefilter.batch_kinds(sub, len(with_symbols), symbols=True)
        # Confirm candidates with the full keys on the squeezed skeletons ("pretend" is none).
        candidates = np.flatnonzero(((kinds & (LEXICON | TRIPLE)) != 0) & ~alone)
        if len(candidates):
            sub = select(proxy, nul, candidates)
            kinds[candidates] = prefilter.batch_exact_kinds(sub, len(candidates))
        needs = gate.plan_batch(proxy, n, held)
        out = [self._empty] * n
        for i in np.flatnonzero(alone).tolist():
            out[i] = self._scan(texts[i])
        # Texts whose only work is an @mention, a link or an emoji code (most busy texts):
        # one regex pass each over all of them.
        linked = (kinds == 0) & ~alone & (needs & ~(gate.HANDLES | gate.URLS) == 0)
        self._extract(texts, out, np.flatnonzero(linked & ((needs != 0) | emoji)), needs, emoji)
        busy = np.flatnonzero(((kinds != 0) | (needs != 0) | emoji) & ~alone & ~linked)
        finish = self._finish
        for i, k, need in zip(
            busy.tolist(), kinds[busy].tolist(), needs[busy].tolist(), strict=True
        ):
            text = texts[i]
            source = text if ascii_only or text.isascii() else segment(proxy, nul, i).decode()
            if k & TRIGGER:  # a payment word or "dot": the gates read the words too
                proxy_bytes = source.encode("ascii")
                trigger_chars = proxy_bytes.translate(gate.TRIGGER_TABLE, gate.TRIGGER_DELETE)
                need = gate.plan(proxy_bytes, trigger_chars, True)
            out[i] = finish(text, k, need, False, source)
        return out

    def _odd_characters(self, whole: str, nul: Positions) -> tuple[Bools, Bools, Bools]:
        """Per text of a NUL-joined batch: whether it holds a non-ASCII character that an
        ASCII proxy cannot stand for (a letter, digit, space or extractor literal), an
        ignorable one (which matters next to symbols), and the first character of an
        emoji code.

        Vectorised over the code points: each distinct non-ASCII character is classified once.
        """
        codes = np.frombuffer(whole.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        at = np.flatnonzero(codes > 127)
        special, ignored, emoji = (np.zeros(len(nul) + 1, dtype=bool) for _ in range(3))
        if len(at) == 0:
            return special, ignored, emoji
        found = codes[at]
        distinct = np.unique(found)
        classes = np.array([char_class(chr(c)) for c in distinct.tolist()], dtype=np.int64)
        per_char = classes[np.searchsorted(distinct, found)]
        special[texts_at(nul, at[(per_char & (LETTER_CLASS | GATED_CLASS)) != 0])] = True
        ignored[texts_at(nul, at[(per_char & IGNORED_CLASS) != 0])] = True
        emoji[texts_at(nul, at[np.isin(found, self._emoji.starts)])] = True
        return special, ignored, emoji

    def _extract(
        self,
        texts: Sequence[str],
        out: list[TextScan],
        chosen: Positions,
        needs: Kinds,
        emoji: Bools,
    ) -> None:
        """Fill ``out`` (empty results so far) for the ``chosen`` texts, which need the
        handle or link extractor and the emoji codes only."""
        which = needs[chosen]
        with_handles = chosen[(which & gate.HANDLES) != 0].tolist()
        with_urls = chosen[(which & gate.URLS) != 0].tolist()
        with_emoji = [i for i in chosen[emoji[chosen]].tolist() if not texts[i].isascii()]
        version = self._empty.policy_version
        for i, mentions in zip(
            with_handles,
            extract_handle_mentions_many([texts[i] for i in with_handles]),
            strict=True,
        ):
            if mentions:
                out[i] = TextScan((), tuple(mentions), False, version)
        for i, urls in zip(
            with_urls, extract_urls_many([texts[i] for i in with_urls]), strict=True
        ):
            if urls:
                both: list[Extracted] = [*out[i].extracted, *urls]
                if len(both) > len(urls):  # handles too: in order of position
                    both.sort(key=lambda x: (x.span, x.kind))
                out[i] = TextScan((), tuple(both), False, version)
        for i, hits in zip(
            with_emoji, self._emoji.hits_many([texts[i] for i in with_emoji]), strict=True
        ):
            if hits:
                out[i] = TextScan(tuple(hits), out[i].extracted, False, version)
