"""Indicator disguises, where planted strings land, the indicator rate and hard negatives."""

from __future__ import annotations

import unicodedata

import numpy as np
import pytest

from netbrake.platform import MEMBER_ROLES
from netbrake.synth import HARD_NEGATIVES, VOCABULARY, IndicatorKind, SynthConfig, build
from netbrake.synth.indicators import (
    DISGUISES,
    REVERSE_ARROWS,
    IndicatorWriter,
    dotted,
    fullwidth,
    homoglyph,
    leet,
    spaced,
    zero_width,
)


@pytest.mark.parametrize(
    ("disguise", "word", "expected"),
    [
        (leet, "seller", "s3ll3r"),
        (dotted, "seller", "s.e.l.l.e.r"),
        (spaced, "seller", "s e l l e r"),
        (fullwidth, "menu", "ｍｅｎｕ"),
    ],
)
def test_known_answer_disguises(disguise, word, expected):
    assert disguise(word, np.random.default_rng(0)) == expected


@pytest.mark.parametrize("name", sorted(DISGUISES))
def test_every_disguise_folds_back_to_the_token(name):
    """NFKC, dropping joiners/dots/spaces, undoing homoglyphs and leet and squeezing repeats
    recovers the canonical word: the disguise hides it from exact matching only."""
    rng = np.random.default_rng(3)
    back = str.maketrans(
        {"е": "e", "а": "a", "о": "o", "р": "p", "с": "c", "3": "e", "4": "a", "0": "o", "1": "i"}
    )
    for _ in range(20):
        text = DISGUISES[name]("faceless", rng)
        folded = unicodedata.normalize("NFKC", text).translate(back)
        folded = "".join(ch for ch in folded if ch.isalpha())
        squeezed = "".join(ch for i, ch in enumerate(folded) if i == 0 or ch != folded[i - 1])
        assert squeezed.startswith("faceles"), (name, text)


def test_homoglyph_uses_cyrillic_letters():
    text = homoglyph("paper", np.random.default_rng(1))
    assert text != "paper"
    assert any(unicodedata.name(ch).startswith("CYRILLIC") for ch in text)


def test_zero_width_joiner_is_inside_the_word():
    text = zero_width("menu", np.random.default_rng(2))
    assert "\u200d" in text[1:-1]
    assert text.replace("\u200d", "") == "menu"


def test_reverse_arrow_age_claims_read_backwards():
    writer = IndicatorWriter(np.random.default_rng(4))
    seen = 0
    for _ in range(200):
        fragment = writer.fragment(IndicatorKind.AGE_CLAIM, minor=True)
        age = int(fragment.canonical.removeprefix("age "))
        assert 13 <= age <= 17
        if any(a in fragment.text for a in REVERSE_ARROWS):
            assert str(age)[::-1] in fragment.text
            seen += 1
    assert seen


def test_every_planted_string_is_in_its_target(platform):
    accounts = {r["account_id"]: r for r in platform.tables["accounts"].to_pylist()}
    posts = {r["post_id"]: r for r in platform.tables["posts"].to_pylist()}
    planted = platform.planted.to_pylist()
    assert planted
    for p in planted:
        if p["target_kind"] == "post":
            assert posts[p["target_id"]]["account_id"] == p["account_id"]
            assert p["text"] in posts[p["target_id"]]["text"]
        else:
            assert p["text"] in (accounts[p["target_id"]][p["field"]] or "")
    kinds = {p["kind"] for p in planted}
    assert kinds == {str(k) for k in IndicatorKind}


def test_only_members_carry_planted_indicators(platform):
    labels = dict(
        zip(
            platform.tables["labels"].column("account_id").to_pylist(),
            platform.tables["labels"].column("role").to_pylist(),
            strict=True,
        )
    )
    assert {labels[a] for a in platform.planted.column("account_id").to_pylist()} <= set(
        MEMBER_ROLES
    )


@pytest.mark.parametrize("rate", [0.01, 0.5, 1.0])
def test_indicator_rate_is_the_share_of_members_with_any_indicator(rate):
    built = build(SynthConfig(accounts=5_000, seed=9, indicator_rate=rate))
    members = sum(
        1 for r in built.tables["labels"].column("network_id").to_pylist() if r is not None
    )
    carriers = len(set(built.planted.column("account_id").to_pylist()))
    assert carriers == round(rate * members)


def test_benign_text_holds_the_hard_negatives(platform):
    text = " ".join(
        (t or "")
        for t in platform.tables["posts"].column("text").to_pylist()
        + platform.tables["accounts"].column("bio").to_pylist()
    )
    for negative in HARD_NEGATIVES:
        assert negative.lower() in text.lower(), negative


def test_vocabulary_covers_the_public_indicators():
    assert {"pedobait", "mnsfw"} <= set(VOCABULARY[IndicatorKind.HASHTAG])
    assert {"🗺️", "🍕"} == set(VOCABULARY[IndicatorKind.EMOJI])
    assert "cashapp" in VOCABULARY[IndicatorKind.PAYMENT]
