"""Waiting for a ``netbrake serve`` child process to answer (drills, load scripts, tests).

Kept outside the service layers so that the pipeline's own tools (the report
drill) can use it without importing them.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time

import httpx


def wait_until_healthy(
    url: str, server: subprocess.Popen[bytes] | subprocess.Popen[str], timeout: float = 60.0
) -> None:
    """Return once ``url``/healthz answers 200; RuntimeError when ``server`` exits or time runs out.

    For scripts, drills and tests that start ``netbrake serve`` as a child process.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"server exited with {server.returncode}")
        try:
            if httpx.get(f"{url}/healthz", timeout=1.0).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.05)
    raise RuntimeError(f"server did not answer {url}/healthz within {timeout} s")


def stop_server(
    server: subprocess.Popen[bytes] | subprocess.Popen[str], timeout: float = 30.0
) -> None:
    """Stop a server started with ``start_new_session=True``: SIGTERM to its process group,
    SIGKILL when it has not exited within ``timeout`` seconds."""
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()
