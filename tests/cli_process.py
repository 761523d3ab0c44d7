"""Running the ``netbrake`` command in a child process, as a user would (shared by CLI tests)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

#: The HMAC secret CLI tests give the command (``secret=False`` leaves it unset).
TEST_SECRET = "cli-test"


def run_netbrake(*args: str, home: Path, secret: bool = True) -> subprocess.CompletedProcess[str]:
    """``python -m netbrake ARGS`` with NETBRAKE_HOME at ``home`` and a bare environment."""
    env = {"NETBRAKE_HOME": str(home), "PATH": "/usr/bin:/bin"}
    if secret:
        env["NETBRAKE_SECRET"] = TEST_SECRET
    return subprocess.run(
        [sys.executable, "-m", "netbrake", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
