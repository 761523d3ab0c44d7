"""Fixtures of the CLI tests: the synthetic export and scan the audit tests share (built once
per session; a module that needs another export defines its own `scanned`)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from netbrake.policy import Policy
from netbrake.scan import ScanRequest, scan
from netbrake.synth import SynthConfig, generate


@pytest.fixture(scope="session")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A 3,000-account synthetic export and its scan results."""
    root = tmp_path_factory.mktemp("audit-cli")
    export, results = root / "export", root / "results"
    generate(SynthConfig(accounts=3_000, seed=0), export)
    scan(ScanRequest(source=export, out=results, policy=Policy.load(), secret=b"audit-cli-test"))
    return export, results


@pytest.fixture
def results_copy(scanned: tuple[Path, Path], tmp_path: Path) -> Path:
    """A copy of the scan results a test may write into (audit.json, audit.html)."""
    copy = tmp_path / "results"
    shutil.copytree(scanned[1], copy)
    return copy
