"""Bad input: a Spark engine that cannot start says why in one line; a failed
run leaves no RESULTS folder."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from netbrake.errors import InputError
from netbrake.policy import Policy
from netbrake.scan import ScanRequest, scan
from netbrake.synth import SynthConfig, generate
from netbrake.text import default_matcher


def test_missing_pyspark_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    from netbrake.engines.spark import SparkEngine

    monkeypatch.setitem(sys.modules, "pyspark.sql", None)
    with pytest.raises(InputError, match=r"pip install 'netbrake\[spark\]'"):
        SparkEngine.start()


def test_missing_java_names_java_17(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    pytest.importorskip("pyspark", reason="PySpark is not installed")
    from netbrake.engines.spark import SparkEngine

    monkeypatch.delenv("PYSPARK_GATEWAY_PORT", raising=False)
    monkeypatch.setenv("JAVA_HOME", str(tmp_path / "no-such-jdk"))
    with pytest.raises(InputError, match=r"Java 17\+.*no-such-jdk"):
        SparkEngine.start()


def test_cli_without_java_prints_one_line(tmp_path: Path) -> None:
    pytest.importorskip("pyspark", reason="PySpark is not installed")
    (tmp_path / "export").mkdir()
    env = {
        "PATH": "/usr/bin:/bin",
        "JAVA_HOME": str(tmp_path / "no-such-jdk"),
        "HOME": str(tmp_path),
    }
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "netbrake",
            "--engine",
            "spark",
            "scan",
            str(tmp_path / "export"),
            "--out",
            str(tmp_path / "results"),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode != 0
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "Java 17+" in lines[0]
    assert not (tmp_path / "results").exists()


@pytest.mark.spark
def test_failure_mid_run_leaves_no_results(spark: Any, tmp_path: Path) -> None:
    from netbrake.engines.spark import SparkEngine

    class Failing(SparkEngine):
        def persons(self, *args: Any, **kwargs: Any) -> Any:
            raise RuntimeError("executor lost")

    generate(SynthConfig(accounts=1000, seed=2), tmp_path / "export")
    request = ScanRequest(
        source=tmp_path / "export",
        out=tmp_path / "results",
        policy=Policy.load(),
        secret=b"k",
        now=datetime(2026, 1, 1, tzinfo=UTC),
        matcher=default_matcher(),
    )
    with pytest.raises(RuntimeError, match="executor lost"):
        scan(request, Failing(spark, stop_on_close=False))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export"]
