"""Running the ``netbrake`` command in a child process, as a user would (shared by CLI tests).

``without`` makes modules unimportable in the child (``sys.modules[name] = None``)
before anything else runs: an installation without an optional extra.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

#: The HMAC secret CLI tests give the command (``secret=False`` leaves it unset).
TEST_SECRET = "cli-test"

#: The child's first statement: block the listed modules, then run a module or a script.
_BOOT = (
    "import runpy, sys\n"
    "sys.modules.update(dict.fromkeys(filter(None, sys.argv[1].split(','))))\n"
    "target, sys.argv = sys.argv[2], sys.argv[2:]\n"
    "if target.endswith('.py'):\n"
    "    runpy.run_path(target, run_name='__main__')\n"
    "else:\n"
    "    runpy.run_module(target, run_name='__main__', alter_sys=True)\n"
)


def run_python(
    target: str | Path,
    *args: str,
    home: Path,
    secret: bool = True,
    without: Iterable[str] = (),
) -> subprocess.CompletedProcess[str]:
    """Run a module (``netbrake``) or a script file with ARGS, NETBRAKE_HOME at ``home``
    and a bare environment, with the modules in ``without`` unimportable."""
    env = {"NETBRAKE_HOME": str(home), "PATH": "/usr/bin:/bin"}
    if secret:
        env["NETBRAKE_SECRET"] = TEST_SECRET
    blocked = ",".join(without)
    if not blocked and target == "netbrake":
        command = [sys.executable, "-m", "netbrake", *args]
    else:
        command = [sys.executable, "-c", _BOOT, blocked, str(target), *args]
    return subprocess.run(
        command,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def run_netbrake(
    *args: str, home: Path, secret: bool = True, without: Iterable[str] = ()
) -> subprocess.CompletedProcess[str]:
    """``python -m netbrake ARGS`` with NETBRAKE_HOME at ``home`` and a bare environment."""
    return run_python("netbrake", *args, home=home, secret=secret, without=without)
