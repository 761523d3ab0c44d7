"""The lexicon matcher: normalise, find candidates with Aho-Corasick, anchor, extract.

Fast path (most texts), on an ASCII stand-in of each text
(:mod:`netbrake.text.skeleton`): one bytes translate to the skeleton form
(leet, case, separators folded, in C) and one Aho-Corasick pass over key
fragments spelled with repeated letters (pyahocorasick); one more translate
gives the extractor trigger characters, and the gates of
:mod:`netbrake.text.extract.gate` decide which extractors can find anything.
A candidate is confirmed with the full keys on the squeezed skeleton; only
then are the exact views (:mod:`netbrake.text.views`) built, for the words
around each key only, and judged by the anchoring rule
(:mod:`netbrake.text.anchoring`). :meth:`Matcher.scan_many` takes the cheap
decisions once for a whole batch joined by NUL. :func:`reference_scan`
(:mod:`netbrake.text.reference`) is the slow, simple path it must agree with.
"""

from __future__ import annotations

import contextlib
import gc
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

import ahocorasick
import ahocorasick_rs
import numpy as np
import numpy.typing as npt

from netbrake.policy import Kind, LexiconEntry, MatchMode, Policy, Severity, State
from netbrake.text.anchoring import APPEND_MIN_LETTERS, Pattern, Verdict, run_hit, word_hit
from netbrake.text.batch import (
    Bools,
    Positions,
    holding,
    nul_positions,
    owners,
    segment,
    select,
    texts_at,
    texts_holding,
)
from netbrake.text.combine import Combiner
from netbrake.text.dictionary import Dictionary, default_dictionary, folded, squeeze
from netbrake.text.extract import (
    TRIGGER_WORDS,
    extract_handle_mentions_many,
    extract_urls,
    extract_urls_many,
    gate,
)
from netbrake.text.fold import FLAG_NAMES, LEET_SYMBOLS, LETTER, fold
from netbrake.text.scan import Extracted, Hit, TextScan, UrlMention
from netbrake.text.skeleton import (
    GATED_CLASS,
    IGNORED_CLASS,
    IGNORED_MARK,
    LETTER_CLASS,
    SKELETON_BYTES,
    TRAILING_SYMBOLS,
    ascii_proxy,
    ascii_skeleton,
    char_class,
    exact_skeleton,
    has_symbols,
    marked_proxy,
    plain_skeleton,
    squeezed,
    symbol_skeleton,
    windows,
)
from netbrake.text.views import MAX_CHARS, REPEAT, SPACING, View, build_views

#: Finds (start, end, pattern text) of patterns in a view's text; Aho-Corasick or naive.
Finder = Callable[[str], Iterator[tuple[int, int, str]]]

_LEXICON, _TRIGGER, _TRIPLE = 1, 2, 4
#: Windows (words around a lexicon key) whose hits a matcher remembers, and the longest
#: one it keeps (so the cache holds at most about 10 MB of text and hits).
WINDOW_CACHE = 65_536
WINDOW_CACHE_CHARS = 100
#: The batch automata search as DFAs: 3x faster than the default NFA on whole batches.
_DFA = ahocorasick_rs.Implementation.DFA
_LIVE = State.LIVE.value
#: Longest piece of a key the prefilter looks for, and the longest run of one
#: letter it spells out (RUN**FRAGMENT spellings per key).
FRAGMENT = 6
RUN = 3


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


def _appends(entry: LexiconEntry) -> bool:
    """Whether letters after a hit of ``entry`` count as appended words (anchoring.py, F4)."""
    if entry.match is MatchMode.PREFIX:
        return True
    if entry.kind not in (Kind.HASHTAG, Kind.KEYWORD, Kind.PHRASE):
        return False
    distinctive = entry.kind is Kind.HASHTAG or entry.severity.rank >= Severity.HIGH.rank
    return distinctive and len(folded(entry.term)) >= APPEND_MIN_LETTERS


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


Kinds = npt.NDArray[np.int64]
#: The leet symbols, read as letters inside a word (netbrake.text.skeleton).
_SYMBOLS = "".join(sorted(LEET_SYMBOLS)).encode()
#: bytes.translate: a symbol or an ignorable's mark to 1, a letter or digit to 2, else 0.
_SYMBOL_OR_WORD = bytes(
    1 if chr(b) in LEET_SYMBOLS or chr(b) == IGNORED_MARK
    else 2 if chr(b).isascii() and chr(b).isalnum() else 0
    for b in range(256)
)  # fmt: skip


def _kinds_found(automaton: Any, kind_of: Kinds, skeletons: bytes, count: int) -> Kinds:
    """Per text of ``count`` NUL-joined skeletons: the kinds of the keys ``automaton`` finds
    (pattern ``i`` has kind ``kind_of[i]``)."""
    kinds: Kinds = np.zeros(count, dtype=np.int64)
    found = automaton.find_matches_as_indexes(skeletons, overlapping=True)
    if found:
        pattern, _, end = np.array(found, dtype=np.int64).T
        np.bitwise_or.at(kinds, texts_at(nul_positions(skeletons), end - 1), kind_of[pattern])
    return kinds


def _symbol_before_word(proxy: bytes, nul: Positions) -> Bools:
    """Per text of a NUL-joined batch: whether a symbol ("@$!|+", or an ignorable's mark)
    stands right before a letter or digit."""
    data = np.frombuffer(proxy.translate(_SYMBOL_OR_WORD), dtype=np.uint8)
    at = np.flatnonzero((data[:-1] == 1) & (data[1:] == 2))
    found = np.zeros(len(nul) + 1, dtype=bool)
    found[texts_at(nul, at)] = True
    return found


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
            pattern = Pattern(
                index,
                word.text,
                entry.match,
                entry.severity,
                allow,
                letters,
                _appends(entry),
                entry.term.lower() if entry.kind is not Kind.DOMAIN else "",
            )
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
        self._batch_squeezed = ahocorasick_rs.BytesAhoCorasick(
            [k.encode() for k in prefilter], implementation=_DFA
        )
        self._batch_squeezed_kind = np.array(list(prefilter.values()), dtype=np.int64)
        expanded: dict[str, int] = {}
        for key, kind in prefilter.items():
            for spelling in _spellings(key):
                expanded[spelling] = expanded.get(spelling, 0) | kind
        for ch in {c for key in prefilter for c in key}:
            expanded[ch * (RUN + 1)] = expanded.get(ch * (RUN + 1), 0) | _TRIPLE
        self._prefilter = _automaton(expanded)
        self._prefilter_kind = expanded
        # The batch pass reads bytes with the Rust automaton (3x pyahocorasick's speed
        # on a whole batch, 3x more as a DFA); pattern i has kind _batch_kind_of[i].
        self._batch_prefilter = ahocorasick_rs.BytesAhoCorasick(
            [key.encode("utf-8") for key in expanded], implementation=_DFA
        )
        self._batch_kind_of = np.array(list(expanded.values()), dtype=np.int64)
        self._find_word = _aho_finder(_automaton(self.patterns))
        self._find_run = _aho_finder(_automaton(self.run_patterns))
        self._emoji_entries = emoji
        alternatives = sorted(emoji, key=len, reverse=True)
        self._emoji = (
            re.compile("|".join(re.escape(e) + "\ufe0f?" for e in alternatives))
            if alternatives
            else None
        )
        # Where an emoji code can start: its first code point. A code starting with an
        # ASCII character ("#\ufe0f\u20e3") is looked for with the regex instead.
        starts = sorted({ord(e[0]) for e in emoji if e})
        self._emoji_starts = np.array(starts, dtype=np.uint32)
        self._emoji_ascii = any(c < 128 for c in starts)
        self._empty = TextScan((), (), False, self.version)
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
        self._windows: dict[str, tuple[tuple[tuple[int, int, int], Hit], ...]] = {}

    @classmethod
    def from_policy(cls, policy: Policy | None = None) -> Matcher:
        """A matcher for ``policy`` (the default policy when ``None``)."""
        return cls(policy if policy is not None else Policy.load())

    def __reduce__(self) -> tuple[Any, ...]:
        return (Matcher.from_policy, (self.policy,))

    # -- the fast path -------------------------------------------------------

    def _kinds(self, skeleton: str) -> int:
        """Candidates an unsqueezed skeleton shows (_TRIPLE: a run the spellings miss)."""
        kinds = 0
        kind_of = self._prefilter_kind
        for _, key in self._prefilter.iter(skeleton):
            kinds |= kind_of[key]
        return kinds

    def _exact_kinds(self, text: str, source: str | None = None) -> int:
        """Candidates from the squeezed skeleton (no spellings needed).

        ``source`` is the text's ASCII stand-in when it has one: its readings
        give the skeleton faster than :func:`exact_skeleton`.
        """
        if source is None:
            skeletons = [exact_skeleton(text)[0]]
        else:
            skeletons = [plain_skeleton(source)]
            if has_symbols(source):
                skeletons.append(symbol_skeleton(source))
        kinds = 0
        for skeleton in skeletons:
            for _, key in self._squeezed_prefilter.iter(squeeze(skeleton)):
                kinds |= self._squeezed_kind[key]
        return kinds

    def _prepare(self, text: str, extract: bool = True) -> tuple[int, int, str | None]:
        """(candidate kinds, extractors needed, ASCII stand-in) of one text.

        ``extract`` false skips the extractor gates (guards need hits only).
        """
        source, gated = (text, True) if text.isascii() else ascii_proxy(text)
        if source is not None and "\x00" in source:
            # NUL separates words as a space does, but the skeleton tables keep it (it
            # separates the texts of a batch): read as a space, and every extractor runs.
            source, gated = source.replace("\x00", " "), False
        if source is None:
            kinds = self._exact_kinds(text)
        else:
            kinds = self._kinds(plain_skeleton(source))
            if has_symbols(source):
                kinds |= self._kinds(symbol_skeleton(source))
            if kinds & (_LEXICON | _TRIPLE):
                kinds = self._exact_kinds(text, source)
        if not extract:
            return kinds, 0, source
        if source is None or not gated:
            return kinds, gate.ALL, source
        proxy = source.encode("ascii")
        triggers = proxy.translate(gate.TRIGGER_TABLE, gate.TRIGGER_DELETE)
        return kinds, gate.plan(proxy, triggers, kinds & _TRIGGER != 0), source

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
        hits = self._with_emoji(
            text, self._window_hits(text, extracted, source) if kinds & _LEXICON else []
        )
        if not hits and not extracted and not truncated:
            return self._empty
        return TextScan(tuple(hits), tuple(extracted), truncated, self.version)

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
        emoji[texts_at(nul, at[np.isin(found, self._emoji_starts)])] = True
        return special, ignored, emoji

    def scan_many(self, texts: Sequence[str]) -> list[TextScan]:
        """:meth:`scan` for each text, with the cheap decisions taken once for the batch.

        The texts are joined by NUL and read with whole-batch operations in C:
        the ASCII proxy (:mod:`netbrake.text.skeleton`; non-ASCII characters
        as "?") by one encode, each text's candidates by one bytes translate and
        one Aho-Corasick pass, the extractor gates, emoji codes and non-ASCII
        classes by byte translates and numpy, which maps positions back to
        texts. Texts whose only findings are @mentions, links or emoji codes are
        read by one regex pass each for the whole batch; texts with a lexicon
        candidate or another extractor's cue go on one by one (:meth:`_finish`);
        texts with a non-ASCII letter, digit or space (which the proxy would
        hide) take :meth:`scan`'s path.

        The cyclic garbage collector pauses meanwhile: the batch allocates tens
        of thousands of acyclic records, whose full collections find nothing and
        cost 5-10% of the time.
        """
        with _collector_paused():
            done = self.complete
            results = self._scan_many(texts)
            return [
                r if r is self._empty else done(t, r) for t, r in zip(texts, results, strict=True)
            ]

    def _scan_many(self, texts: Sequence[str]) -> list[TextScan]:
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
        if self._emoji is not None and self._emoji_ascii:
            emoji[texts_at(nul, [m.start() for m in self._emoji.finditer(whole)])] = True
        kinds = self._batch_kinds(proxy, n, symbols=False)
        # Symbols read as letters change the skeleton only where one stands before a letter
        # or digit ("s$ller", "@name"); elsewhere they are punctuation in both readings.
        with_symbols = np.flatnonzero(symbols & _symbol_before_word(proxy, nul) & ~alone)
        if len(with_symbols):
            sub = select(proxy, nul, with_symbols)
            kinds[with_symbols] |= self._batch_kinds(sub, len(with_symbols), symbols=True)
        # Confirm candidates with the full keys on the squeezed skeletons ("pretend" is none).
        candidates = np.flatnonzero(((kinds & (_LEXICON | _TRIPLE)) != 0) & ~alone)
        if len(candidates):
            sub = select(proxy, nul, candidates)
            kinds[candidates] = self._batch_exact_kinds(sub, len(candidates))
        needs = gate.plan_batch(proxy, n, held)
        empty = self._empty
        out = [empty] * n
        for i in np.flatnonzero(alone).tolist():
            out[i] = self.scan(texts[i])
        # Texts whose only work is an @mention, a link or an emoji code (most busy texts):
        # one regex pass each over all of them.
        linked = (kinds == 0) & ~alone & (needs & ~(gate.HANDLES | gate.URLS) == 0)
        self._batch_extract(
            texts, out, np.flatnonzero(linked & ((needs != 0) | emoji)), needs, emoji
        )
        busy = np.flatnonzero(((kinds != 0) | (needs != 0) | emoji) & ~alone & ~linked)
        for i, k, need in zip(
            busy.tolist(), kinds[busy].tolist(), needs[busy].tolist(), strict=True
        ):
            text = texts[i]
            source = text if ascii_only or text.isascii() else segment(proxy, nul, i).decode()
            if k & _TRIGGER:  # a payment word or "dot": the gates read the words too
                proxy_bytes = source.encode("ascii")
                trigger_chars = proxy_bytes.translate(gate.TRIGGER_TABLE, gate.TRIGGER_DELETE)
                need = gate.plan(proxy_bytes, trigger_chars, True)
            out[i] = self._finish(text, k, need, False, source)
        return out

    def _batch_extract(
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
        version = self.version
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
            with_emoji, self._emoji_hits_many([texts[i] for i in with_emoji]), strict=True
        ):
            if hits:
                out[i] = TextScan(tuple(hits), out[i].extracted, False, version)

    def _emoji_hits_many(self, texts: Sequence[str]) -> list[list[Hit]]:
        """:meth:`emoji_hits` of each text (none holds a NUL), one regex pass for all."""
        out: list[list[Hit]] = [[] for _ in texts]
        if self._emoji is None:
            return out
        found = list(self._emoji.finditer("\x00".join(texts)))
        owner, offset = owners(texts, [m.start() for m in found])
        for m, i, base in zip(found, owner.tolist(), offset.tolist(), strict=True):
            out[i] += self._emoji_match(m, base, texts[i])
        for hits in out:
            if len(hits) > 1:
                hits.sort(key=lambda h: (h.span, h.entry_id))
        return out

    def _batch_kinds(self, joined: bytes, count: int, symbols: bool) -> Kinds:
        """Candidate kinds of ``count`` ASCII sources joined by NUL, in one pass."""
        if symbols:
            joined = TRAILING_SYMBOLS.sub(b"", joined)
        skeleton = joined.translate(*SKELETON_BYTES[symbols])
        return _kinds_found(self._batch_prefilter, self._batch_kind_of, skeleton, count)

    def _batch_exact_kinds(self, joined: bytes, count: int) -> Kinds:
        """:meth:`_exact_kinds` of ``count`` ASCII sources joined by NUL.

        Both readings of the symbols for every text (without symbols they agree),
        each squeezed with numpy (NUL, the texts' bound, is never squeezed).
        """
        kinds: Kinds = np.zeros(count, dtype=np.int64)
        for symbols in (False, True):
            data = TRAILING_SYMBOLS.sub(b"", joined) if symbols else joined
            skeleton = np.frombuffer(data.translate(*SKELETON_BYTES[symbols]), dtype=np.uint8)
            keep = np.ones(len(skeleton), dtype=bool)
            keep[1:] = (skeleton[1:] != skeleton[:-1]) | (skeleton[1:] == 0)
            squeezed = skeleton[keep].tobytes()
            kinds |= _kinds_found(self._batch_squeezed, self._batch_squeezed_kind, squeezed, count)
        return kinds

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
        hits = self._window_hits(text, extract_urls(text), source) if kinds & _LEXICON else []
        hits = self._with_emoji(text, hits)
        if hits:
            # Allowed phrases and combination rules (which may need an extracted age) read
            # the whole scan: only strings with a hit pay for it.
            return list(self.scan(text).hits)
        return hits

    # -- the exact path ------------------------------------------------------

    def _window_hits(
        self, text: str, extracted: Sequence[Extracted], source: str | None = None
    ) -> list[Hit]:
        """:meth:`hits`, with views built only for the words around each lexicon key.

        A key is looked for in the exact squeezed skeleton; a text whose
        prefilter candidate is only a fragment ("pretend" for "preteen...") builds
        no view at all.
        """
        skeleton, owners = exact_skeleton(text) if source is None else ascii_skeleton(source)
        letters, starts, ends = squeezed(skeleton)
        spans: list[tuple[int, int]] = []
        for end, key in self._squeezed_prefilter.iter(letters):
            if self._squeezed_kind[key] & _LEXICON:
                begin = end - len(key) + 1
                spans.append((owners[starts[begin]], owners[ends[end] - 1] + 1))
        found: dict[tuple[int, int, int], Hit] = {}
        for a, b in windows(text, spans, skeleton, owners):
            for (index, start, end), hit in self._window_found(text[a:b]):
                found[index, start + a, end + a] = _shifted(hit, a) if a else hit
        self._domain_hits(found, text, extracted)
        return sorted(found.values(), key=lambda h: (h.span, h.entry_id))

    def clear_cache(self) -> None:
        """Forget the remembered windows (benchmarks time a matcher from cold)."""
        self._windows.clear()

    def _window_found(self, window: str) -> tuple[tuple[tuple[int, int, int], Hit], ...]:
        """The lexicon hits of one window, keyed as in ``found``: remembered, because the
        same coded terms recur across texts (hashtags, slogans, handles).

        A window's hits depend on its text alone (windows are whole words, and no
        two windows of a text overlap).
        """
        cached = self._windows.get(window)
        if cached is None:
            found: dict[tuple[int, int, int], Hit] = {}
            self._lexicon_hits(window, found, self._find_word, self._find_run)
            cached = tuple(found.items())
            if len(window) <= WINDOW_CACHE_CHARS:
                if len(self._windows) >= WINDOW_CACHE:
                    self._windows.clear()
                self._windows[window] = cached
        return cached

    def hits(
        self,
        text: str,
        extracted: Sequence[Extracted],
        find_word: Finder | None = None,
        find_run: Finder | None = None,
    ) -> list[Hit]:
        """Lexicon hits (no emoji) of one text, from the exact views of the whole text."""
        found: dict[tuple[int, int, int], Hit] = {}
        self._lexicon_hits(text, found, find_word or self._find_word, find_run or self._find_run)
        self._domain_hits(found, text, extracted)
        return sorted(found.values(), key=lambda h: (h.span, h.entry_id))

    def _lexicon_hits(
        self,
        text: str,
        found: dict[tuple[int, int, int], Hit],
        find_word: Finder,
        find_run: Finder,
    ) -> None:
        """Add the hits in ``text`` (a whole text, or a window of one) to ``found``."""
        word_view, run_view = build_views(text)
        for start, end, key in find_word(word_view.text):
            for pattern in self.patterns[key]:
                verdict = word_hit(pattern, word_view, start, end, text, self.dictionary)
                if verdict is not None:
                    self._record(found, pattern, word_view, verdict, text, 0)
        covered = [(h.span, eid) for (eid, _, _), h in found.items()]
        for start, end, key in find_run(run_view.text):
            for pattern in self.run_patterns[key]:
                verdict = run_hit(pattern, run_view, start, end, text, self.dictionary)
                if verdict is None:
                    continue
                span = (run_view.starts[start], run_view.ends[end - 1])
                if any(eid == pattern.entry_index and _overlap(s, span) for s, eid in covered):
                    continue
                self._record(found, pattern, run_view, verdict, text, SPACING)

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

    def _with_emoji(self, text: str, hits: list[Hit]) -> list[Hit]:
        """``hits`` with the emoji-code hits of ``text`` added, in order of position."""
        if not text.isascii():
            emoji = self.emoji_hits(text)
            if emoji:
                hits.extend(emoji)
                hits.sort(key=lambda h: (h.span, h.entry_id))
        return hits

    def emoji_hits(self, text: str) -> list[Hit]:
        """Emoji-code hits, matched on the raw emoji sequence (U+FE0F optional)."""
        if self._emoji is None or not any(e in text for e in self._emoji_entries):
            return []
        out: list[Hit] = []
        for m in self._emoji.finditer(text):
            out += self._emoji_match(m, 0, text)
        return out

    def _emoji_match(self, m: re.Match[str], offset: int, text: str) -> list[Hit]:
        """The hits of one emoji-code match ``m`` in a string where ``text`` starts at
        ``offset``."""
        variant = "emoji+vs" if m.group().endswith("\ufe0f") else "emoji"
        span = (m.start() - offset, m.end() - offset)
        return [
            self._hit(index, span, text, variant)
            for index in self._emoji_entries[m.group().replace("\ufe0f", "")]
        ]


_PAUSES = {"depth": 0, "resume": False}
_PAUSE_LOCK = threading.Lock()


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector, whatever happens inside.

    Process-wide, like the collector: concurrent batches share one pause, and
    the collector resumes when the last ends, if it was on when the first
    began (a ``gc.disable()`` made by another thread meanwhile is undone then).
    """
    with _PAUSE_LOCK:
        if _PAUSES["depth"] == 0:
            _PAUSES["resume"] = gc.isenabled()
            gc.disable()
        _PAUSES["depth"] += 1
    try:
        yield
    finally:
        with _PAUSE_LOCK:
            _PAUSES["depth"] -= 1
            if _PAUSES["depth"] == 0 and _PAUSES["resume"]:
                gc.enable()


def _shifted(hit: Hit, offset: int) -> Hit:
    """``hit`` found ``offset`` characters further on (dataclasses.replace, 5x faster)."""
    start, end = hit.span
    return Hit(hit.entry_id, hit.category, hit.severity, (start + offset, end + offset),
               hit.matched, hit.variant, hit.state, hit.standalone)  # fmt: skip


def _overlap(a: Sequence[int], b: Sequence[int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def default_matcher() -> Matcher:
    """A matcher for the packaged default policy."""
    return Matcher.from_policy(Policy.load())


__all__ = ["Matcher", "default_matcher", "squeeze", "variant_name"]
