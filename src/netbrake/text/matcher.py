"""The lexicon matcher: normalise, find candidates with Aho-Corasick, anchor, extract.

Fast path (most texts), on an ASCII stand-in of each text
(:mod:`netbrake.text.skeleton`): one bytes translate to the skeleton form
(leet, case, separators folded, in C) and one Aho-Corasick pass over key
fragments spelled with repeated letters (:mod:`netbrake.text.prefilter`); one
more translate gives the extractor trigger characters, and the gates of
:mod:`netbrake.text.extract.gate` decide which extractors can find anything.
A candidate is confirmed with the full keys on the squeezed skeleton; only
then are the exact views (:mod:`netbrake.text.views`) built, for the words
around each key only (:mod:`netbrake.text.window_cache`), and judged by the
anchoring rule (:mod:`netbrake.text.lexicon`, :mod:`netbrake.text.anchoring`);
emoji codes are matched raw (:mod:`netbrake.text.emoji`).
:meth:`Matcher.scan_many` takes the cheap decisions once for a whole batch
joined by NUL (:mod:`netbrake.text.batch_scan`). :func:`reference_scan`
(:mod:`netbrake.text.reference`) is the slow, simple path it must agree with.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from netbrake.policy import Policy, Severity, State
from netbrake.text.batch_scan import BatchScanner
from netbrake.text.combine import Combiner
from netbrake.text.dictionary import Dictionary, default_dictionary, squeeze
from netbrake.text.emoji import EmojiCodes
from netbrake.text.extract import extract_urls, gate
from netbrake.text.gc_pause import collector_paused
from netbrake.text.lexicon import Found, Lexicon, by_position, variant_name
from netbrake.text.prefilter import LEXICON, TRIGGER, TRIPLE, Finder, Prefilter
from netbrake.text.scan import Extracted, Hit, TextScan
from netbrake.text.skeleton import ascii_proxy, has_symbols, plain_skeleton, symbol_skeleton
from netbrake.text.views import MAX_CHARS
from netbrake.text.window_cache import WindowCache

_LIVE = State.LIVE.value


class Matcher:
    """Finds a policy's lexicon entries and the extractors' values in texts.

    Build with :meth:`from_policy`; picklable (it pickles its policy and is
    rebuilt on load, so Spark can broadcast it).
    """

    def __init__(self, policy: Policy, dictionary: Dictionary | None = None):
        self.policy = policy
        self.version = policy.version
        self.dictionary = dictionary or default_dictionary()
        self.entries = policy.entries(State.LIVE, State.SHADOW)
        self._lexicon = lexicon = Lexicon(self.entries, self.dictionary)
        self.patterns = lexicon.patterns
        self.run_patterns = lexicon.run_patterns
        self.domains = lexicon.domains
        self._prefilter = Prefilter(lexicon.keys)
        self._emoji = EmojiCodes(self.entries)
        self._windows = WindowCache(lexicon, self._prefilter)
        self._empty = TextScan((), (), False, self.version)
        self._batch = BatchScanner(
            self._prefilter, self._emoji, self._empty, self.scan, self._finish
        )
        self.combiner = Combiner(policy.rules(), self.entries)
        # Allowed phrases of several words ("book seller"): the word views see one
        # word at a time, so these are checked on the whole text after matching.
        self._phrases = {
            e.id: re.compile(
                "|".join(r"\W+".join(map(re.escape, a.split())) for a in phrases),
                re.IGNORECASE,
            )
            for e in self.entries
            if (phrases := [a for a in e.allow if " " in a.strip()])
        }

    @classmethod
    def from_policy(cls, policy: Policy | None = None) -> Matcher:
        """A matcher for ``policy`` (the default policy when ``None``)."""
        return cls(policy if policy is not None else Policy.load())

    def __reduce__(self) -> tuple[Any, ...]:
        return (Matcher.from_policy, (self.policy,))

    # -- the fast path -------------------------------------------------------

    def _prepare(self, text: str, extract: bool = True) -> tuple[int, int, str | None]:
        """(candidate kinds, extractors needed, ASCII stand-in) of one text.

        ``extract`` false skips the extractor gates (guards need hits only).
        """
        source, gated = (text, True) if text.isascii() else ascii_proxy(text)
        if source is not None and "\x00" in source:
            # NUL separates words as a space does, but the skeleton tables keep it (it
            # separates the texts of a batch): read as a space, and every extractor runs.
            source, gated = source.replace("\x00", " "), False
        prefilter = self._prefilter
        if source is None:
            kinds = prefilter.exact_kinds(text)
        else:
            kinds = prefilter.kinds(plain_skeleton(source))
            if has_symbols(source):
                kinds |= prefilter.kinds(symbol_skeleton(source))
            if kinds & (LEXICON | TRIPLE):
                kinds = prefilter.exact_kinds(text, source)
        if not extract:
            return kinds, 0, source
        if source is None or not gated:
            return kinds, gate.ALL, source
        proxy = source.encode("ascii")
        triggers = proxy.translate(gate.TRIGGER_TABLE, gate.TRIGGER_DELETE)
        return kinds, gate.plan(proxy, triggers, kinds & TRIGGER != 0), source

    def scan(self, text: str) -> TextScan:
        """Hits and extracted values for one text; never raises on any ``str``."""
        truncated = len(text) > MAX_CHARS
        if truncated:
            text = text[:MAX_CHARS]
        kinds, need, source = self._prepare(text)
        return self.complete(text, self._finish(text, kinds, need, truncated, source))

    def complete(self, text: str, result: TextScan) -> TextScan:
        """Drop hits inside an allowed phrase, then add the combination rules' hits.

        Idempotent: a batch's texts that took :meth:`scan`'s path come back completed.
        """
        if any(h.variant == "combination" for h in result.hits):
            return result
        if result.hits and self._phrases:
            kept = tuple(h for h in result.hits if not self._in_allowed_phrase(h, text))
            if len(kept) < len(result.hits):
                result = TextScan(kept, result.extracted, result.truncated, result.policy_version)
        return self.combiner.apply(result)

    def _in_allowed_phrase(self, hit: Hit, text: str) -> bool:
        phrases = self._phrases.get(hit.entry_id)
        if phrases is None:
            return False
        a, b = hit.span
        window = text[max(a - 40, 0) : b + 40]
        offset = max(a - 40, 0)
        return any(
            m.start() + offset <= a and b <= m.end() + offset for m in phrases.finditer(window)
        )

    def _finish(
        self, text: str, kinds: int, need: int, truncated: bool, source: str | None
    ) -> TextScan:
        extracted = gate.extract_gated(text, need) if need else []
        hits = self._emoji.with_hits(
            text, self._windows.hits(text, extracted, source) if kinds & LEXICON else []
        )
        if not hits and not extracted and not truncated:
            return self._empty
        return TextScan(tuple(hits), tuple(extracted), truncated, self.version)

    def scan_many(self, texts: Sequence[str]) -> list[TextScan]:
        """:meth:`scan` for each text, with the cheap decisions taken once for the batch.

        The texts are joined by NUL and read with whole-batch operations in C
        (:mod:`netbrake.text.batch_scan`); texts with a lexicon candidate or
        another extractor's cue go on one by one (:meth:`_finish`), texts with a
        non-ASCII letter, digit or space (which the ASCII proxy would hide) take
        :meth:`scan`'s path.

        The cyclic garbage collector pauses meanwhile (:mod:`netbrake.text.gc_pause`):
        the batch allocates tens of thousands of acyclic records, whose full
        collections find nothing and cost 5-10% of the time.
        """
        with collector_paused():
            done = self.complete
            results = self._batch.scan_many(texts)
            return [
                r if r is self._empty else done(t, r) for t, r in zip(texts, results, strict=True)
            ]

    def matches(self, text: str) -> bool:
        """True when any live entry hits: the cheap test for guards on short strings."""
        return self.best_severity(text) is not None

    def best_severity(self, text: str) -> Severity | None:
        """The highest severity of any live hit (``None`` when nothing hits)."""
        live = [Severity(h.severity) for h in self.lexicon_hits(text) if h.state == _LIVE]
        return max(live, key=lambda s: s.rank) if live else None

    def lexicon_hits(self, text: str) -> list[Hit]:
        """:meth:`scan`'s hits without its extracted values: the guards' path for short strings.

        The same hits as ``scan(text).hits`` (links are still read, for
        obfuscated domain entries), at the cost of the prefilter alone for
        most strings.
        """
        text = text[:MAX_CHARS]
        kinds, _, source = self._prepare(text, extract=False)
        hits = self._windows.hits(text, extract_urls(text), source) if kinds & LEXICON else []
        hits = self._emoji.with_hits(text, hits)
        if hits:
            # Allowed phrases and combination rules (which may need an extracted age) read
            # the whole scan: only strings with a hit pay for it.
            return list(self.scan(text).hits)
        return hits

    def clear_cache(self) -> None:
        """Forget the remembered windows (benchmarks time a matcher from cold)."""
        self._windows.clear()

    # -- the exact path ------------------------------------------------------

    def hits(
        self,
        text: str,
        extracted: Sequence[Extracted],
        find_word: Finder | None = None,
        find_run: Finder | None = None,
    ) -> list[Hit]:
        """Lexicon hits (no emoji) of one text, from the exact views of the whole text."""
        found: Found = {}
        self._lexicon.hits_into(text, found, find_word, find_run)
        self._lexicon.domain_hits(found, text, extracted)
        return sorted(found.values(), key=by_position)

    def emoji_hits(self, text: str) -> list[Hit]:
        """Emoji-code hits, matched on the raw emoji sequence (U+FE0F optional)."""
        return self._emoji.hits(text)


def default_matcher() -> Matcher:
    """A matcher for the packaged default policy."""
    return Matcher.from_policy(Policy.load())


__all__ = ["Finder", "Matcher", "default_matcher", "squeeze", "variant_name"]
