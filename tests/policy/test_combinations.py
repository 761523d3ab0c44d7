"""Combination rules: co-occurring indicators of different kinds make one strong hit; weak
indicators alone, and ordinary words, never do (F5)."""

from __future__ import annotations

from pathlib import Path

import pytest

from netbrake.errors import InputError
from netbrake.guard import GuardEngine
from netbrake.policy import Policy
from netbrake.text import Matcher

#: Ordinary profiles and queries built of the lexicon's common words: none may be flagged.
INNOCENT = (
    "book seller",
    "book seller, on chapter 3 of my novel",
    "chapter 3 of my novel",
    "pizza night",
    "pizza night 🍕",
    "pizza friday 🍕",
    "road trip 🗺️",
    "on chapter 14 of my thesis",
    "etsy seller tips",
    "seller fees",
    "best seller list 📚",
    "top seller 🗺️ travel maps",
    "menu: margherita 9, marinara 8 | paypal accepted",
    "faceless portraits, commissions open, dm me",
    "🍕🗺️ foodie and traveller",
)
#: Seller advertisements as the investigation described them (indicator tokens only).
ADVERTS = (
    ("s3ller 🍕 dm me 14 yo", "combo.seller-code-contact"),
    ("seller age 31⏪", "combo.seller-minor-age"),
    ("selling 🗺️", "combo.seller-code"),
    ("seller | menu $20 $40 | cashapp", "combo.seller-menu-payment"),
)


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher.from_policy(Policy.load())


@pytest.fixture(scope="module")
def guard() -> GuardEngine:
    return GuardEngine()


@pytest.mark.parametrize("text", INNOCENT)
def test_ordinary_profiles_combining_common_words_are_not_flagged(
    matcher: Matcher, guard: GuardEngine, text: str
) -> None:
    hits = matcher.scan(text).hits
    assert not [h for h in hits if h.standalone], hits
    assert guard.check_search(text).action == "allow"


@pytest.mark.parametrize(("text", "rule"), ADVERTS)
def test_co_occurring_indicators_make_one_strong_hit(
    matcher: Matcher, text: str, rule: str
) -> None:
    found = {h.entry_id: h for h in matcher.scan(text).hits}
    assert rule in found, list(found)
    hit = found[rule]
    assert hit.standalone
    assert hit.variant == "combination"
    assert hit.state == "live"
    assert text[hit.span[0] : hit.span[1]]
    assert matcher.scan_many([text, "x"])[0] == matcher.scan(text)


@pytest.mark.parametrize(("text", "rule"), ADVERTS)
def test_the_search_guard_blocks_an_advert_query(guard: GuardEngine, text: str, rule: str) -> None:
    assert guard.check_search(text).action == "block"


def _policy(tmp_path: Path, body: str) -> Policy:
    path = tmp_path / "team.toml"
    path.write_text('[meta]\nname = "team"\nversion = "1"\n\n' + body, encoding="utf-8")
    return Policy.load(path)


def test_a_rule_can_be_shadowed_or_disabled_by_id(tmp_path: Path) -> None:
    shadow = _policy(tmp_path, '[[combination]]\nid = "combo.seller-code"\nstate = "shadow"\n')
    hits = {h.entry_id: h for h in Matcher.from_policy(shadow).scan("selling 🗺️").hits}
    assert hits["combo.seller-code"].state == "shadow"
    off = _policy(tmp_path, '[[combination]]\nid = "combo.seller-code"\nstate = "disabled"\n')
    assert "combo.seller-code" not in {
        h.entry_id for h in Matcher.from_policy(off).scan("selling 🗺️").hits
    }


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        ('["seller_ad", "no_such_thing"]', "part 'no_such_thing' is not a lexicon entry id"),
        ('["emoji.map", "emoji.cheese-pizza"]', "all parts are of one kind ('community_code')"),
        ('["kw.seller", "kw.selling"]', "all parts are of one kind ('seller_ad')"),
    ],
)
def test_bad_rules_are_line_precise_errors(tmp_path: Path, parts: str, message: str) -> None:
    body = f'[[combination]]\nid = "team.rule"\nseverity = "high"\nexplain = "x"\nall = {parts}\n'
    with pytest.raises(InputError) as caught:
        _policy(tmp_path, body)
    assert caught.value.exit_code == 2
    assert caught.value.where.row == 9  # the `all` line
    assert message in caught.value.message


def test_an_unknown_field_names_its_line(tmp_path: Path) -> None:
    body = '[[combination]]\nid = "team.rule"\nall = ["seller_ad", "contact"]\nseverity = "loud"\nexplain = "x"\n'
    with pytest.raises(InputError) as caught:
        _policy(tmp_path, body)
    assert caught.value.where.row == 8
    assert caught.value.where.field == "severity"


WEAK_ALONE = ("seller", "selling", "menu", "faceless", "pizza", "🍕", "🗺️", "paypal", "dm me")


@pytest.mark.parametrize("term", WEAK_ALONE)
def test_weak_indicators_alone_pass_every_text_surface(guard: GuardEngine, term: str) -> None:
    assert guard.check_search(term).action == "allow"
    assert guard.check_hashtag(term.replace(" ", "")).action == "allow"
    kept = guard.filter_autocomplete(term[:3], [term, f"{term} tips"]).kept
    assert kept == [term, f"{term} tips"]


def test_autocomplete_drops_an_advert_combination_but_keeps_its_parts(guard: GuardEngine) -> None:
    result = guard.filter_autocomplete("sel", ["seller fees", "seller 🍕", "selling my bike"])
    assert result.kept == ["seller fees", "selling my bike"]
    assert [d.id for d in result.dropped] == ["seller 🍕"]
