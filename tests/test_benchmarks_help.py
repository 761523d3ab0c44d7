"""``python -m benchmarks --help`` lists the benchmarks and their flags, and runs nothing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "benchmarks", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin"},
        timeout=60,
        check=False,
    )


def _names() -> list[str]:
    return sorted(p.stem.removeprefix("bench_") for p in (ROOT / "benchmarks").glob("bench_*.py"))


@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_help_lists_every_benchmark_with_its_first_docstring_line(flag: str) -> None:
    proc = _run(flag)
    assert proc.returncode == 0, proc.stderr
    assert "===" not in proc.stdout  # no benchmark ran
    for name in _names():
        source = (ROOT / "benchmarks" / f"bench_{name}.py").read_text(encoding="utf-8")
        first = source.split('"""', 2)[1].strip().splitlines()[0]
        assert f"  {name:<10} {first}" in proc.stdout


@pytest.mark.parametrize(
    ("name", "flags"),
    [
        ("text", "--repeat= --texts="),
        ("scan", "--sizes="),
        (
            "match",
            "--brute-queries= --http-bank= --http-only --http-queries= --n= --queries= --scale",
        ),
        ("detection", "--backdrops --quick --scenarios --seeds"),
    ],
)
def test_help_for_one_benchmark_names_its_flags(name: str, flags: str) -> None:
    proc = _run(name, "--help")
    assert proc.returncode == 0, proc.stderr
    (line,) = [x for x in proc.stdout.splitlines() if "flags:" in x]
    assert line.split("flags:", 1)[1].strip() == flags
    assert "--child" not in proc.stdout  # internal: the parent process passes it to its child


def test_an_unknown_benchmark_is_named() -> None:
    proc = _run("nope", "--help")
    assert proc.returncode == 1
    assert "no benchmark 'nope'" in proc.stderr
