from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from netbrake.cli.app import main
from netbrake.policy import Policy
from netbrake.text.lint import lint_policy


def run(argv: list[str], monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(sys, "argv", ["netbrake", *argv])
    try:
        main()
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


BAD = """
[[lexicon]]
id = "team.ant"
term = "ant"
kind = "keyword"
category = "community_code"
severity = "medium"
match = "prefix"

[[lexicon]]
id = "team.water"
term = "water"
kind = "hashtag"
category = "community_code"
severity = "medium"
match = "inside_hashtag"
"""


@pytest.fixture(scope="module")
def bad_findings(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[str, str, str]]:
    path = tmp_path_factory.mktemp("lint") / "bad.toml"
    path.write_text(BAD, encoding="utf-8")
    return [(f.entry_id, f.level, f.code) for f in lint_policy(Policy.load(path))]


def test_default_policy_has_no_lint_errors() -> None:
    assert [f for f in lint_policy(Policy.load()) if f.level == "error"] == []


@pytest.mark.parametrize(
    "finding",
    [
        ("team.ant", "error", "too-short"),
        ("team.ant", "error", "common-word"),
        ("team.water", "error", "common-word"),
        ("team.ant", "error", "innocent-words"),
    ],
)
def test_lint_flags_risky_entries(
    bad_findings: list[tuple[str, str, str]], finding: tuple[str, str, str]
) -> None:
    assert finding in bad_findings


def test_policy_lint_cli_exit_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(BAD, encoding="utf-8")
    assert run(["--json", "policy", "lint", str(path)], monkeypatch) == 1
    findings = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {"entry_id": "team.ant", "level": "error", "code": "too-short"}.items() <= findings[
        0
    ].items() or any(f["code"] == "too-short" for f in findings)


def test_policy_show(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["policy", "show"], monkeypatch) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["version"] == Policy.load().version
    assert shown["entries"] == len(Policy.load().lexicon)
    assert shown["by_kind"]["emoji_code"] == 2


def test_invalid_policy_via_cli_is_one_line_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "broken.toml"
    path.write_text('[[lexicon]]\nid = "kw.seller"\nseverity = "loud"\n', encoding="utf-8")
    assert run(["--policy", str(path), "policy", "show"], monkeypatch) == 2
    err = capsys.readouterr().err
    assert err.startswith("netbrake: error: ")
    assert f"{path}, row 3, field 'severity'" in err
    assert "entry 'kw.seller'" in err


def test_lint_refuses_a_setting_past_its_safety_floor(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "loose.toml"
    path.write_text('[meta]\nname = "x"\nversion = "1"\n[signals]\nweak_factor = 0.9\n', "utf-8")
    assert run(["policy", "lint", str(path)], monkeypatch) == 2
    err = capsys.readouterr().err
    assert f"{path}, row 5, field 'signals.weak_factor'" in err
    assert "above its ceiling 0.5" in err
