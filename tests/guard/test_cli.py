"""``netbrake guard ...``: the offline form of the API, as JSON on stdout."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from netbrake.cli.app import app


def _run(*args: str) -> tuple[int, dict[str, Any]]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, json.loads(result.stdout) if result.exit_code == 0 else {}


def test_search_blocks_a_lexicon_query(results: Path) -> None:
    code, out = _run("guard", "search", "m n s f w", "--results", str(results))
    assert code == 0
    assert (out["action"], out["decided_by"], out["show_results"]) == (
        "block",
        "search.lexicon",
        False,
    )
    assert out["policy_version"]


@pytest.mark.parametrize("form", ["json", "lines"])
def test_recommend_reads_candidates(results: Path, tmp_path: Path, form: str) -> None:
    file = tmp_path / "candidates.txt"
    ids = ["s1", "b2", "h1"]
    file.write_text(json.dumps(ids) if form == "json" else "\n".join(ids) + "\n")
    code, out = _run(
        "guard", "recommend", "b1", "--candidates", str(file), "--results", str(results)
    )
    assert code == 0
    assert out["kept"] == ["b2"]
    assert [d["decided_by"] for d in out["dropped"]] == ["suggested.flagged", "suggested.dominated"]


def test_autocomplete_and_hashtag(results: Path, tmp_path: Path) -> None:
    file = tmp_path / "suggestions.txt"
    file.write_text("megalinkfree\nmegaphone\n")
    code, out = _run(
        "guard", "autocomplete", "mega", "--suggestions", str(file), "--results", str(results)
    )
    assert (code, out["kept"]) == (0, ["megaphone"])
    code, out = _run("guard", "hashtag", "#newtag1", "--results", str(results))
    assert code == 0
    assert out["hashtag"]["state"] == "review"


def test_missing_state_is_a_one_line_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["guard", "search", "x", "--results", str(tmp_path / "none")])
    assert result.exit_code != 0
    result = CliRunner().invoke(app, ["guard", "search", "x"])
    assert result.exit_code != 0
