"""The package's public surfaces and the documentation that describes them."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest
import typer.main

import netbrake
from netbrake.cli import app

ROOT = Path(__file__).resolve().parents[1]
SUBPACKAGES = sorted(
    p.name
    for p in (ROOT / "src" / "netbrake").iterdir()
    if (p / "__init__.py").is_file() and p.name != "cli"
)


def _isort_key(name: str) -> tuple[int, str]:
    """ruff's RUF022 order: CONSTANTS, then CamelCase, then everything else."""
    if name.isupper() or (name.upper() == name and "_" in name):
        return (0, name)
    return (1, name) if name[:1].isupper() else (2, name)


def test_top_level_all_is_sorted_and_importable():
    assert list(netbrake.__all__) == sorted(netbrake.__all__, key=_isort_key)
    for name in netbrake.__all__:
        assert hasattr(netbrake, name)


@pytest.mark.parametrize("name", SUBPACKAGES)
def test_each_subpackage_has_a_sorted_public_surface(name):
    try:
        module = importlib.import_module(f"netbrake.{name}")
    except ImportError as exc:  # an optional extra (e.g. pyspark) is not installed
        pytest.skip(f"netbrake.{name} needs an optional extra: {exc}")
    exported = getattr(module, "__all__", None)
    if exported is None:
        pytest.skip(f"netbrake.{name} exposes no __all__")
    assert list(exported) == sorted(exported, key=_isort_key), (
        f"netbrake.{name}.__all__ is not sorted"
    )
    for item in exported:
        assert hasattr(module, item), f"netbrake.{name}.__all__ names missing {item}"


def _commands() -> set[str]:
    group = typer.main.get_command(app)
    names: set[str] = set()
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        names.add(name)
        for sub in getattr(command, "commands", {}):
            names.add(f"{name} {sub}")
    return names


def _global_options_with_values() -> set[str]:
    group = typer.main.get_command(app)
    return {
        opt
        for param in group.params
        if not getattr(param, "is_flag", True) and not getattr(param, "count", False)
        for opt in getattr(param, "opts", [])
    }


def test_every_command_in_the_readme_exists():
    readme = (ROOT / "README.md").read_text()
    known = _commands()
    takes_value = _global_options_with_values()
    used = set()
    code = "\n".join(re.findall(r"```[a-z]*\n(.*?)```", readme, flags=re.S))
    for line in code.splitlines():
        tokens = line.split("#", 1)[0].split()
        if not tokens or tokens[0] != "netbrake":
            continue
        words: list[str] = []
        rest = iter(tokens[1:])
        for token in rest:
            if token.startswith("-"):
                if "=" not in token and token in takes_value:
                    next(rest, None)  # the option's value, not a command
                continue
            if not re.fullmatch(r"[a-z][a-z-]*", token):
                break
            words.append(token)
            if len(words) == 2:
                break
        if not words:
            continue
        pair = " ".join(words[:2])
        used.add(pair if len(words) == 2 and pair in known else words[0])
    assert used, "the README shows no commands"
    assert "terms review" in used, "the README's term review command was not read"
    missing = sorted(u for u in used if u not in known)
    assert not missing, f"README mentions commands the CLI does not have: {missing}"


def test_changelog_has_an_unreleased_section():
    text = (ROOT / "CHANGELOG.md").read_text()
    assert "## [Unreleased]" in text
