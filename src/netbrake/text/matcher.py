"""The lexicon matcher: normalise, find candidates with Aho-Corasick, anchor, extract.

Fast path (most texts): one ``str.translate`` to the skeleton form (leet,
case, homoglyphs, separators folded, all in C), one squeeze of repeated
letters and one Aho-Corasick pass (pyahocorasick). Only a text with a
candidate gets the exact views with their offset maps
(:mod:`netbrake.text.views`) and the anchoring rule
(:mod:`netbrake.text.anchoring`). :meth:`Matcher.scan_many` runs the fast
path once over a whole batch joined by a sentinel.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

import ahocorasick

from netbrake.policy import Kind, LexiconEntry, Policy, Severity, State
from netbrake.text.anchoring import Pattern, Verdict, run_hit, word_hit
from netbrake.text.dictionary import Dictionary, default_dictionary, folded, squeeze
from netbrake.text.extract import TRIGGER_WORDS, extract_all, extract_urls, has_trigger
from netbrake.text.fold import (
    FLAG_NAMES,
    LETTER,
    SKELETON_TABLE,
    SYMBOL_SKELETON_TABLE,
    ascii_tables,
    fold,
)
from netbrake.text.scan import Extracted, Hit, TextScan, UrlMention
from netbrake.text.views import MAX_CHARS, REPEAT, SPACING, View, build_views

#: Finds (start, end, pattern text) of patterns in a view's text; Aho-Corasick or naive.
Finder = Callable[[str], Iterator[tuple[int, int, str]]]

_LEXICON, _TRIGGER, _TRIPLE = 1, 2, 4
_SQUEEZE = re.compile(r"(.)\1+")
_TABLES = {False: ascii_tables(False), True: ascii_tables(True)}
_NOT_TRIGGER = bytes(b for b in range(256) if chr(b) not in "0123456789@$.\x00")
_BATCH_TABLES = {False: ascii_tables(False, True), True: ascii_tables(True, True)}
#: Longest piece of a key the prefilter looks for, and the longest run of one
#: letter it spells out (RUN**FRAGMENT spellings per key).
FRAGMENT = 6
RUN = 3


_NOT_ASCII = re.compile(r"[^\x00-\x7f]+")


def _ascii_part(text: str) -> str | None:
    """``text`` without its non-ASCII characters when the skeleton drops them all (emoji).

    Then the skeleton is computed on the ASCII rest with the fast bytes path.
    """
    if text.isascii():
        return text
    others = set("".join(_NOT_ASCII.findall(text)))
    if any(SYMBOL_SKELETON_TABLE[ord(c)] for c in others):
        return None
    return text.encode("ascii", "ignore").decode("ascii")


def _skeleton(text: str, symbols: bool) -> str:
    """The prefilter's view: every word run together, folded, NOT squeezed."""
    plain = _ascii_part(text)
    if plain is not None:
        return plain.encode("ascii").translate(*_TABLES[symbols]).decode("ascii")
    return text.translate(SYMBOL_SKELETON_TABLE if symbols else SKELETON_TABLE)


def _has_symbols(text: str) -> bool:
    return "@" in text or "$" in text or "!" in text or "|" in text or "+" in text


def _spellings(key: str) -> list[str]:
    """Each letter of a squeezed key written 1 to RUN times ("sel" -> sel, ssel, seel, ...).

    Longer runs are caught by the run keys (RUN + 1 of a letter) and squeezed
    instead, so the unsqueezed skeleton (cheap) suffices for nearly every text.
    Three, not two: "i" and "l" are one class, so "will" has a run of three.
    """
    out = [""]
    for ch in key[:FRAGMENT]:
        out = [p + ch * n for p in out for n in range(1, RUN + 1)]
    return out


def variant_name(flags: int) -> str:
    """ "exact", or the disguises in ``flags`` joined by "+" ("case" only when alone)."""
    names = [name for bit, name in FLAG_NAMES.items() if flags & bit]
    if flags & REPEAT:
        names.append("repeat")
    if flags & SPACING:
        names.append("spacing")
    if len(names) > 1 and "case" in names:
        names.remove("case")
    return "+".join(sorted(names)) or "exact"


def _automaton(keys: Iterable[str]) -> Any:
    auto = ahocorasick.Automaton()
    for key in keys:
        auto.add_word(key, key)
    if len(auto) == 0:
        auto.add_word("\uffff\uffff", "\uffff\uffff")  # never found: keeps iter() valid
    auto.make_automaton()
    return auto


def _aho_finder(auto: Any) -> Finder:
    def find(text: str) -> Iterator[tuple[int, int, str]]:
        for end, key in auto.iter(text):
            yield end - len(key) + 1, end + 1, key

    return find


class Matcher:
    """Finds a policy's lexicon entries and the extractors' values in texts.

    Build with :meth:`from_policy`; picklable (it pickles its policy and is
    rebuilt on load, so Spark can broadcast it).
    """

    def __init__(self, policy: Policy, dictionary: Dictionary | None = None):
        self.policy = policy
        self.version = policy.version
        self.dictionary = dictionary or default_dictionary()
        self.entries: tuple[LexiconEntry, ...] = policy.entries(State.LIVE, State.SHADOW)
        self.patterns: dict[str, list[Pattern]] = {}
        self.run_patterns: dict[str, list[Pattern]] = {}
        self.domains: list[tuple[str, int]] = []
        prefilter: dict[str, int] = {}
        emoji: dict[str, list[int]] = {}
        for index, entry in enumerate(self.entries):
            if entry.kind is Kind.EMOJI_CODE:
                emoji.setdefault(entry.term.replace("\ufe0f", ""), []).append(index)
                continue
            if entry.kind is Kind.DOMAIN:
                self.domains.append((entry.term.lower(), index))
            word, run = build_views(entry.term)
            allow = tuple(folded(a) for a in entry.allow)
            letters = sum(1 for c in entry.term if fold(c).kind == LETTER)
            pattern = Pattern(index, word.text, entry.match, entry.severity, allow, letters)
            self.patterns.setdefault(word.text, []).append(pattern)
            self.run_patterns.setdefault(run.text, []).append(pattern)
            prefilter[folded(entry.term)] = _LEXICON
            if entry.kind is Kind.DOMAIN:
                # "name dot example" hides the full skeleton; the first label still shows.
                prefilter[folded(entry.term.split(".")[0])] = _LEXICON
        for word_ in TRIGGER_WORDS:
            prefilter[folded(word_)] = prefilter.get(folded(word_), 0) | _TRIGGER
        self._squeezed_prefilter = _automaton(prefilter)
        self._squeezed_kind = prefilter
        expanded: dict[str, int] = {}
        for key, kind in prefilter.items():
            for spelling in _spellings(key):
                expanded[spelling] = expanded.get(spelling, 0) | kind
        for ch in {c for key in prefilter for c in key}:
            expanded[ch * (RUN + 1)] = expanded.get(ch * (RUN + 1), 0) | _TRIPLE
        self._prefilter = _automaton(expanded)
        self._prefilter_kind = expanded
        self._find_word = _aho_finder(_automaton(self.patterns))
        self._find_run = _aho_finder(_automaton(self.run_patterns))
        self._emoji_entries = emoji
        alternatives = sorted(emoji, key=len, reverse=True)
        self._emoji = (
            re.compile("|".join(re.escape(e) + "\ufe0f?" for e in alternatives))
            if alternatives
            else None
        )
        self._empty = TextScan((), (), False, self.version)

    @classmethod
    def from_policy(cls, policy: Policy | None = None) -> Matcher:
        """A matcher for ``policy`` (the default policy when ``None``)."""
        return cls(policy if policy is not None else Policy.load())

    def __reduce__(self) -> tuple[Any, ...]:
        return (Matcher.from_policy, (self.policy,))

    # -- the fast path -------------------------------------------------------

    def _prefilter_kinds(self, text: str) -> int:
        """Which candidates the skeleton shows: lexicon terms (_LEXICON), trigger words."""
        kinds = self._kinds(_skeleton(text, False))
        if _has_symbols(text):
            kinds |= self._kinds(_skeleton(text, True))
        return kinds

    def _kinds(self, skeleton: str) -> int:
        kinds = 0
        for _, key in self._prefilter.iter(skeleton):
            kinds |= self._prefilter_kind[key]
        if kinds & _TRIPLE:
            # Three or more of a letter: expansions do not cover it, squeeze first.
            kinds = 0
            for _, key in self._squeezed_prefilter.iter(_SQUEEZE.sub(r"\1", skeleton)):
                kinds |= self._squeezed_kind[key]
        return kinds

    def scan(self, text: str) -> TextScan:
        """Hits and extracted values for one text; never raises on any ``str``."""
        truncated = len(text) > MAX_CHARS
        if truncated:
            text = text[:MAX_CHARS]
        return self._finish(text, self._prefilter_kinds(text), truncated)

    def _finish(self, text: str, kinds: int, truncated: bool) -> TextScan:
        ascii_only = text.isascii()
        if not kinds and ascii_only and not has_trigger(text):
            return self._empty if not truncated else TextScan((), (), True, self.version)
        extracted = extract_all(text, kinds & _TRIGGER != 0)
        hits = self.hits(text, extracted) if kinds & _LEXICON else []
        if not ascii_only:
            emoji = self.emoji_hits(text)
            if emoji:
                hits.extend(emoji)
                hits.sort(key=lambda h: (h.span, h.entry_id))
        return TextScan(tuple(hits), tuple(extracted), truncated, self.version)

    def scan_many(self, texts: Sequence[str]) -> list[TextScan]:
        """:meth:`scan` for each text, with the fast path run once over the whole batch.

        ASCII texts are joined by NUL and translated as bytes in one call, then
        one Aho-Corasick pass finds the candidates; only texts with a candidate,
        a trigger for the extractors, or non-ASCII characters go further.
        """
        kinds = [0] * len(texts)
        parts = [_ascii_part(t) if len(t) <= MAX_CHARS else None for t in texts]
        plain = [i for i, p in enumerate(parts) if p is not None]
        if not self._batch_kinds(kinds, plain, parts, symbols=False):
            plain = []
        marked = [i for i in plain if _has_symbols(texts[i])]
        if not self._batch_kinds(kinds, marked, parts, symbols=True):
            for i in marked:
                kinds[i] |= self._prefilter_kinds(texts[i])
        for i in plain:
            if kinds[i] & _TRIPLE:
                kinds[i] = self._prefilter_kinds(texts[i])
        # Extractor trigger characters of all ASCII texts at once: delete every
        # other byte; a text whose remainder is empty has none (has_trigger).
        quiet = [False] * len(texts)
        joined = "\x00".join(parts[i] or "" for i in plain).encode("ascii")
        if plain and joined.count(b"\x00") == len(plain) - 1:
            for i, rest in zip(
                plain, joined.translate(None, _NOT_TRIGGER).split(b"\x00"), strict=True
            ):
                quiet[i] = not rest and not kinds[i] and parts[i] is texts[i]
        out: list[TextScan] = []
        empty = self._empty
        done = [False] * len(texts)
        for i in plain:
            done[i] = True
        for i, text in enumerate(texts):
            if quiet[i]:
                out.append(empty)
            elif not done[i]:
                out.append(self.scan(text))
            elif not kinds[i] and text.isascii() and not has_trigger(text):
                out.append(empty)
            else:
                out.append(self._finish(text, kinds[i], False))
        return out

    def _batch_kinds(
        self, kinds: list[int], indices: list[int], parts: list[str | None], symbols: bool
    ) -> bool:
        """Prefilter the texts at ``indices`` in one pass; False when NUL makes that unsafe."""
        joined = "\x00".join(parts[i] or "" for i in indices)
        if not indices or joined.count("\x00") != len(indices) - 1:
            return not indices
        table = _BATCH_TABLES[symbols]
        skeleton = joined.encode("ascii").translate(*table).decode("ascii")
        bounds = [m.start() for m in re.finditer("\x00", skeleton)]
        kind_of = self._prefilter_kind
        for end, key in self._prefilter.iter(skeleton):
            kinds[indices[bisect.bisect_left(bounds, end)]] |= kind_of[key]
        return True

    def matches(self, text: str) -> bool:
        """True when any live entry hits: the cheap test for guards on short strings."""
        return self.best_severity(text) is not None

    def best_severity(self, text: str) -> Severity | None:
        """The highest severity of any live hit (``None`` when nothing hits)."""
        text = text[:MAX_CHARS]
        kinds = self._prefilter_kinds(text)
        if not kinds & _LEXICON and text.isascii():
            return None
        hits = self.hits(text, extract_urls(text)) if kinds & _LEXICON else []
        if not text.isascii():
            hits.extend(self.emoji_hits(text))
        live = [Severity(h.severity) for h in hits if h.state == State.LIVE.value]
        return max(live, key=lambda s: s.rank) if live else None

    # -- the exact path ------------------------------------------------------

    def hits(
        self,
        text: str,
        extracted: Sequence[Extracted],
        find_word: Finder | None = None,
        find_run: Finder | None = None,
    ) -> list[Hit]:
        """Lexicon hits (no emoji) of one text, from its exact views."""
        word_view, run_view = build_views(text)
        found: dict[tuple[int, int, int], Hit] = {}
        for start, end, key in (find_word or self._find_word)(word_view.text):
            for pattern in self.patterns[key]:
                verdict = word_hit(pattern, word_view, start, end, text, self.dictionary)
                if verdict is not None:
                    self._record(found, pattern, word_view, verdict, text, 0)
        covered = [(h.span, eid) for (eid, _, _), h in found.items()]
        for start, end, key in (find_run or self._find_run)(run_view.text):
            for pattern in self.run_patterns[key]:
                verdict = run_hit(pattern, run_view, start, end, text, self.dictionary)
                if verdict is None:
                    continue
                span = (run_view.starts[start], run_view.ends[end - 1])
                if any(eid == pattern.entry_index and _overlap(s, span) for s, eid in covered):
                    continue
                self._record(found, pattern, run_view, verdict, text, SPACING)
        self._domain_hits(found, text, extracted)
        return sorted(found.values(), key=lambda h: (h.span, h.entry_id))

    def _record(
        self,
        found: dict[tuple[int, int, int], Hit],
        pattern: Pattern,
        view: View,
        verdict: Verdict,
        text: str,
        extra: int,
    ) -> None:
        start, end = view.starts[verdict.start], view.ends[verdict.end - 1]
        flags = extra
        for k in range(verdict.start, verdict.end):
            flags |= view.flags[k]
        flags &= ~REPEAT
        if sum(1 for c in text[start:end] if fold(c).kind == LETTER) > pattern.letters:
            flags |= REPEAT
        variant = variant_name(flags)
        if verdict.segmented or verdict.appended:
            parts = [] if variant == "exact" else variant.split("+")
            parts += ["segment"] if verdict.segmented else []
            parts += ["appended"] if verdict.appended else []
            variant = "+".join(sorted(parts))
        key = (pattern.entry_index, start, end)
        if key not in found:
            found[key] = self._hit(pattern.entry_index, (start, end), text, variant)

    def _hit(self, index: int, span: tuple[int, int], text: str, variant: str) -> Hit:
        entry = self.entries[index]
        return Hit(
            entry.id,
            entry.category,
            entry.severity.value,
            span,
            text[span[0] : span[1]],
            variant,
            entry.state.value,
            entry.standalone,
        )

    def _domain_hits(
        self, found: dict[tuple[int, int, int], Hit], text: str, extracted: Sequence[Extracted]
    ) -> None:
        for url in extracted:
            if not isinstance(url, UrlMention) or not url.obfuscated:
                continue
            for domain, index in self.domains:
                if url.domain == domain or url.domain.endswith("." + domain):
                    key = (index, *url.span)
                    if not any(k[0] == index and _overlap(k[1:], url.span) for k in found):
                        found[key] = self._hit(index, url.span, text, "obfuscated")

    def emoji_hits(self, text: str) -> list[Hit]:
        """Emoji-code hits, matched on the raw emoji sequence (U+FE0F optional)."""
        if self._emoji is None or not any(e in text for e in self._emoji_entries):
            return []
        out: list[Hit] = []
        for m in self._emoji.finditer(text):
            for index in self._emoji_entries[m.group().replace("\ufe0f", "")]:
                variant = "emoji+vs" if m.group().endswith("\ufe0f") else "emoji"
                out.append(self._hit(index, (m.start(), m.end()), text, variant))
        return out


def _overlap(a: Sequence[int], b: Sequence[int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def default_matcher() -> Matcher:
    """A matcher for the packaged default policy."""
    return Matcher.from_policy(Policy.load())


__all__ = ["Matcher", "default_matcher", "squeeze", "variant_name"]
