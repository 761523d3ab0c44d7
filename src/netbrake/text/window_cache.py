"""Lexicon hits read from the words around each candidate key, remembered per window (F3).

The matcher builds the exact views (:mod:`netbrake.text.views`) only for the
windows (whole words) around the keys the squeezed skeleton shows, and
remembers each short window's hits: the same coded terms recur across texts
(hashtags, slogans, handles), so most windows are read once per run.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from netbrake.text.lexicon import Found, Lexicon, by_position, shifted
from netbrake.text.prefilter import LEXICON, Prefilter
from netbrake.text.scan import Extracted, Hit
from netbrake.text.skeleton import ascii_skeleton, exact_skeleton, squeezed, windows

#: Windows (words around a lexicon key) whose hits a matcher remembers, and the longest
#: one it keeps (so the cache holds at most about 10 MB of text and hits).
WINDOW_CACHE = 65_536
WINDOW_CACHE_CHARS = 100

#: A window's hits, keyed as in :data:`~netbrake.text.lexicon.Found`.
WindowHits = tuple[tuple[tuple[int, int, int], Hit], ...]


class WindowCache:
    """The hits of windows of ``lexicon`` keys, which ``prefilter`` finds; iterating
    gives the remembered windows."""

    def __init__(self, lexicon: Lexicon, prefilter: Prefilter):
        self._lexicon = lexicon
        self._prefilter = prefilter
        self._windows: dict[str, WindowHits] = {}

    def __iter__(self) -> Iterator[str]:
        return iter(self._windows)

    def __len__(self) -> int:
        return len(self._windows)

    def clear(self) -> None:
        """Forget the remembered windows."""
        self._windows.clear()

    def hits(self, text: str, extracted: Sequence[Extracted], source: str | None) -> list[Hit]:
        """The lexicon hits (no emoji) of ``text``, as from the exact views of the whole text.

        A key is looked for in the exact squeezed skeleton; a text whose
        prefilter candidate is only a fragment ("pretend" for "preteen...") builds
        no view at all. ``source`` is the text's ASCII stand-in, if any.
        """
        skeleton, owner = exact_skeleton(text) if source is None else ascii_skeleton(source)
        letters, starts, ends = squeezed(skeleton)
        spans: list[tuple[int, int]] = []
        kind_of = self._prefilter.squeezed_kind
        for end, key in self._prefilter.squeezed.iter(letters):
            if kind_of[key] & LEXICON:
                begin = end - len(key) + 1
                spans.append((owner[starts[begin]], owner[ends[end] - 1] + 1))
        found: Found = {}
        for a, b in windows(text, spans, skeleton, owner):
            for (index, start, end), hit in self._found(text[a:b]):
                found[index, start + a, end + a] = shifted(hit, a) if a else hit
        self._lexicon.domain_hits(found, text, extracted)
        return sorted(found.values(), key=by_position)

    def _found(self, window: str) -> WindowHits:
        """The lexicon hits of one window: remembered when it is short.

        A window's hits depend on its text alone (windows are whole words, and no
        two windows of a text overlap).
        """
        cached = self._windows.get(window)
        if cached is None:
            found: Found = {}
            self._lexicon.hits_into(window, found)
            cached = tuple(found.items())
            if len(window) <= WINDOW_CACHE_CHARS:
                if len(self._windows) >= WINDOW_CACHE:
                    self._windows.clear()
                self._windows[window] = cached
        return cached
