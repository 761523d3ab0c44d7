"""The package layering of docs/architecture.md "Layers", checked on the source.

Two rules, read from every ``import`` in ``src/netbrake`` (function-level
imports included):

1. A package imports only packages of a lower layer (never its own layer's
   neighbours, never a higher one), so the rooms stack without cycles.
2. Code outside a package imports only the names its ``__init__`` lists in
   ``__all__``: ``from netbrake.text import Matcher``, never
   ``from netbrake.text.matcher import Matcher``.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "netbrake"
DOC = Path(__file__).resolve().parents[1] / "docs" / "architecture.md"

#: Lowest first. A package may import packages of strictly lower layers only.
LAYERS: dict[str, int] = {
    "errors": 0,
    "extras": 1,
    "home": 1,
    "served": 1,
    "platform": 2,
    "policy": 2,
    "media": 2,
    "store": 2,
    "text": 3,
    "graph": 3,
    "identity": 3,
    "synth": 3,
    "signals": 4,
    "enforce": 4,
    "results": 5,
    "engines": 5,
    "exchange": 6,
    "guard": 6,
    "terms": 6,
    "reports": 6,
    "scan": 7,
    "audit": 7,
    "scenarios": 8,
    "live": 8,
    "api": 9,
    "web": 10,
    "demo": 9,
    "cli": 11,
}


def _package(path: Path) -> str:
    return path.relative_to(SRC).parts[0].removesuffix(".py")


def _imports() -> Iterator[tuple[Path, int, str, list[str]]]:
    """(file, line, imported module, imported names) for every netbrake import."""
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                if node.module.startswith("netbrake."):
                    yield path, node.lineno, node.module, [a.name for a in node.names]
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.startswith("netbrake."):
                        yield path, node.lineno, alias.name, []


def _all(package: str) -> set[str]:
    init = SRC / package / "__init__.py"
    if not init.is_file():
        return set()
    for node in ast.parse(init.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets
        ):
            return {e.value for e in node.value.elts if isinstance(e, ast.Constant)}  # type: ignore[attr-defined]
    return set()


def _packages() -> set[str]:
    return {
        p.name if p.is_dir() else p.stem
        for p in SRC.iterdir()
        if (p.is_dir() and (p / "__init__.py").is_file())
        or (p.suffix == ".py" and p.stem not in {"__init__", "__main__"})
    }


def test_every_package_has_a_layer() -> None:
    assert _packages() - set(LAYERS) == set(), "add the new package to LAYERS and the doc"
    assert set(LAYERS) - _packages() == set(), "a package in LAYERS no longer exists"


def test_a_package_imports_only_lower_layers() -> None:
    wrong = []
    for path, line, module, _ in _imports():
        source, target = _package(path), module.split(".")[1]
        if source in {"__init__", "__main__"} or source == target:
            continue
        if LAYERS[target] >= LAYERS[source]:
            wrong.append(
                f"{path.relative_to(SRC)}:{line}: {source} (layer {LAYERS[source]}) "
                f"imports {target} (layer {LAYERS[target]})"
            )
    assert wrong == []


def test_outside_code_imports_only_exported_names() -> None:
    wrong = []
    for path, line, module, names in _imports():
        parts = module.split(".")
        source, target = _package(path), parts[1]
        if source == target:
            continue
        if len(parts) > 2:
            wrong.append(
                f"{path.relative_to(SRC)}:{line}: imports {module} (use netbrake.{target})"
            )
            continue
        exported = _all(target)
        if exported and (missing := sorted(set(names) - exported)):
            wrong.append(
                f"{path.relative_to(SRC)}:{line}: {missing} not in netbrake.{target}.__all__"
            )
    assert wrong == []


def test_the_architecture_doc_states_the_same_layers() -> None:
    if not DOC.is_file():
        pytest.fail("docs/architecture.md is missing")
    text = DOC.read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\|\s*`([a-z_]+)`\s*\|\s*(\d+)\s*\|", text, re.M))
    assert {k: int(v) for k, v in rows.items()} == LAYERS


def test_the_rule_catches_a_violation(tmp_path: Path) -> None:
    """The checker itself: a deep import parses as one (the rules above are not vacuous)."""
    tree = ast.parse("from netbrake.text.matcher import Matcher\n")
    (node,) = tree.body
    assert isinstance(node, ast.ImportFrom)
    assert node.module is not None
    assert len(node.module.split(".")) > 2
    assert sum(1 for _ in _imports()) > 500
