from __future__ import annotations

from pathlib import Path

import pytest

from netbrake.errors import InputError
from netbrake.policy import Kind, Policy, Severity, State


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "team.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("entry_id", "kind"),
    [
        ("tag.pedowhore", Kind.HASHTAG),
        ("tag.preteensex", Kind.HASHTAG),
        ("tag.pedobait", Kind.HASHTAG),
        ("tag.mnsfw", Kind.HASHTAG),
        ("phrase.minor-not-safe-for-work", Kind.PHRASE),
        ("kw.seller", Kind.KEYWORD),
        ("kw.faceless", Kind.KEYWORD),
        ("kw.menu", Kind.KEYWORD),
        ("phrase.little-things", Kind.PHRASE),
        ("emoji.map", Kind.EMOJI_CODE),
        ("emoji.cheese-pizza", Kind.EMOJI_CODE),
        ("pay.cashapp", Kind.KEYWORD),
        ("site.tradeportal", Kind.DOMAIN),
        ("name.megalink", Kind.KEYWORD),
    ],
)
def test_default_policy_holds_the_public_indicators(entry_id: str, kind: Kind) -> None:
    assert Policy.load().entry(entry_id).kind is kind


def test_emoji_codes_are_weak_alone() -> None:
    policy = Policy.load()
    for entry_id in ("emoji.map", "emoji.cheese-pizza"):
        entry = policy.entry(entry_id)
        assert entry.severity is Severity.LOW
        assert not entry.standalone


def test_version_is_stable_and_changes_with_content(tmp_path: Path) -> None:
    assert Policy.load().version == Policy.load().version
    assert Policy.load().version.startswith(Policy.load().meta.version + "+")
    path = write(tmp_path, '[[lexicon]]\nid = "kw.menu"\nseverity = "medium"\n')
    assert Policy.load(path).version != Policy.load().version


def test_user_file_adds_overrides_and_disables(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
[meta]
version = "team-7"

[[lexicon]]
id = "kw.seller"
severity = "high"

[[lexicon]]
id = "kw.menu"
state = "disabled"

[[lexicon]]
id = "team.code"
term = "zorbex"
kind = "keyword"
category = "community_code"
severity = "medium"
""",
    )
    policy = Policy.load(path)
    assert policy.meta.name == "netbrake-default"
    assert policy.meta.version == "team-7"
    assert policy.entry("kw.seller").severity is Severity.HIGH
    assert policy.entry("kw.seller").term == "seller"
    assert policy.entry("kw.menu").state is State.DISABLED
    assert "kw.menu" not in {e.id for e in policy.entries()}
    assert policy.entry("team.code").term == "zorbex"
    assert policy.sources == (str(Path(policy.sources[0])), str(path))


def test_unknown_sections_are_kept(tmp_path: Path) -> None:
    path = write(tmp_path, '[guard.autocomplete]\naction = "drop"\n\n[graph]\nthreshold = 0.7\n')
    policy = Policy.load(path)
    # Layered over the default's own [guard] tables: the file's table is kept as written.
    assert policy.section("guard")["autocomplete"] == {"action": "drop"}
    assert policy.section("graph")["threshold"] == 0.7
    assert policy.section("absent") == {}


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ('[[lexicon]]\nid = "x"\nterm = \n', "row 3"),
        (
            '\n[[lexicon]]\nid = "team.a"\nterm = "abcd"\nkind = "keyword"\n'
            'category = "payment"\nseverity = "extreme"\n',
            "row 7, field 'severity'",
        ),
        ('[[lexicon]]\nid = "team.b"\nterm = "abcd"\n', "entry 'team.b'"),
        ('[[lexicon]]\nid = "kw.seller"\nmatch = "anywhere"\n', "row 3, field 'match'"),
        ('[[lexicon]]\nterm = "abcd"\n', "row 1, field 'id'"),
        ('[[lexicon]]\nid = "a.b"\n[[lexicon]]\nid = "a.b"\n', "duplicate id"),
        ('[meta]\nversion = ""\n', "field 'version'"),
        ('lexicon = "nope"\n', "field 'lexicon'"),
        ('[[lexicon]]\nid = "kw.seller"\ncolour = "red"\n', "field 'colour'"),
        (
            '[[lexicon]]\nid = "team.vs"\nterm = "\\ufe0f"\nkind = "emoji_code"\n'
            'category = "community_code"\nseverity = "low"\n',
            "besides U+FE0F",
        ),
    ],
)
def test_invalid_policy_names_file_line_and_entry(tmp_path: Path, text: str, fragment: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(InputError) as info:
        Policy.load(path)
    message = info.value.one_line()
    assert str(path) in message
    assert fragment in message
    assert info.value.exit_code == 2


def test_missing_policy_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        Policy.load(tmp_path / "absent.toml")
