"""NUL-joined batches: every helper agrees with doing the same text by text."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from netbrake.text.batch import nul_positions, segment, select, texts_at, texts_keeping

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
def test_texts_keeping_and_texts_at_read_each_text(texts: list[bytes]) -> None:
    joined = b"\x00".join(texts)
    delete = bytes(b for b in range(256) if b not in (0, ord("@")))
    assert texts_keeping(joined, delete).tolist() == [b"@" in t for t in texts]
    starts = [sum(len(t) + 1 for t in texts[:i]) for i, t in enumerate(texts) if t]
    owners = [i for i, t in enumerate(texts) if t]
    assert texts_at(nul_positions(joined), starts).tolist() == owners
