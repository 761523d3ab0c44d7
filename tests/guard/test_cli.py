"""``netbrake guard ...``: the offline form of the API, as JSON on stdout."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from netbrake.cli.app import app
from netbrake.errors import InputError
from netbrake.store import Store


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


def test_unreadable_results_are_an_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app,
        ["guard", "search", "x", "--results", str(tmp_path / "none")],
        env={"NETBRAKE_HOME": str(tmp_path / "home")},
    )
    assert result.exit_code != 0


def _invoke(home: Path, *args: str) -> Any:
    """The guard command with a data directory of its own (no default store unless made)."""
    return CliRunner().invoke(
        app, list(args), env={"NETBRAKE_HOME": str(home), "NETBRAKE_DB": None}
    )


@pytest.mark.parametrize(
    ("args", "action", "decided_by"),
    [
        (["guard", "search", "m n s f w"], "block", "search.lexicon"),
        (["guard", "search", "#nba"], "allow", "search.default"),
        (["guard", "hashtag", "#nba"], "allow", "hashtag_page.default"),
    ],
)
def test_query_decisions_from_the_policy_alone(
    tmp_path: Path, args: list[str], action: str, decided_by: str
) -> None:
    result = _invoke(tmp_path, *args)
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert (out["action"], out["decided_by"], out["state"]) == (action, decided_by, "policy-only")
    assert not (tmp_path / "netbrake.sqlite").exists()  # a query creates no store


def test_policy_only_search_block_carries_help_resources(tmp_path: Path) -> None:
    out = json.loads(_invoke(tmp_path, "guard", "search", "m n s f w").stdout)
    assert out["show_results"] is False
    assert out["help"], "a blocked search points to help resources"


def test_autocomplete_from_the_policy_alone(tmp_path: Path) -> None:
    file = tmp_path / "suggestions.txt"
    file.write_text("megalinkfree\nmegaphone\n")
    result = _invoke(tmp_path, "guard", "autocomplete", "mega", "--suggestions", str(file))
    out = json.loads(result.stdout)
    assert (out["kept"], out["state"]) == (["megaphone"], "policy-only")


def test_recommend_without_state_is_a_one_line_error(tmp_path: Path) -> None:
    file = tmp_path / "candidates.txt"
    file.write_text("s1\n")
    result = _invoke(tmp_path, "guard", "recommend", "b1", "--candidates", str(file))
    assert isinstance(result.exception, InputError)
    assert result.exception.exit_code == 2
    assert "--results RESULTS or --db URL" in result.exception.one_line()


def test_the_default_store_is_read_when_it_exists(tmp_path: Path) -> None:
    Store.open(f"sqlite:///{tmp_path / 'netbrake.sqlite'}").close()
    out = json.loads(_invoke(tmp_path, "guard", "search", "#nba").stdout)
    assert out["state"] == f"store:sqlite:///{tmp_path / 'netbrake.sqlite'}"
    out = json.loads(_invoke(tmp_path, "guard", "search", "#nba", "--no-store").stdout)
    assert out["state"] == "policy-only"


def test_given_state_is_named_and_the_default_store_then_left_alone(
    results: Path, tmp_path: Path
) -> None:
    Store.open(f"sqlite:///{tmp_path / 'netbrake.sqlite'}").close()
    out = json.loads(
        _invoke(tmp_path, "guard", "hashtag", "#newtag1", "--results", str(results)).stdout
    )
    assert out["state"] == f"results:{results}"
    assert out["hashtag"]["state"] == "review"
    db = f"sqlite:///{tmp_path / 'other.sqlite'}"
    out = json.loads(
        _invoke(tmp_path, "guard", "search", "x", "--results", str(results), "--db", db).stdout
    )
    assert out["state"] == f"results:{results} + store:{db}"


def test_a_store_password_is_not_printed() -> None:
    from netbrake.cli.guard import _described

    described = _described(None, "postgresql://app:hunter2@db.example/netbrake")
    assert "hunter2" not in described
    assert described.startswith("store:postgresql://app:")
