"""Global options are accepted before and after the subcommand, as users type them."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any

import pytest
import typer
import typer.main
from tests.cli_process import run_netbrake
from typer.testing import CliRunner

from netbrake.cli import app
from netbrake.cli import scan as scan_cli
from netbrake.cli.app import _global_options
from netbrake.cli.settings import GlobalOptionsGroup, Settings, global_options, settings
from netbrake.errors import InputError

#: One command line per global option of the real app, and the Settings it must give.
SAMPLES: dict[str, tuple[list[str], Any]] = {
    "json": (["--json"], True),
    "quiet": (["-q"], True),
    "verbose": (["-v"], 1),
    "policy": (["--policy", "team.toml"], Path("team.toml")),
    "db": (["--db", "sqlite:///x.sqlite"], "sqlite:///x.sqlite"),
    "engine": (["--engine", "spark"], "spark"),
}


def _global_names() -> list[str]:
    return [p.name for p in global_options(typer.main.get_command(app))]


def _probe() -> typer.Typer:
    """An app with netbrake's global options, a command and a nested command printing Settings."""
    probe = typer.Typer(cls=GlobalOptionsGroup)
    probe.callback()(_global_options)

    def show(ctx: typer.Context) -> None:
        typer.echo(json.dumps(asdict(settings(ctx)), default=str))

    def own_json(
        ctx: typer.Context, json_: Annotated[bool, typer.Option("--json")] = False
    ) -> None:
        typer.echo(json.dumps({"own": json_, "global": settings(ctx).json}))

    probe.command("show")(show)
    probe.command("own")(own_json)
    group = typer.Typer()
    group.command("leaf")(show)
    probe.add_typer(group, name="group")
    return probe


def _settings(*args: str) -> dict[str, Any]:
    result = CliRunner().invoke(_probe(), list(args), env={"NETBRAKE_DB": None})
    assert result.exit_code == 0, result.output
    out: dict[str, Any] = json.loads(result.stdout)
    return out


def test_every_global_option_has_a_sample() -> None:
    assert set(_global_names()) == set(SAMPLES)
    assert set(SAMPLES) == set(asdict(Settings()))


@pytest.mark.parametrize("name", sorted(SAMPLES))
@pytest.mark.parametrize("path", [["show"], ["group", "leaf"]], ids=["command", "subcommand"])
@pytest.mark.parametrize("position", ["before", "after"])
def test_global_option_in_either_position(name: str, path: list[str], position: str) -> None:
    args, expected = SAMPLES[name]
    line = [*args, *path] if position == "before" else [*path, *args]
    got = _settings(*line)
    assert got[name] == (str(expected) if isinstance(expected, Path) else expected)
    others = {k: v for k, v in got.items() if k != name}
    defaults = {k: v for k, v in asdict(Settings()).items() if k != name}
    assert others == defaults


def test_the_value_after_the_subcommand_wins() -> None:
    got = _settings("--engine", "spark", "--db", "sqlite:///a", "show", "--engine", "duckdb")
    assert (got["engine"], got["db"]) == ("duckdb", "sqlite:///a")
    assert _settings("-v", "show", "-vv")["verbose"] == 3


def test_a_command_keeps_its_own_option_of_the_same_name() -> None:
    result = CliRunner().invoke(_probe(), ["own", "--json"])
    assert json.loads(result.stdout) == {"own": True, "global": False}


def test_the_environment_is_read_once() -> None:
    result = CliRunner().invoke(_probe(), ["show"], env={"NETBRAKE_DB": "sqlite:///env"})
    assert json.loads(result.stdout)["db"] == "sqlite:///env"


def test_a_bad_value_after_the_subcommand_is_refused() -> None:
    result = CliRunner().invoke(_probe(), ["show", "--engine", "hadoop"])
    assert result.exit_code == 2
    assert "--engine" in result.output


def test_subcommand_help_lists_the_global_options() -> None:
    result = CliRunner().invoke(app, ["scan", "--help"])
    assert result.exit_code == 0
    assert "Global options" in result.output
    for flag in ("--engine", "--db", "--policy", "--json"):
        assert flag in result.output


@pytest.mark.parametrize(
    "args",
    [
        ["--engine", "spark", "scan", "EXPORT", "--out", "OUT"],
        ["scan", "EXPORT", "--out", "OUT", "--engine", "spark"],
    ],
    ids=["before", "after"],
)
def test_scan_reaches_the_engine_given_in_either_position(
    args: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[str] = []

    def engine(opts: Settings, spark_master: str | None) -> Any:
        seen.append(opts.engine)
        raise InputError("engine chosen")

    monkeypatch.setattr(scan_cli, "_engine", engine)
    names = {"EXPORT": str(tmp_path / "export"), "OUT": str(tmp_path / "out")}
    result = CliRunner().invoke(
        app, [names.get(a, a) for a in args], env={"NETBRAKE_HOME": str(tmp_path)}
    )
    assert isinstance(result.exception, InputError)
    assert seen == ["spark"]


@pytest.mark.parametrize("position", ["before", "after"])
def test_json_after_a_real_command(position: str, tmp_path: Path) -> None:
    args = ["guard", "search", "#nba"]
    line = ["--json", *args] if position == "before" else [*args, "--json"]
    proc = run_netbrake(*line, home=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["state"] == "policy-only"


@pytest.mark.parametrize("position", ["before", "after"])
def test_policy_after_a_real_command_is_read(position: str, tmp_path: Path) -> None:
    missing = str(tmp_path / "no-such-policy.toml")
    args = ["text", "check", "hello"]
    line = ["--policy", missing, *args] if position == "before" else [*args, "--policy", missing]
    proc = run_netbrake(*line, home=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.startswith("netbrake: error: ")
    assert "no-such-policy.toml" in proc.stderr
    assert proc.stderr.count("\n") == 1


@pytest.mark.parametrize("position", ["before", "after"])
def test_db_after_a_real_command_is_read(position: str, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'given.sqlite'}"
    args = ["guard", "search", "#nba"]
    line = ["--db", db, *args] if position == "before" else [*args, "--db", db]
    proc = run_netbrake(*line, home=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["state"] == f"store:{db}"
