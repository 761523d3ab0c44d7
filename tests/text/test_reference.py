"""The fast matcher agrees with the naive reference on every text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netbrake.text import Matcher
from netbrake.text.evaluation import VARIANTS
from netbrake.text.extract import gate
from netbrake.text.reference import reference_scan
from netbrake.text.skeleton import (
    ascii_proxy,
    ascii_skeleton,
    exact_skeleton,
    exact_skeleton_by_character,
    squeezed,
)

# Lexicon fragments, disguises and separators, so random texts often come close to a hit.
_PIECES = [
    "seller",
    "s3ll3r",
    "mnsfw",
    "pedo",
    "bait",
    "menu",
    "venmo",
    "cash",
    "app",
    "megalink",
    "tradeportal",
    "example",
    ".",
    " dot ",
    "#",
    "@",
    "$",
    "!",
    " ",
    "\u200b",
    "е",
    "ѕ",
    "age 31",
    "⏪",
    "\ufe0f",
    "🍕",
    "🗺",
    "14 yo",
    "chapter 1",
    "backup",
    "lovers of the",
    "little things",
    "in life",
    "best",
    "s",
    "2024",
    "l",
    "1",
    "|",
    "\ud800",
    "\x00",
    "ﬁ",
    "ß",
    # Extractor triggers and stand-in edge cases (netbrake.text.skeleton, extract/gate.py).
    "$5",
    " usd",
    "I'm ",
    " dot ",
    "[.]",
    "x.com",
    "@plan.27",
    "£",
    "１",
    "K",
    "ſ",
    "é",
    "\u00a0",
    "❤\ufe0f",
    "s$\u200bller",
    "pedo! b@it",
    "selling",
    "seeing",
    "price list",
    "only",
    "xo",
]
texts = st.one_of(
    st.lists(st.sampled_from(_PIECES), max_size=12).map("".join),
    st.text(max_size=60),
    st.builds(
        lambda fn, t: fn(t), st.sampled_from(list(VARIANTS.values())), st.sampled_from(_PIECES[:11])
    ),
)


@settings(
    max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=texts)
def test_scan_agrees_with_reference(matcher: Matcher, text: str) -> None:
    assert matcher.scan(text) == reference_scan(matcher, text)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(batch=st.lists(texts, max_size=12))
def test_scan_many_agrees_with_scan(matcher: Matcher, batch: list[str]) -> None:
    assert matcher.scan_many(batch) == [matcher.scan(t) for t in batch]


@settings(max_examples=300, deadline=None)
@given(batch=st.lists(texts, min_size=1, max_size=12))
def test_batch_gates_agree_with_each_text_gate(batch: list[str]) -> None:
    proxies = [(t if t.isascii() else ascii_proxy(t)[0] or "").replace("\x00", "") for t in batch]
    raw = [p.encode("ascii") for p in proxies]
    each = [gate.plan(r, r.translate(gate.TRIGGER_TABLE, gate.TRIGGER_DELETE), False) for r in raw]
    assert gate.plan_batch(b"\x00".join(raw), len(raw)).tolist() == each


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(max_size=200))
def test_scanning_never_raises_and_spans_index_the_original(matcher: Matcher, text: str) -> None:
    result = matcher.scan(text)
    for hit in result.hits:
        start, end = hit.span
        assert 0 <= start < end <= len(text)
        assert text[start:end] == hit.matched
    for value in result.extracted:
        assert 0 <= value.span[0] < value.span[1] <= len(text)


@settings(max_examples=300, deadline=None)
@given(text=texts)
def test_ascii_stand_in_has_the_exact_skeleton(text: str) -> None:
    source = text if text.isascii() else ascii_proxy(text)[0]
    if source is not None and "\x00" not in text:
        assert len(source) == len(text)
        assert ascii_skeleton(source) == exact_skeleton(text)


@settings(max_examples=500, deadline=None)
@given(text=st.one_of(texts, st.text(max_size=40)))
def test_exact_skeleton_from_the_stand_in_is_the_definition(text: str) -> None:
    assert exact_skeleton(text) == exact_skeleton_by_character(text)


def test_symbols_are_read_as_the_views_read_them(matcher: Matcher) -> None:
    # A trailing "!" is punctuation, an inner "@" a letter, in one phrase (was missed).
    text = "pedo! b@it"
    assert matcher.scan(text) == reference_scan(matcher, text)
    assert [h.entry_id for h in matcher.scan(text).hits] == ["tag.pedobait"]


def _squeezed_one_by_one(skeleton: str) -> tuple[str, list[int], list[int]]:
    letters: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for k, char in enumerate(skeleton):
        if letters and char == letters[-1]:
            ends[-1] = k + 1
            continue
        letters.append(char)
        starts.append(k)
        ends.append(k + 1)
    return "".join(letters), starts, ends


@given(skeleton=st.text(alphabet="aab\n\x00é", max_size=16))
def test_squeezed_runs_match_a_letter_by_letter_squeeze(skeleton: str) -> None:
    assert squeezed(skeleton) == _squeezed_one_by_one(skeleton)
