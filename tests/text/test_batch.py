"""NUL-joined batches: every helper agrees with doing the same text by text."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from netbrake.text.batch import (
    holding,
    nul_positions,
    owners,
    segment,
    select,
    texts_at,
    texts_holding,
)
from netbrake.text.extract import extract_handle_mentions, extract_urls
from netbrake.text.extract.handles import extract_handle_mentions_many
from netbrake.text.extract.urls import extract_urls_many

batches = st.lists(st.binary(max_size=5).map(lambda b: b.replace(b"\x00", b"")), min_size=1,
                   max_size=14)  # fmt: skip


@given(texts=batches, data=st.data())
def test_select_and_segment_cut_the_texts_back_out(texts: list[bytes], data: st.DataObject) -> None:
    joined = b"\x00".join(texts)
    nul = nul_positions(joined)
    assert [segment(joined, nul, i) for i in range(len(texts))] == texts
    pick = sorted(data.draw(st.sets(st.integers(0, len(texts) - 1), min_size=1)))
    assert select(joined, nul, np.array(pick, dtype=np.intp)) == b"\x00".join(
        texts[i] for i in pick
    )


@given(texts=batches)
def test_texts_holding_and_texts_at_read_each_text(texts: list[bytes]) -> None:
    joined = b"\x00".join(texts)
    chars = b"@$.!"
    held = texts_holding(joined, len(texts), chars)
    for which in (b"@", b"$.", b"!"):
        assert holding(held, chars, which).tolist() == [any(c in t for c in which) for t in texts]
    starts = [sum(len(t) + 1 for t in texts[:i]) for i, t in enumerate(texts) if t]
    owners = [i for i, t in enumerate(texts) if t]
    assert texts_at(nul_positions(joined), starts).tolist() == owners


@given(texts=st.lists(st.text(max_size=8).map(lambda t: t.replace("\x00", "")), max_size=10))
def test_owners_tell_each_position_s_text(texts: list[str]) -> None:
    joined = "\x00".join(texts)
    positions = [k for k, c in enumerate(joined) if c != "\x00"]
    owner, offset = owners(texts, positions)
    for k, i, base in zip(positions, owner.tolist(), offset.tolist(), strict=True):
        assert joined[k] == texts[i][k - base]
        assert base == sum(len(t) + 1 for t in texts[:i])


# Pieces of handles, links and relation words, so that random texts hold many.
_PIECES = ["@", "@ab", "ab", ".", "com", "x.com", "/p", " ", "backup ", "alt", "main", "new acc ",
           " dot ", "[.]", "(dot)", "www.", "https://", "-", "_", "\n", "|", "ſ", "ı", "é", "<"]  # fmt: skip
extractor_texts = st.lists(
    st.one_of(
        st.lists(st.sampled_from(_PIECES), max_size=10).map("".join),
        st.text(max_size=20),
    ).map(lambda t: t.replace("\x00", "")),
    max_size=10,
)


@given(texts=extractor_texts)
def test_batch_extractors_agree_with_each_text(texts: list[str]) -> None:
    assert extract_handle_mentions_many(texts) == [extract_handle_mentions(t) for t in texts]
    assert extract_urls_many(texts) == [extract_urls(t) for t in texts]
