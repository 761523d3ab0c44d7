"""The simple reference matcher the fast path must agree with (F3, no evasion slips past).

No prefilter, no Aho-Corasick: every pattern is looked for with a naive
``str.find`` loop in the exact views of every text, every extractor runs on
every text, and the same anchoring rule judges the hits. ``tests/text``
checks that :meth:`Matcher.scan` and :meth:`Matcher.scan_many` return exactly
what :func:`reference_scan` returns.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from netbrake.text.extract import extract_all
from netbrake.text.matcher import Matcher
from netbrake.text.prefilter import Finder
from netbrake.text.scan import TextScan
from netbrake.text.views import MAX_CHARS


def naive_finder(patterns: Iterable[str]) -> Finder:
    """A finder that tries every pattern at every position (quadratic, obviously right)."""
    keys = tuple(patterns)

    def find(text: str) -> Iterator[tuple[int, int, str]]:
        found = []
        for key in keys:
            start = text.find(key)
            while start != -1:
                found.append((start, start + len(key), key))
                start = text.find(key, start + 1)
        # Aho-Corasick reports by end position, then shortest key first.
        yield from sorted(found, key=lambda f: (f[1], -f[0]))

    return find


def reference_scan(matcher: Matcher, text: str) -> TextScan:
    """What ``matcher.scan(text)`` must return, computed the slow, simple way."""
    truncated = len(text) > MAX_CHARS
    text = text[:MAX_CHARS]
    extracted = extract_all(text)
    hits = matcher.hits(
        text, extracted, naive_finder(matcher.patterns), naive_finder(matcher.run_patterns)
    )
    hits.extend(matcher.emoji_hits(text))
    hits.sort(key=lambda h: (h.span, h.entry_id))
    # Allowed phrases and combination rules read the findings, not the text's views.
    return matcher.complete(
        text, TextScan(tuple(hits), tuple(extracted), truncated, matcher.version)
    )
