"""The command tree as a whole: every command's help, --version, completion, one-line usage errors."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer.main
from tests.cli_process import run_netbrake
from typer.testing import CliRunner

import netbrake
from netbrake.cli import app

ROOT = Path(__file__).resolve().parents[2]


def _paths(command: Any, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    yield prefix
    for name, sub in getattr(command, "commands", {}).items():
        yield from _paths(sub, (*prefix, name))


#: Every command and subcommand, read from the Click tree Typer builds.
COMMANDS = sorted(_paths(typer.main.get_command(app)))


def test_the_tree_is_walked() -> None:
    names = {" ".join(p) for p in COMMANDS}
    assert {"", "scan", "guard", "guard search", "export", "demo"} <= names
    assert len(COMMANDS) > 40


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(("netbrake", *p)))
def test_every_command_has_help(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(app, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage" in result.output


def test_version(tmp_path: Path) -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert netbrake.__version__ == project["version"]
    proc = run_netbrake("--version", home=tmp_path)
    assert (proc.returncode, proc.stdout) == (0, f"netbrake {project['version']}\n")


def test_completion_is_offered() -> None:
    result = CliRunner().invoke(app, ["--help"])
    assert "--install-completion" in result.output
    assert "--show-completion" in result.output
    result = CliRunner().invoke(app, ["--show-completion", "bash"], prog_name="netbrake")
    assert result.exit_code == 0
    assert "_NETBRAKE_COMPLETE" in result.output


def test_completion_offers_a_subcommand_and_its_global_options() -> None:
    env = {
        "_NETBRAKE_COMPLETE": "complete_bash",
        "COMP_WORDS": "netbrake scan --eng",
        "COMP_CWORD": "2",
    }
    result = CliRunner().invoke(app, [], env=env, prog_name="netbrake")
    assert result.output.split() == ["--engine"]


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["scan"], "netbrake scan: Missing argument"),
        (["scan", "x", "--out", "y", "--no-such-option"], "netbrake scan: No such option"),
        (["no-such-command"], "netbrake: No such command"),
        (["scan", "x", "--out", "y", "--engine", "hadoop"], "Invalid value for '--engine'"),
    ],
)
def test_usage_errors_are_one_line_and_exit_2(tmp_path: Path, args: list[str], says: str) -> None:
    proc = run_netbrake(*args, home=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.startswith("netbrake: error: ")
    assert proc.stderr.count("\n") == 1
    assert says in proc.stderr


def test_no_arguments_prints_the_help(tmp_path: Path) -> None:
    proc = run_netbrake(home=tmp_path)
    assert proc.returncode == 2
    assert "Usage" in proc.stdout
    assert proc.stderr == ""
