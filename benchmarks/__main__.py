"""Run every benchmark (``python -m benchmarks``) or some (``python -m benchmarks text graph``).

Each ``bench_NAME.py`` module defines ``main(argv: list[str] | None = None) -> None``
and prints its own table: medians of repeated runs, peak memory, and the
anchors it is compared with, measured side by side in the same run.

``python -m benchmarks --help`` (or ``-h``) lists the benchmarks, each with
the first line of its docstring and the flags its ``main`` reads, and runs
nothing; ``python -m benchmarks text --help`` does the same for the named ones.
The list is read from the modules' source, so it never imports (or starts)
a benchmark.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import sys
from pathlib import Path

HERE = Path(__file__).parent
HELP = ("-h", "--help")
#: Names bench modules give the dict of their ``--name=value`` flags.
_OPTION_DICTS = {"args", "opts", "options"}
#: The benches' helpers that read ``--NAME=value`` from argv.
_OPTION_HELPERS = {"_flag", "_option"}


def available() -> list[str]:
    return sorted(
        m.name.removeprefix("bench_")
        for m in pkgutil.iter_modules([str(HERE)])
        if m.name.startswith("bench_")
    )


def _string(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _option_name(node: ast.Call) -> str | None:
    """``NAME`` of ``_flag(argv, NAME, ...)`` / ``_option(argv, NAME, ...)`` (the benches' helpers)."""
    func = node.func
    if isinstance(func, ast.Name) and func.id in _OPTION_HELPERS and len(node.args) > 1:
        return _string(node.args[1])
    return None


def flags_of(tree: ast.Module) -> list[str]:
    """The flags a bench module's ``main`` reads: argparse options, ``--name=value`` options
    (read with a helper, a dict of options, or ``startswith``) and ``--switch`` tests on argv.
    Internal flags compared with ``==`` (a child process's ``--child``) are not listed."""
    found: dict[str, None] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            first = _string(node.args[0]) if node.args else None
            attr = func.attr if isinstance(func, ast.Attribute) else None
            if (attr == "add_argument" and first) or (
                attr == "startswith" and first and first.startswith("--")
            ):
                found[first] = None
            elif (
                attr == "get"
                and isinstance(func, ast.Attribute)
                and isinstance(func.value, ast.Name)
                and func.value.id in _OPTION_DICTS
                and first
            ):
                found[f"--{first}="] = None
            elif (name := _option_name(node)) is not None:
                found[f"--{name}="] = None
        elif isinstance(node, ast.Compare) and isinstance(node.ops[0], ast.In | ast.NotIn):
            text = _string(node.left)
            if text and text.startswith("--"):
                found[text] = None
    return sorted(found)


def describe(name: str) -> str:
    """``name``: the first docstring line, then its flags (read from source, not imported)."""
    tree = ast.parse((HERE / f"bench_{name}.py").read_text(encoding="utf-8"))
    doc = (ast.get_docstring(tree) or "").strip().splitlines()
    flags = flags_of(tree)
    lines = [f"  {name:<10} {doc[0] if doc else ''}"]
    lines.append(f"  {'':<10} flags: {' '.join(flags) if flags else '(none)'}")
    return "\n".join(lines)


def usage(names: list[str]) -> str:
    head = (
        "usage: python -m benchmarks [NAME ...] [FLAGS]\n\n"
        "Runs the named benchmarks (all when none is named), passing FLAGS to each;\n"
        "each prints its own table. Benchmarks:\n"
    )
    return head + "\n".join(describe(n) for n in names)


def main(argv: list[str]) -> None:
    names = [a for a in argv if not a.startswith("-")] or available()
    flags = [a for a in argv if a.startswith("-")]
    unknown = sorted(set(names) - set(available()))
    if unknown:
        sys.exit(f"python -m benchmarks: no benchmark {unknown[0]!r} (see --help)")
    if any(f in HELP for f in flags):
        print(usage(names))
        return
    for name in names:
        module = importlib.import_module(f"benchmarks.bench_{name}")
        print(f"\n=== {name} ===", flush=True)
        module.main(flags)


if __name__ == "__main__":
    main(sys.argv[1:])
