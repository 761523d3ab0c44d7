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


def test_every_command_in_the_readme_exists():
    readme = (ROOT / "README.md").read_text()
    known = _commands()
    used = set()
    code = "\n".join(re.findall(r"```[a-z]*\n(.*?)```", readme, flags=re.S))
    for line in code.splitlines():
        match = re.match(
            r"^\s*netbrake\s+((?:--?\S+\s+)*)([a-z][a-z-]*)(?:\s+([a-z][a-z-]*))?", line
        )
        if not match:
            continue
        first, second = match.group(2), match.group(3)
        used.add(f"{first} {second}" if second and f"{first} {second}" in known else first)
    assert used, "the README shows no commands"
    missing = sorted(u for u in used if u not in known)
    assert not missing, f"README mentions commands the CLI does not have: {missing}"


def test_changelog_has_an_unreleased_section():
    text = (ROOT / "CHANGELOG.md").read_text()
    assert "## [Unreleased]" in text
