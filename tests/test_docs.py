"""The repository documents itself: docstrings cite failures or docs/ sections that exist.

A reader of the repository has ``docs/`` and the README, nothing else, so a
reference to an issue tracker number or to a file outside the repository is
a dead end. These checks fail on either, and on an architecture page that
leaves a package out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "netbrake"
TEXT = {".py", ".md", ".html", ".js", ".css", ".toml", ".sh", ".txt", ".json", ".ini"}
#: Design notes of the founding team that are not part of the repository.
ABSENT = ("CONTEXT.md", "ARCHITECTURE.md", "STYLE.md", "RECIPES.md")
ISSUE = re.compile(r"\bissue\s+\d", re.I)
MD_REF = re.compile(r"(?<![\w/.-])((?:docs/)?[\w.-]+\.md)\b")


def _files(*roots: Path) -> Iterator[Path]:
    for root in roots:
        if root.is_file():
            yield root
            continue
        for path in sorted(root.rglob("*")):
            if path.is_file() and path.suffix in TEXT and "__pycache__" not in path.parts:
                yield path


def _lines(*roots: Path) -> Iterator[tuple[Path, int, str]]:
    for path in _files(*roots):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            yield path, number, line


def test_no_issue_numbers_in_the_source() -> None:
    found = [f"{p.relative_to(ROOT)}:{n}: {line.strip()}" for p, n, line in _lines(SRC)
             if ISSUE.search(line)]  # fmt: skip
    assert found == []


def test_no_references_to_files_outside_the_repository() -> None:
    roots = (SRC, ROOT / "README.md", ROOT / "docs", ROOT / "benchmarks", ROOT / "scripts")
    found = [
        f"{p.relative_to(ROOT)}:{n}: {name}"
        for p, n, line in _lines(*roots)
        for name in ABSENT
        if name in line
    ]
    assert found == []


def test_every_markdown_reference_exists() -> None:
    roots = (SRC, ROOT / "README.md", ROOT / "docs")
    missing = []
    for path, number, line in _lines(*roots):
        for ref in MD_REF.findall(line):
            candidates = [ROOT / ref, ROOT / "docs" / ref, path.parent / ref]
            if ref.upper().startswith("CHANGELOG") or ref == "README.md":
                candidates.append(ROOT / ref)
            if not any(c.is_file() for c in candidates):
                missing.append(f"{path.relative_to(ROOT)}:{number}: {ref}")
    assert missing == []


def test_the_architecture_page_describes_every_package() -> None:
    page = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    described = set(re.findall(r"^- \*\*([a-z_]+)\*\*:", page, re.M))
    packages = {
        p.name if p.is_dir() else p.stem
        for p in SRC.iterdir()
        if (p.is_dir() and (p / "__init__.py").is_file())
        or (p.suffix == ".py" and p.stem not in {"__init__", "__main__"})
    }
    assert packages - described == set()
    assert described - packages == set()


def test_the_checks_can_fail() -> None:
    assert ISSUE.search("see Issue 12, item 3")
    assert not ISSUE.search("reissued 3 times")
    assert MD_REF.findall("read docs/missing-page.md first") == ["docs/missing-page.md"]
