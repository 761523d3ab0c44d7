from __future__ import annotations

import importlib

import pytest


@pytest.mark.parametrize("name", ["netbrake.reports", "netbrake.api", "netbrake.web"])
def test_public_api_is_sorted_and_importable(name: str) -> None:
    module = importlib.import_module(name)
    # isort style, as ruff keeps it: CONSTANTS, Classes, functions.
    order = sorted(module.__all__, key=lambda n: (not n.isupper(), not n[0].isupper(), n))
    assert module.__all__ == order
    assert all(hasattr(module, n) for n in module.__all__)


def test_reports_does_not_import_the_service_layers() -> None:
    """Data flows one way: the pipeline never imports api or web."""
    import ast
    from pathlib import Path

    package = Path(importlib.import_module("netbrake.reports").__file__ or "").parent
    for path in package.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert not node.module.startswith(
                    ("netbrake.api", "netbrake.web", "netbrake.cli")
                ), path
