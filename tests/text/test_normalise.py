from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import netbrake.text
from netbrake.policy import Policy
from netbrake.text import Matcher
from netbrake.text.fold import HOMOGLYPH, IGNORABLE, confusable_table, fold
from netbrake.text.views import build_views


def test_public_api_is_sorted_and_importable() -> None:
    names = netbrake.text.__all__
    assert names == sorted(names, key=lambda n: (not n.isupper(), n))  # constants, then the rest
    for name in netbrake.text.__all__:
        assert getattr(netbrake.text, name) is not None


@pytest.mark.parametrize(
    ("char", "letters"),
    [
        ("а", "a"),  # Cyrillic
        ("ο", "o"),  # Greek
        ("𝐬", "s"),  # mathematical bold
        ("ⓢ", "s"),  # circled
        ("Ｓ", "s"),  # fullwidth
        ("é", "e"),
        ("ß", "ss"),
        ("İ", "i"),  # dotted capital I: casefold gives i + combining dot
    ],
)
def test_characters_fold_to_latin_letters(char: str, letters: str) -> None:
    assert fold(char).text == letters


@pytest.mark.parametrize(
    "char", ["\u200b", "\u200d", "\u00ad", "\u200e", "\u202e", "\ufe0f", "\u2060"]
)
def test_default_ignorables_are_dropped_inside_words(char: str) -> None:
    assert fold(char).kind == IGNORABLE
    assert build_views(f"se{char}ller")[0].text == "seler"


def test_confusables_come_from_tr39() -> None:
    table = confusable_table()
    assert table["а"] == "a"
    assert fold("а").flags & HOMOGLYPH
    assert len(table) > 1000


@given(st.text(max_size=30))
def test_folding_is_stable(text: str) -> None:
    #: NFKC(casefold(NFKC(s))) is stable where NFKC(s).casefold is not.
    once = build_views(text)[0].text
    assert build_views(once)[0].text == once or not once.isascii()
    stable = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())
    assert unicodedata.normalize("NFKC", stable.casefold()) == stable


def test_numbers_alone_are_never_leet(tmp_path: Path) -> None:
    path = tmp_path / "team.toml"
    path.write_text(
        '[[lexicon]]\nid = "team.lea"\nterm = "lea"\nkind = "keyword"\n'
        'category = "community_code"\nseverity = "medium"\n',
        encoding="utf-8",
    )
    matcher = Matcher.from_policy(Policy.load(path))
    assert matcher.scan("chapter 134").hits == ()
    assert [h.entry_id for h in matcher.scan("l3a").hits] == ["team.lea"]
