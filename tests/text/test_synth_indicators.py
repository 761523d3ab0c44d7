"""The matcher finds what the synthetic generator plants (netbrake.synth / F4-F5).

Regression for the F4 miss: a blocked hashtag with a word appended
("#pedobaitonly", "#preteensexclub", "#pedowhoreonly", "#pedobaitxo") leaked
while "#pedobait2024" hit. Every appended variant the generator can write is a
case here, and a whole synthetic platform's planted fragments are scanned and
counted by kind.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import product

import pytest

from netbrake.synth import HARD_NEGATIVES, VOCABULARY, IndicatorKind, SynthConfig, build
from netbrake.synth.indicators import APPENDED_WORDS, DISGUISES
from netbrake.text import (
    AgeClaim,
    Matcher,
    Menu,
    PaymentMention,
    TextScan,
    UrlMention,
    normalise_domain,
)

RECALL_TARGET = 0.98
HASHTAG_ENTRIES = {"pedowhore", "preteensex", "pedobait", "mnsfw"}


def _hit(*entry_ids: str) -> Callable[[TextScan, str], bool]:
    return lambda scan, canonical: any(h.entry_id in entry_ids for h in scan.hits)


def _age(scan: TextScan, canonical: str) -> bool:
    age = int(canonical.split()[-1])
    return any(isinstance(v, AgeClaim) and v.age == age for v in scan.extracted)


def _payment(scan: TextScan, canonical: str) -> bool:
    return any(h.category == "payment" for h in scan.hits) or any(
        isinstance(v, PaymentMention) for v in scan.extracted
    )


def _menu(scan: TextScan, canonical: str) -> bool:
    return any(h.category == "content_menu" for h in scan.hits) or any(
        isinstance(v, Menu) for v in scan.extracted
    )


def _link(scan: TextScan, canonical: str) -> bool:
    domain = normalise_domain(canonical)
    return any(h.category == "offplatform" for h in scan.hits) or any(
        isinstance(v, UrlMention) and v.domain == domain for v in scan.extracted
    )


#: What counts as finding a planted fragment of each kind.
FOUND: dict[IndicatorKind, Callable[[TextScan, str], bool]] = {
    IndicatorKind.HASHTAG: lambda scan, canonical: any(
        h.entry_id == f"tag.{canonical}" for h in scan.hits
    ),
    IndicatorKind.EMOJI: _hit("emoji.map", "emoji.cheese-pizza"),
    IndicatorKind.SELLER_TERM: _hit("kw.seller", "kw.selling"),
    IndicatorKind.AGE_CLAIM: _age,
    IndicatorKind.FACELESS: _hit("kw.faceless"),
    IndicatorKind.PAYMENT: _payment,
    IndicatorKind.MENU: _menu,
    IndicatorKind.LINK: _link,
    IndicatorKind.EUPHEMISM: _hit("phrase.little-things"),
}


def test_every_planted_kind_has_a_rule() -> None:
    assert set(FOUND) == set(IndicatorKind)
    assert set(VOCABULARY[IndicatorKind.HASHTAG]) == HASHTAG_ENTRIES


@pytest.mark.parametrize(
    ("tag", "word", "hashtag"),
    list(product(sorted(HASHTAG_ENTRIES), APPENDED_WORDS, (True, False))),
)
def test_blocked_hashtag_with_appended_word_hits(
    matcher: Matcher, tag: str, word: str, hashtag: bool
) -> None:
    text = ("#" if hashtag else "") + tag + word
    hits = [h for h in matcher.scan(text).hits if h.entry_id == f"tag.{tag}"]
    assert hits, text
    assert "appended" in hits[0].variant.split("+")
    # The span covers the blocked term (and a letter it shares with the appended word).
    assert hits[0].matched in (tag, tag + word[0])


@pytest.mark.parametrize(
    "text",
    ["#pedobaitonly", "#pedobaitxo", "#preteensexclub", "#pedowhoreonly", "#lovepedobaitxo"],
)
def test_reported_f4_leaks_are_closed(matcher: Matcher, text: str) -> None:
    assert matcher.best_severity(text) is not None
    assert matcher.scan_many([text])[0] == matcher.scan(text)


@pytest.mark.parametrize(
    "text",
    [
        "sellerfashion",  # short, medium keyword: no appended letters outside hashtags
        "menus4u",
        "facelessness",
        "#bestsellerbooks",
        "paypalmafia",
    ],
)
def test_weak_or_short_terms_take_no_appended_letters(matcher: Matcher, text: str) -> None:
    assert [h for h in matcher.scan(text).hits if "appended" in h.variant] == []


# Disguises that do not draw from the generator's random numbers, applied to every token.
_FIXED = ("plain", "leet", "dotted", "spaced", "fullwidth")
_WORD_KINDS = (
    IndicatorKind.SELLER_TERM,
    IndicatorKind.FACELESS,
    IndicatorKind.PAYMENT,
    IndicatorKind.MENU,
)


@pytest.mark.parametrize(
    ("kind", "token", "disguise"),
    [(k, t, d) for k in _WORD_KINDS for t in VOCABULARY[k] for d in _FIXED]
    + [(IndicatorKind.HASHTAG, t, d) for t in sorted(HASHTAG_ENTRIES) for d in _FIXED[:2]],
)
def test_fixed_disguises_of_every_token_are_found(
    matcher: Matcher, kind: IndicatorKind, token: str, disguise: str
) -> None:
    written = DISGUISES[disguise](token, None)  # type: ignore[arg-type]
    text = "#" + written if kind is IndicatorKind.HASHTAG else written
    assert FOUND[kind](matcher.scan(text), token), text


@pytest.fixture(scope="module")
def recall_by_kind(matcher: Matcher) -> dict[str, tuple[int, int, list[str]]]:
    """(planted, found, missed texts) per kind over two seeded platforms with many carriers."""
    out: dict[str, tuple[int, int, list[str]]] = {}
    for seed in (1, 2):
        planted = build(SynthConfig(accounts=20_000, seed=seed, indicator_rate=1.0)).planted
        rows = planted.select(["kind", "canonical", "text"]).to_pylist()
        scans = matcher.scan_many([r["text"] for r in rows])
        for row, scan in zip(rows, scans, strict=True):
            n, found, missed = out.get(row["kind"], (0, 0, []))
            ok = FOUND[IndicatorKind(row["kind"])](scan, row["canonical"])
            out[row["kind"]] = (n + 1, found + ok, missed if ok else [*missed, row["text"]])
    return out


@pytest.mark.parametrize("kind", [k.value for k in IndicatorKind])
def test_planted_indicators_are_found_by_kind(
    recall_by_kind: dict[str, tuple[int, int, list[str]]], kind: str
) -> None:
    n, found, missed = recall_by_kind[kind]
    assert n >= 20, f"too few {kind} fragments planted to measure"
    assert found / n >= RECALL_TARGET, missed[:10]


def test_planted_emoji_codes_are_weak_hits(matcher: Matcher) -> None:
    # Weak by design (travel and food accounts use them), but still found as hits.
    for emoji in VOCABULARY[IndicatorKind.EMOJI]:
        hits = matcher.scan(f"dm {emoji}").hits
        assert hits
        assert all(not h.standalone for h in hits)


@pytest.mark.parametrize("text", HARD_NEGATIVES)
def test_synth_hard_negatives_raise_no_strong_hit(matcher: Matcher, text: str) -> None:
    assert [h for h in matcher.scan(text).hits if h.standalone] == []
