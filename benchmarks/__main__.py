"""Run every benchmark (``python -m benchmarks``) or some (``python -m benchmarks text graph``).

Each ``bench_NAME.py`` module defines ``main(argv: list[str] | None = None) -> None``
and prints its own table: medians of repeated runs, peak memory, and the
anchors it is compared with, measured side by side in the same run.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path


def available() -> list[str]:
    here = Path(__file__).parent
    return sorted(
        m.name.removeprefix("bench_")
        for m in pkgutil.iter_modules([str(here)])
        if m.name.startswith("bench_")
    )


def main(argv: list[str]) -> None:
    names = [a for a in argv if not a.startswith("-")] or available()
    flags = [a for a in argv if a.startswith("-")]
    for name in names:
        module = importlib.import_module(f"benchmarks.bench_{name}")
        print(f"\n=== {name} ===", flush=True)
        module.main(flags)


if __name__ == "__main__":
    main(sys.argv[1:])
