"""Example contexts for a candidate: the indicator tokens around it, nothing else.

A reviewer needs to see how a term is used, but a snippet must never carry a
raw identifier (docs/failures.md, data-handling rule): only pieces that are
themselves terms of the text (hashtags, words, emoji, domains, none of them a
handle, a number or an @mention) are kept, a few on each side of the term.
"""

from __future__ import annotations

import re

#: Kept pieces on each side of the candidate.
WINDOW = 4
_URL = re.compile(r"(?:https?://)?(?:www\.)?((?:[a-z0-9-]+\.)+[a-z]{2,})")
_PIECE = re.compile(r"https?://\S+|www\.\S+|#\w+|@\w+|\w+|[^\w\s]+")


def _pieces(text: str, held: set[str]) -> list[str]:
    out: list[str] = []
    for piece in _PIECE.findall(text.lower()):
        if piece.startswith(("http", "www.")):
            match = _URL.match(piece)
            piece = match.group(1) if match else ""
        piece = piece.replace("\ufe0f", "")
        if piece in held:
            out.append(piece)
    return out


def snippet(text: str, term: str, held: set[str]) -> str:
    """The terms of ``text`` (``held``: the text's terms) around the first ``term``."""
    pieces = _pieces(text, held | set(term.split()))
    words = term.split()
    n = len(words)
    at = next(
        (i for i, p in enumerate(pieces) if pieces[i : i + n] == words or (n == 1 and term in p)),
        None,
    )
    if at is None:
        return term
    return " ".join(pieces[max(at - WINDOW, 0) : at + n + WINDOW])
