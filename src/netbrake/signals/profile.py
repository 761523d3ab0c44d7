"""Scanning what accounts say: profile fields and posts, field by field, with reasons.

An account's handle, display name, bio and link are scanned as one profile
text (fields joined by newlines, so a hit never spans two fields) and each
post caption once, with its hashtags appended when the text does not carry
them. Spans are mapped back to the field they fall in for the reasons.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from netbrake.text import Matcher, TextScan

PROFILE_FIELDS = ("handle", "display_name", "bio", "external_url")
CHUNK = 50_000


@dataclass(frozen=True, eq=False)
class ProfileTexts:
    """The joined profile text of every account and where each field starts in it.

    ``starts[i, f]`` is the offset of field ``PROFILE_FIELDS[f]`` in ``texts[i]``.
    """

    texts: list[str]
    starts: np.ndarray

    def field_at(self, row: int, offset: int) -> str:
        """The field of account ``row`` that the character at ``offset`` belongs to."""
        index = int(np.searchsorted(self.starts[row], offset, side="right")) - 1
        return PROFILE_FIELDS[max(index, 0)]


def profile_texts(accounts: pa.Table) -> ProfileTexts:
    """The profile texts of all accounts, joined column-wise by Arrow (no per-row Python)."""
    n = accounts.num_rows
    columns = []
    for name in PROFILE_FIELDS:
        if name in accounts.column_names:
            columns.append(pc.fill_null(accounts.column(name).combine_chunks(), ""))
        else:
            columns.append(pa.array([""] * n, pa.string()))
    joined = pc.binary_join_element_wise(*columns, "\n")
    lengths = (
        np.column_stack(
            [
                np.asarray(pc.utf8_length(c).to_numpy(zero_copy_only=False), dtype=np.int64)
                for c in columns
            ]
        )
        if n
        else np.zeros((0, len(PROFILE_FIELDS)), np.int64)
    )
    starts = np.zeros_like(lengths)
    if n:
        starts[:, 1:] = np.cumsum(lengths[:, :-1] + 1, axis=1)
    return ProfileTexts(joined.to_pylist(), starts)


def post_texts(posts: pa.Table) -> list[str]:
    """Each post's caption with any hashtags it lists but does not write."""
    texts = posts.column("text").to_pylist() if posts.num_rows else []
    tags = posts.column("hashtags").to_pylist() if posts.num_rows else []
    out: list[str] = []
    for text, hashtags in zip(texts, tags, strict=True):
        body = text or ""
        if hashtags:
            missing = [f"#{t}" for t in hashtags if t and f"#{t}" not in body]
            if missing:
                body = f"{body} {' '.join(missing)}" if body else " ".join(missing)
        out.append(body)
    return out


def scan_chunks(matcher: Matcher, texts: Sequence[str]) -> Iterator[tuple[int, TextScan]]:
    """(index, scan) for every text with anything found, scanned in batches."""
    for start in range(0, len(texts), CHUNK):
        batch = texts[start : start + CHUNK]
        for offset, result in enumerate(matcher.scan_many(batch)):
            if not result.empty:
                yield start + offset, result
