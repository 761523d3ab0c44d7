"""The matcher's prefilter: which texts can hold a lexicon key or an extractor trigger (F3).

Candidates are found with Aho-Corasick on the ASCII skeleton of a text
(:mod:`netbrake.text.skeleton`): the unsqueezed skeleton is read with every
spelling of each key's first letters repeated 1 to :data:`RUN` times (cheap,
and enough for nearly every text), and a candidate is confirmed with the full
keys on the squeezed skeleton. One text at a time with pyahocorasick, or a
whole NUL-joined batch with the Rust automaton read as bytes and numpy
mapping positions back to texts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

import ahocorasick
import ahocorasick_rs
import numpy as np
import numpy.typing as npt

from netbrake.text.batch import nul_positions, texts_at
from netbrake.text.dictionary import squeeze
from netbrake.text.skeleton import (
    SKELETON_BYTES,
    TRAILING_SYMBOLS,
    exact_skeleton,
    has_symbols,
    plain_skeleton,
    symbol_skeleton,
)

#: Finds (start, end, pattern text) of patterns in a view's text; Aho-Corasick or naive.
Finder = Callable[[str], Iterator[tuple[int, int, str]]]
Kinds = npt.NDArray[np.int64]

#: Candidate kinds, or-ed: a lexicon key, an extractor trigger word, a run of one
#: letter longer than the spellings write (the text is squeezed to be sure).
LEXICON, TRIGGER, TRIPLE = 1, 2, 4
#: Longest piece of a key the prefilter looks for, and the longest run of one
#: letter it spells out (RUN**FRAGMENT spellings per key).
FRAGMENT = 6
RUN = 3
#: The batch automata search as DFAs: 3x faster than the default NFA on whole batches.
_DFA = ahocorasick_rs.Implementation.DFA


def spellings(key: str) -> list[str]:
    """Each letter of a squeezed key written 1 to RUN times ("sel" -> sel, ssel, seel, ...).

    Longer runs are caught by the run keys (RUN + 1 of a letter) and squeezed
    instead, so the unsqueezed skeleton (cheap) suffices for nearly every text.
    Three, not two: "i" and "l" are one class, so "will" has a run of three.
    """
    out = [""]
    for ch in key[:FRAGMENT]:
        out = [p + ch * n for p in out for n in range(1, RUN + 1)]
    return out


def automaton(keys: Iterable[str]) -> Any:
    """A pyahocorasick automaton whose values are the keys themselves."""
    auto = ahocorasick.Automaton()
    for key in keys:
        auto.add_word(key, key)
    if len(auto) == 0:
        auto.add_word("\uffff\uffff", "\uffff\uffff")  # never found: keeps iter() valid
    auto.make_automaton()
    return auto


def aho_finder(auto: Any) -> Finder:
    """The :data:`Finder` of an :func:`automaton`."""

    def find(text: str) -> Iterator[tuple[int, int, str]]:
        for end, key in auto.iter(text):
            yield end - len(key) + 1, end + 1, key

    return find


def _kinds_found(automaton: Any, kind_of: Kinds, skeletons: bytes, count: int) -> Kinds:
    """Per text of ``count`` NUL-joined skeletons: the kinds of the keys ``automaton`` finds
    (pattern ``i`` has kind ``kind_of[i]``)."""
    kinds: Kinds = np.zeros(count, dtype=np.int64)
    found = automaton.find_matches_as_indexes(skeletons, overlapping=True)
    if found:
        pattern, _, end = np.array(found, dtype=np.int64).T
        np.bitwise_or.at(kinds, texts_at(nul_positions(skeletons), end - 1), kind_of[pattern])
    return kinds


class Prefilter:
    """The automata built from the squeezed keys (key -> its candidate kinds)."""

    def __init__(self, keys: dict[str, int]):
        self.squeezed = automaton(keys)
        self.squeezed_kind = keys
        self._batch_squeezed = ahocorasick_rs.BytesAhoCorasick(
            [k.encode() for k in keys], implementation=_DFA
        )
        self._batch_squeezed_kind = np.array(list(keys.values()), dtype=np.int64)
        expanded: dict[str, int] = {}
        for key, kind in keys.items():
            for spelling in spellings(key):
                expanded[spelling] = expanded.get(spelling, 0) | kind
        for ch in {c for key in keys for c in key}:
            expanded[ch * (RUN + 1)] = expanded.get(ch * (RUN + 1), 0) | TRIPLE
        self._expanded = automaton(expanded)
        self._expanded_kind = expanded
        # The batch pass reads bytes with the Rust automaton (3x pyahocorasick's speed
        # on a whole batch, 3x more as a DFA); pattern i has kind _batch_kind_of[i].
        self._batch_expanded = ahocorasick_rs.BytesAhoCorasick(
            [key.encode("utf-8") for key in expanded], implementation=_DFA
        )
        self._batch_kind_of = np.array(list(expanded.values()), dtype=np.int64)

    def kinds(self, skeleton: str) -> int:
        """Candidates an unsqueezed skeleton shows (TRIPLE: a run the spellings miss)."""
        kinds = 0
        kind_of = self._expanded_kind
        for _, key in self._expanded.iter(skeleton):
            kinds |= kind_of[key]
        return kinds

    def exact_kinds(self, text: str, source: str | None = None) -> int:
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
            for _, key in self.squeezed.iter(squeeze(skeleton)):
                kinds |= self.squeezed_kind[key]
        return kinds

    def batch_kinds(self, joined: bytes, count: int, symbols: bool) -> Kinds:
        """Candidate kinds of ``count`` ASCII sources joined by NUL, in one pass."""
        if symbols:
            joined = TRAILING_SYMBOLS.sub(b"", joined)
        skeleton = joined.translate(*SKELETON_BYTES[symbols])
        return _kinds_found(self._batch_expanded, self._batch_kind_of, skeleton, count)

    def batch_exact_kinds(self, joined: bytes, count: int) -> Kinds:
        """:meth:`exact_kinds` of ``count`` ASCII sources joined by NUL.

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
