"""A policy's lexicon compiled for the matcher, and its hits in a text's exact views (F3-F4).

Each entry (but emoji codes, :mod:`netbrake.text.emoji`) becomes a
:class:`~netbrake.text.anchoring.Pattern` keyed by its word view and its run
view (:mod:`netbrake.text.views`); a key found in a text's view is judged by
the anchoring rule (:mod:`netbrake.text.anchoring`) and recorded as a
:class:`~netbrake.text.scan.Hit` named by the disguises it went through.
Domain entries also hit the obfuscated links the extractor reads.
"""

from __future__ import annotations

from collections.abc import Sequence

from netbrake.policy import Kind, LexiconEntry, MatchMode, Severity
from netbrake.text.anchoring import APPEND_MIN_LETTERS, Pattern, Verdict, run_hit, word_hit
from netbrake.text.dictionary import Dictionary, folded
from netbrake.text.extract import TRIGGER_WORDS
from netbrake.text.fold import FLAG_NAMES, LETTER, fold
from netbrake.text.prefilter import LEXICON, TRIGGER, Finder, aho_finder, automaton
from netbrake.text.scan import Extracted, Hit, UrlMention
from netbrake.text.views import REPEAT, SPACING, View, build_views

#: Hits of one text (or window) by (entry index, start, end): one hit per entry and span.
Found = dict[tuple[int, int, int], Hit]


def appends(entry: LexiconEntry) -> bool:
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


def make_hit(entry: LexiconEntry, span: tuple[int, int], text: str, variant: str) -> Hit:
    """The hit of ``entry`` at ``span`` of ``text``."""
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


def shifted(hit: Hit, offset: int) -> Hit:
    """``hit`` found ``offset`` characters further on (dataclasses.replace, 5x faster)."""
    start, end = hit.span
    return Hit(hit.entry_id, hit.category, hit.severity, (start + offset, end + offset),
               hit.matched, hit.variant, hit.state, hit.standalone)  # fmt: skip


def overlap(a: Sequence[int], b: Sequence[int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def by_position(hit: Hit) -> tuple[tuple[int, int], str]:
    """Sort key of hits: in order of position, then entry."""
    return hit.span, hit.entry_id


class Lexicon:
    """The view patterns of ``entries`` (the policy's live and shadow entries, in order),
    and the prefilter keys that find their candidates and the extractor triggers."""

    def __init__(self, entries: tuple[LexiconEntry, ...], dictionary: Dictionary):
        self.entries = entries
        self.dictionary = dictionary
        self.patterns: dict[str, list[Pattern]] = {}
        self.run_patterns: dict[str, list[Pattern]] = {}
        self.domains: list[tuple[str, int]] = []
        #: Squeezed skeleton key -> candidate kinds (netbrake.text.prefilter).
        self.keys: dict[str, int] = {}
        for index, entry in enumerate(entries):
            if entry.kind is Kind.EMOJI_CODE:
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
                appends(entry),
                entry.term.lower() if entry.kind is not Kind.DOMAIN else "",
            )
            self.patterns.setdefault(word.text, []).append(pattern)
            self.run_patterns.setdefault(run.text, []).append(pattern)
            self.keys[folded(entry.term)] = LEXICON
            if entry.kind is Kind.DOMAIN:
                # "name dot example" hides the full skeleton; the first label still shows.
                self.keys[folded(entry.term.split(".")[0])] = LEXICON
        for word_ in TRIGGER_WORDS:
            self.keys[folded(word_)] = self.keys.get(folded(word_), 0) | TRIGGER
        self.find_word = aho_finder(automaton(self.patterns))
        self.find_run = aho_finder(automaton(self.run_patterns))

    def hit(self, index: int, span: tuple[int, int], text: str, variant: str) -> Hit:
        return make_hit(self.entries[index], span, text, variant)

    def hits_into(
        self,
        text: str,
        found: Found,
        find_word: Finder | None = None,
        find_run: Finder | None = None,
    ) -> None:
        """Add the hits in ``text`` (a whole text, or a window of one) to ``found``."""
        word_view, run_view = build_views(text)
        dictionary = self.dictionary
        for start, end, key in (find_word or self.find_word)(word_view.text):
            for pattern in self.patterns[key]:
                verdict = word_hit(pattern, word_view, start, end, text, dictionary)
                if verdict is not None:
                    self._record(found, pattern, word_view, verdict, text, 0)
        covered = [(h.span, eid) for (eid, _, _), h in found.items()]
        for start, end, key in (find_run or self.find_run)(run_view.text):
            for pattern in self.run_patterns[key]:
                verdict = run_hit(pattern, run_view, start, end, text, dictionary)
                if verdict is None:
                    continue
                span = (run_view.starts[start], run_view.ends[end - 1])
                if any(eid == pattern.entry_index and overlap(s, span) for s, eid in covered):
                    continue
                self._record(found, pattern, run_view, verdict, text, SPACING)

    def _record(
        self, found: Found, pattern: Pattern, view: View, verdict: Verdict, text: str, extra: int
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
            found[key] = self.hit(pattern.entry_index, (start, end), text, variant)

    def domain_hits(self, found: Found, text: str, extracted: Sequence[Extracted]) -> None:
        """Add the hits of domain entries on the obfuscated links in ``extracted``."""
        for url in extracted:
            if not isinstance(url, UrlMention) or not url.obfuscated:
                continue
            for domain, index in self.domains:
                if url.domain == domain or url.domain.endswith("." + domain):
                    key = (index, *url.span)
                    if not any(k[0] == index and overlap(k[1:], url.span) for k in found):
                        found[key] = self.hit(index, url.span, text, "obfuscated")
