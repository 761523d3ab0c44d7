"""One Spark session for every Spark test (starting one costs ~10-20 s), skipped without Spark.

Spark tests are marked ``spark``; they skip, saying why, when PySpark or Java
17+ is missing (scripts/test.sh installs a JRE when it can).
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from netbrake.errors import InputError


def _missing() -> str | None:
    if importlib.util.find_spec("pyspark") is None:
        return "PySpark is not installed (pip install 'netbrake[spark]')"
    from netbrake.engines.spark.session import check_java

    try:
        check_java()
    except InputError as exc:
        return str(exc)
    return None


@pytest.fixture(scope="session")
def spark(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A local[2] session with small shuffles, shared by all Spark tests."""
    reason = _missing()
    if reason is not None:
        pytest.skip(f"Spark tests need PySpark and Java 17+: {reason}")
    from netbrake.engines.spark.session import start_session

    scratch: Path = tmp_path_factory.mktemp("spark-local")
    session = start_session(
        "local[2]",
        {"spark.sql.shuffle.partitions": "2", "spark.local.dir": str(scratch)},
    )
    yield session
    session.stop()
