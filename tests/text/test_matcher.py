from __future__ import annotations

import gc
import pickle
from pathlib import Path

import pytest

from netbrake.policy import Policy, Severity
from netbrake.text import MAX_CHARS, Matcher
from netbrake.text.gc_pause import collector_paused
from netbrake.text.reference import reference_scan
from netbrake.text.window_cache import WINDOW_CACHE_CHARS


@pytest.mark.parametrize(
    ("text", "entry_id", "variant"),
    [
        ("s3ll3r here", "kw.seller", "leet"),
        ("ask the 53113r", "kw.seller", "leet"),
        ("s.e.l.l.e.r", "kw.seller", "spacing"),
        ("s e l l e r", "kw.seller", "spacing"),
        ("sеllеr", "kw.seller", "homoglyph"),  # Cyrillic е
        ("sel\u200dler", "kw.seller", "invisible"),
        ("selllerrr", "kw.seller", "repeat"),
        ("ＳＥＬＬＥＲ", "kw.seller", "fullwidth"),
        ("sellers", "kw.seller", "appended"),
        ("#mnsfwvibes", "tag.mnsfw", "appended"),
        ("#mnsfw2024", "tag.mnsfw", "appended"),
        ("#lovepedobait", "tag.pedobait", "segment"),
        ("pedo bait", "tag.pedobait", "spacing"),
        ("#PreTeenSex", "tag.preteensex", "case"),
        ("#pedowhore", "tag.pedowhore", "exact"),
        ("minor not safe for work", "phrase.minor-not-safe-for-work", "exact"),
        ("#minornotsafeforworkvibes", "phrase.minor-not-safe-for-work", "appended"),
        ("lovers of the little things in life", "phrase.little-things", "exact"),
        ("megalinkfree download", "name.megalink", "appended"),
        ("megalink pro 2024", "name.megalink", "exact"),
        ("see tradeportal.example/x", "site.tradeportal", "exact"),
        ("tradeportal dot example", "site.tradeportal", "obfuscated"),
        ("pizza time 🍕", "emoji.cheese-pizza", "emoji"),
        ("🗺️ anywhere", "emoji.map", "vs"),
        ("faceless", "kw.faceless", "exact"),
        ("venmo me", "pay.venmo", "exact"),
        ("#pedobaitonly", "tag.pedobait", "appended"),
        ("#preteensexclub", "tag.preteensex", "appended"),
        ("selling", "kw.selling", "exact"),
        ("s3lling", "kw.selling", "leet"),
    ],
)
def test_disguised_indicators_hit(matcher: Matcher, text: str, entry_id: str, variant: str) -> None:
    hits = [h for h in matcher.scan(text).hits if h.entry_id == entry_id]
    assert hits, f"{entry_id} not found in {text!r}"
    assert variant in hits[0].variant.split("+")
    for hit in hits:
        assert text[hit.span[0] : hit.span[1]] == hit.matched


@pytest.mark.parametrize(
    "text",
    [
        "#embroidery",
        "#spelunking",
        "#nba",
        "Scunthorpe",
        "cocktail",
        "bestseller",
        "#bestsellerbooks",
        "#womenunite",
        "the menus at the cafe",
        "gift card for mom",
        "a faceless bureaucracy",  # whole word: a weak hit is expected, see below
        "I read chapter 14 of my book",
        "pedometer readings",
        "paying with pay pal",
        "the menu of face less",
    ],
)
def test_innocent_words_do_not_raise_strong_hits(matcher: Matcher, text: str) -> None:
    strong = [h for h in matcher.scan(text).hits if h.standalone]
    assert strong == []


@pytest.mark.parametrize(
    "text",
    [
        "#embroidery",
        "#spelunking",
        "#nba",
        "Scunthorpe",
        "cocktail",
        "bestseller",
        "pedometer",
        "#womenunite",
        "seeing",  # folds to "selng" like "selling": the written word decides
        "I was seeing it",
    ],
)
def test_scunthorpe_words_do_not_hit_at_all(matcher: Matcher, text: str) -> None:
    assert matcher.scan(text).hits == ()


def test_appended_words_stop_at_a_longer_word(tmp_path: Path) -> None:
    # A hashtag entry takes appended words unless it starts a longer common word.
    path = tmp_path / "team.toml"
    path.write_text(
        '[[lexicon]]\nid = "team.spelunk"\nterm = "spelunk"\nkind = "hashtag"\n'
        'category = "community_code"\nseverity = "high"\n',
        encoding="utf-8",
    )
    matcher = Matcher.from_policy(Policy.load(path))
    assert [h.variant for h in matcher.scan("#spelunkxo").hits] == ["appended"]
    assert matcher.scan("#spelunking").hits == ()
    assert matcher.scan("#spelunkingtrip").hits == ()


def test_emoji_codes_are_weak_signals(matcher: Matcher) -> None:
    hits = matcher.scan("🍕🗺").hits
    assert {h.entry_id for h in hits} == {"emoji.cheese-pizza", "emoji.map"}
    assert all(not h.standalone and h.severity == "low" for h in hits)


def test_hit_spans_cover_the_original_disguise(matcher: Matcher) -> None:
    text = "xx s\u200b3\u200bl\u200bl\u200b3\u200br yy"
    (hit,) = matcher.scan(text).hits
    assert hit.matched == "s\u200b3\u200bl\u200bl\u200b3\u200br"
    assert hit.span == (3, 3 + len(hit.matched))


@pytest.mark.parametrize(
    ("query", "severity"),
    [
        ("#pedobait", Severity.CRITICAL),
        ("mnsfw new", Severity.CRITICAL),
        ("s3ller", Severity.MEDIUM),
        ("pizza near me", None),
        ("embroidery ideas", None),
        ("🍕", Severity.LOW),
    ],
)
def test_best_severity_for_guards(matcher: Matcher, query: str, severity: Severity | None) -> None:
    assert matcher.best_severity(query) is severity
    assert matcher.matches(query) is (severity is not None)


def test_shadow_entries_are_recorded_not_acted_on(tmp_path: Path) -> None:
    path = tmp_path / "team.toml"
    path.write_text('[[lexicon]]\nid = "kw.seller"\nstate = "shadow"\n', encoding="utf-8")
    matcher = Matcher.from_policy(Policy.load(path))
    (hit,) = matcher.scan("s3ller").hits
    assert hit.state == "shadow"
    assert not matcher.matches("s3ller")


def test_disabled_entries_do_not_hit(tmp_path: Path) -> None:
    path = tmp_path / "team.toml"
    path.write_text('[[lexicon]]\nid = "kw.seller"\nstate = "disabled"\n', encoding="utf-8")
    assert Matcher.from_policy(Policy.load(path)).scan("seller").hits == ()


def test_matcher_survives_pickling(matcher: Matcher) -> None:
    clone = pickle.loads(pickle.dumps(matcher))
    assert clone.version == matcher.version
    assert clone.scan("s3ll3r #mnsfw") == matcher.scan("s3ll3r #mnsfw")


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "\ud800 s3ller \udfff",
        "\x00\x01\x02 seller \x7f",
        "ѕеllеr ΣΕΛΛ 𝐬𝐞𝐥𝐥𝐞𝐫 שלום مرحبا",
        "\u202eresllеs\u202c",
        "#" * 1000,
        "🍕" * 5000,
    ],
)
def test_bad_input_gives_a_result(matcher: Matcher, text: str) -> None:
    result = matcher.scan(text)
    assert result.truncated is False
    for hit in result.hits:
        assert text[hit.span[0] : hit.span[1]] == hit.matched


def test_huge_text_is_truncated_and_flagged(matcher: Matcher) -> None:
    text = "seller " + "a" * 1_000_000 + " #pedobait"
    result = matcher.scan(text)
    assert result.truncated
    assert [h.entry_id for h in result.hits] == ["kw.seller"]
    assert matcher.scan_many([text, "x"])[0] == result
    assert len(text) > MAX_CHARS


def test_scan_many_leaves_the_garbage_collector_as_it_found_it(matcher: Matcher) -> None:
    assert gc.isenabled()
    matcher.scan_many(["seller @x", "🍕"])
    assert gc.isenabled()
    with pytest.raises(TypeError):
        matcher.scan_many([None])  # type: ignore[list-item]
    assert gc.isenabled()
    gc.disable()
    try:
        matcher.scan_many(["seller"])
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_collector_pauses_nest_and_resume_once(matcher: Matcher) -> None:
    with collector_paused():
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer batch is still running
    assert gc.isenabled()


@pytest.mark.parametrize("text", ["pedo\x00bait", "s\x00e\x00l\x00l\x00e\x00r", "\x00x.com/a\x00b"])
def test_nul_separates_words_as_a_space_does(matcher: Matcher, text: str) -> None:
    assert matcher.scan(text) == reference_scan(matcher, text)
    assert matcher.scan_many([text, "pedobait"])[0] == matcher.scan(text)


def test_long_windows_are_not_remembered(matcher: Matcher) -> None:
    matcher.clear_cache()
    word = "#pedobait" + "x" * WINDOW_CACHE_CHARS
    assert matcher.scan(word).hits
    assert matcher.scan("#pedobait").hits
    assert list(matcher._windows) == ["#pedobait"]
