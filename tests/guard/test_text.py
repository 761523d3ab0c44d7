"""Search, autocomplete and hashtag guards (F3, F4)."""

from __future__ import annotations

from pathlib import Path

import pytest

from netbrake.guard import GuardAction, GuardEngine

from .conftest import policy_file


@pytest.mark.parametrize(
    ("query", "variant"),
    [
        ("pedobait", "exact"),
        ("PEDOBAIT", "case"),
        ("p e d o b a i t", "spacing"),
        ("p3d0b41t", "leet"),
        ("ρedobait", "homoglyph"),
        ("pedobaitvibes", "appended"),
        ("#mnsfw2024", "appended"),
        ("megalink free", "exact"),
        ("minor not safe for work", "exact"),
    ],
)
def test_lexicon_queries_are_blocked_with_help_and_no_click_through(
    engine: GuardEngine, query: str, variant: str
) -> None:
    decision = engine.check_search(query)
    assert decision.action is GuardAction.BLOCK
    assert decision.decided_by == "search.lexicon"
    assert variant in decision.reason
    assert decision.help
    assert all(h.url.startswith("https://help.example/") for h in decision.help)
    assert decision.show_results is False
    assert decision.to_dict()["show_results"] is False


@pytest.mark.parametrize("query", ["cooking", "bestseller", "pizza", "menu", "paypal", ""])
def test_ordinary_queries_are_allowed(engine: GuardEngine, query: str) -> None:
    decision = engine.check_search(query)
    assert (decision.action, decision.decided_by, decision.help) == (
        GuardAction.ALLOW,
        "search.default",
        (),
    )


@pytest.mark.parametrize(
    ("query", "rule"),
    [("#explore2", "search.hashtag"), ("explore2", "search.hashtag"), ("@u1_handle", "search.handle"),
     ("U1_HANDLE", "search.handle"), ("@b1_handle", None)],
)  # fmt: skip
def test_flagged_hashtags_and_handles_are_blocked(
    engine: GuardEngine, query: str, rule: str | None
) -> None:
    decision = engine.check_search(query)
    assert decision.decided_by == (rule or "search.default")
    assert (decision.action is GuardAction.BLOCK) is (rule is not None)


def test_interstitial_is_possible_only_off_child_safety(tmp_path: Path, results: Path) -> None:
    team = policy_file(
        tmp_path,
        '[guard.surfaces.search]\nchild_safety = false\non_state_error = "open"\nrules = [\n'
        '{ id = "s.pay", when = "lexicon", action = "interstitial", categories = ["payment"], weak = true },\n]\n',
    )
    decision = GuardEngine(results=results, policy_path=team).check_search("venmo")
    assert (decision.action, decision.decided_by, decision.show_results) == (
        GuardAction.INTERSTITIAL,
        "s.pay",
        True,
    )
    assert decision.help == ()


@pytest.mark.parametrize(
    ("prefix", "suggestion", "dropped_by"),
    [
        ("mega", "megalinkfree", "autocomplete.lexicon"),  # F4: blocked name + appended word
        ("mega", "megalink 2025 new", "autocomplete.lexicon"),
        ("megalink", " free", "autocomplete.lexicon"),  # prefix + suggestion
        ("mega", "link share", "autocomplete.lexicon"),  # split between prefix and suggestion
        ("m", "m e g a l i n k", "autocomplete.lexicon"),
        ("m3g", "m3galink", "autocomplete.lexicon"),
        ("ped", "ρedobaitlove", "autocomplete.lexicon"),
        ("expl", "explore2", "autocomplete.hashtag"),
        ("new", "newtag1", "autocomplete.review"),  # co-occurs with a blocked tag
        ("u1", "u1_handle", "autocomplete.handle"),
        ("mega", "megaphone", None),
        ("coo", "cooking", None),
        ("bak", "baking", None),
        ("sell", "bestseller", None),
    ],
)
def test_autocomplete_drops_variants(
    engine: GuardEngine, prefix: str, suggestion: str, dropped_by: str | None
) -> None:
    result = engine.filter_autocomplete(prefix, [suggestion])
    if dropped_by is None:
        assert result.kept == [suggestion]
    else:
        assert result.kept == []
        assert [d.decided_by for d in result.dropped] == [dropped_by]


def test_autocomplete_keeps_order_of_the_rest(engine: GuardEngine) -> None:
    result = engine.filter_autocomplete("mega", ["megaphone", "megalinkfree", "megabus"])
    assert result.kept == ["megaphone", "megabus"]


@pytest.mark.parametrize(
    ("tag", "state", "usable", "searchable", "suggestible"),
    [
        ("pedobait", "blocked", False, False, False),
        ("explore2", "flagged", True, False, False),
        ("newtag1", "review", True, True, False),
        ("cooking", "ok", True, True, True),
        ("never-seen", "unknown", True, True, True),
    ],
)
def test_hashtag_states(
    engine: GuardEngine, tag: str, state: str, usable: bool, searchable: bool, suggestible: bool
) -> None:
    decision = engine.check_hashtag(tag)
    info = decision.hashtag
    assert info is not None
    assert (info["state"], info["usable"], info["searchable"], info["suggestible"]) == (
        state,
        usable,
        searchable,
        suggestible,
    )
    assert (decision.action is GuardAction.BLOCK) is (not searchable)


def test_search_kill_switch_blocks_every_query(tmp_path: Path, results: Path) -> None:
    team = policy_file(tmp_path, "[guard.surfaces.search]\nkill_switch = true\n")
    decision = GuardEngine(results=results, policy_path=team).check_search("cooking")
    assert (decision.action, decision.decided_by) == (GuardAction.BLOCK, "search.kill_switch")


def test_shadow_search_rule_records_without_blocking(tmp_path: Path, results: Path) -> None:
    team = policy_file(
        tmp_path,
        "[guard.surfaces.search]\nrules = [\n"
        '{ id = "s.lex", when = "lexicon", action = "block", state = "shadow" },\n]\n',
    )
    decision = GuardEngine(results=results, policy_path=team).check_search("pedobait")
    assert decision.action is GuardAction.ALLOW
    assert [s.decided_by for s in decision.shadow] == ["s.lex"]
