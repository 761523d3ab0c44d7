from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netbrake.text import (
    extract_age_claims,
    extract_all,
    extract_handle_mentions,
    extract_menu,
    extract_payments,
    extract_urls,
    normalise_domain,
)
from netbrake.text.extract.handles import _ANY_RELATION, _ANY_RELATION_ASCII


@pytest.mark.parametrize(
    ("text", "age", "reversed_", "cue"),
    [
        ("on chapter 14", 14, False, "chapter"),
        ("Chapter 15 begins", 15, False, "chapter"),
        ("age 31⏪", 13, True, "age"),
        ("age 31 ⏪️", 13, True, "age"),
        ("41◀", 14, True, "arrow"),
        ("51 ↩️ dm", 15, True, "arrow"),
        ("31🔙", 13, True, "arrow"),
        ("41⬅", 14, True, "arrow"),
        ("14 yo", 14, False, "yo"),
        ("14yo", 14, False, "yo"),
        ("15 y/o girl", 15, False, "yo"),
        ("13 years old", 13, False, "yo"),
        ("turning 16 soon", 16, False, "turning"),
        ("im 14", 14, False, "im"),
        ("aged: 17", 17, False, "age"),
        ("age １４", 14, False, "age"),
    ],
)
def test_age_claims(text: str, age: int, reversed_: bool, cue: str) -> None:
    (claim,) = extract_age_claims(text)
    assert (claim.age, claim.reversed, claim.cue) == (age, reversed_, cue)
    assert claim.minor is (age < 18)
    assert 0 <= claim.span[0] < claim.span[1] <= len(text)


@pytest.mark.parametrize(
    "text",
    ["chapter one", "I have 14 cats", "call 555 0142", "at 3pm", "im 14%", "", "version 2.14"],
)
def test_no_age_claim(text: str) -> None:
    assert extract_age_claims(text) == []


@pytest.mark.parametrize(
    ("text", "handles"),
    [
        ("backup @next_acc", [("next_acc", "backup")]),
        ("bkup: @Next.Acc", [("next.acc", "backup")]),
        ("b4ckup acc @x_1 | main @y_2", [("x_1", "backup"), ("y_2", "main")]),
        ("alt @other", [("other", "alternate")]),
        ("new account @fresh", [("fresh", "new")]),
        ("@later is my backup", [("later", "backup")]),
        ("thanks @friend", [("friend", "mention")]),
        ("mail me at a@b.com", []),
        # re.I reads "İ" as "i": the cheap relation gate must not skip it (it did).
        ("MAİN @boss", [("boss", "main")]),
    ],
)
def test_handle_mentions(text: str, handles: list[tuple[str, str]]) -> None:
    assert [(m.handle, m.relation) for m in extract_handle_mentions(text)] == handles


@pytest.mark.parametrize(
    ("text", "domain", "obfuscated"),
    [
        ("visit https://TradePortal.example/x?y=1", "tradeportal.example", False),
        ("www.megalink-share.example", "megalink-share.example", False),
        ("tradeportal dot example", "tradeportal.example", True),
        ("tradeportal[.]example", "tradeportal.example", True),
        ("tradeportal (dot) example", "tradeportal.example", True),
        ("site.com", "site.com", False),
    ],
)
def test_urls(text: str, domain: str, obfuscated: bool) -> None:
    (url,) = extract_urls(text)
    assert (url.domain, url.obfuscated) == (domain, obfuscated)


@pytest.mark.parametrize("text", ["e.g. this", "hello.world", "3.14 is pi", "end. Start"])
def test_no_urls(text: str) -> None:
    assert extract_urls(text) == []


def test_normalise_domain() -> None:
    assert normalise_domain("WWW.Site DOT Com") == "site.com"


@pytest.mark.parametrize(
    ("text", "payments"),
    [
        ("cashapp $seller_1", [("cashapp", "seller_1")]),
        ("pay me $seller_1", [("cashapp", "seller_1")]),
        ("venmo: @someone", [("venmo", "someone")]),
        ("paypal.me/name", [("paypal", "name")]),
        ("gift cards only", [("giftcard", None)]),
        ("btc or eth", [("crypto", None)]),
        ("costs $20", []),
    ],
)
def test_payments(text: str, payments: list[tuple[str, str | None]]) -> None:
    assert [(p.method, p.handle) for p in extract_payments(text)] == payments


@pytest.mark.parametrize(
    ("text", "prices", "cue"),
    [
        ("menu: pics $10, vids $25", (10.0, 25.0), "menu"),
        ("price list 5€ 10€", (5.0, 10.0), "price list"),
        ("$5 or $15", (5.0, 15.0), None),
    ],
)
def test_menu(text: str, prices: tuple[float, ...], cue: str | None) -> None:
    (menu,) = extract_menu(text)
    assert (menu.prices, menu.cue) == (prices, cue)


@pytest.mark.parametrize("text", ["lunch was $12", "menu of the day", ""])
def test_no_menu(text: str) -> None:
    assert extract_menu(text) == []


def test_extract_all_is_ordered_and_tagged() -> None:
    values = extract_all("age 31⏪ backup @b2 tradeportal dot example $x_y")
    assert [v.kind for v in values] == ["age_claim", "handle_mention", "url", "payment"]
    assert values[0].to_dict()["age"] == 13


_RELATION_PIECES = ["back up", "b4ck-up", "bkup", "bckup", "b/u", "bu", "alt", "alternate",
                    "second acc", "2nd  acc", "other acc", "spam acc", "new account", "new page",
                    "moved to", "now at", "follow me at", "main", "about", "x", " ", "-", "_",
                    "/", "B", "U", "Main", "ALT", "4", "k", "up", "acc", "new", "now", "a", "b"]  # fmt: skip


@given(st.lists(st.sampled_from(_RELATION_PIECES), max_size=8).map("".join))
def test_ascii_relation_gate_agrees_with_the_patterns(part: str) -> None:
    found = _ANY_RELATION.search(part) is not None
    assert (_ANY_RELATION_ASCII.search(part.lower()) is not None) == found
