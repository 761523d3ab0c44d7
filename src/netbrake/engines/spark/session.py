"""Starting a Spark session with one clear error when it cannot start ("bad input").

PySpark is an optional extra (``netbrake[spark]``) and needs Java 17+. Both are
checked before the JVM is launched, so a missing piece gives one line naming
it instead of a Py4J traceback. Settings come from the usual places
(``spark-defaults.conf``, ``spark-submit --conf``) and from ``conf``; local
masters get the settings that mattered on a 2-core machine.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from netbrake.errors import InputError
from netbrake.extras import require

DEFAULT_MASTER = "local[2]"
MIN_JAVA = 17
#: What a missing PySpark is reported as.
FEATURE = "the Spark engine (--engine spark)"

#: Settings for every master: Arrow transfer to the driver, UTC timestamps, reused
#: Python workers (each builds the text matcher once, ~4-8 s).
COMMON_CONF: Mapping[str, str] = {
    "spark.sql.session.timeZone": "UTC",
    "spark.sql.execution.arrow.pyspark.enabled": "true",
    "spark.python.worker.reuse": "true",
    "spark.ui.showConsoleProgress": "false",
}
#: Settings for a local master (2 cores, small shuffles, no UI).
LOCAL_CONF: Mapping[str, str] = {
    **COMMON_CONF,
    "spark.ui.enabled": "false",
    "spark.sql.shuffle.partitions": "4",
    "spark.driver.memory": "4g",
}


def _java() -> str:
    """The java binary Spark will launch: ``$JAVA_HOME/bin/java``, else ``java`` on PATH."""
    home = os.environ.get("JAVA_HOME")
    if home:
        binary = Path(home) / "bin" / "java"
        if not binary.is_file():
            raise InputError(
                f"the Spark engine needs Java {MIN_JAVA}+: JAVA_HOME={home} has no bin/java "
                "(fix JAVA_HOME or install openjdk-17-jre-headless)"
            )
        return str(binary)
    found = shutil.which("java")
    if found is None:
        raise InputError(
            f"the Spark engine needs Java {MIN_JAVA}+: no 'java' on PATH and JAVA_HOME is not set "
            "(install openjdk-17-jre-headless)"
        )
    return found


def java_major(binary: str) -> int:
    """The major version ``java -version`` reports (0 when it cannot be read)."""
    try:
        done = subprocess.run(
            [binary, "-version"], capture_output=True, text=True, timeout=60, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return 0
    found = re.search(r'version "(\d+)(?:\.(\d+))?', done.stderr + done.stdout)
    if found is None:
        return 0
    major = int(found.group(1))
    # Java 8 and older report "1.8".
    return int(found.group(2) or 0) if major == 1 else major


def check_java() -> None:
    """Raise a one-line `InputError` unless Java 17+ is available."""
    binary = _java()
    major = java_major(binary)
    if major < MIN_JAVA:
        shown = f"Java {major}" if major else "a Java whose version cannot be read"
        raise InputError(f"the Spark engine needs Java {MIN_JAVA}+, found {shown} at {binary}")


def _submitted() -> bool:
    """True when spark-submit launched this process (it then owns the master and settings)."""
    return "PYSPARK_GATEWAY_PORT" in os.environ


def start_session(master: str | None = None, conf: Mapping[str, str] | None = None) -> Any:
    """A running ``SparkSession`` or a one-line `InputError` naming what is missing."""
    spark_sql = require("pyspark.sql", "spark", FEATURE)
    settings = dict(conf or {})
    if master is None and not _submitted():
        master = settings.pop("spark.master", None) or DEFAULT_MASTER
    if not _submitted():
        check_java()
    builder = spark_sql.SparkSession.builder.appName("netbrake")
    if master is not None:
        builder = builder.master(master)
    local = master is not None and master.startswith("local")
    if local:
        # Loopback only, and the driver's own Python for the workers (not whatever
        # `python3` is on PATH): the matcher must import the same netbrake.
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    for key, value in {**(LOCAL_CONF if local else COMMON_CONF), **settings}.items():
        builder = builder.config(key, value)
    try:
        session = builder.getOrCreate()
    except Exception as exc:
        first = next((line for line in str(exc).splitlines() if line.strip()), type(exc).__name__)
        raise InputError(
            f"the Spark session could not start (master {master or 'from spark-submit'}): "
            f"{first.strip()[:300]}"
        ) from exc
    session.sparkContext.setLogLevel("ERROR")
    return session
