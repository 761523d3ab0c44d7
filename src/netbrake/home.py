"""Where netbrake keeps its own files: the data directory and its defaults.

The data directory holds the generated HMAC key (when ``NETBRAKE_SECRET`` is
unset) and the embedded SQLite store. ``NETBRAKE_HOME`` overrides it; the
default follows the XDG base directory convention.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

SECRET_ENV = "NETBRAKE_SECRET"
HOME_ENV = "NETBRAKE_HOME"
DB_ENV = "NETBRAKE_DB"


def data_dir() -> Path:
    """The data directory, created on first use."""
    explicit = os.environ.get(HOME_ENV)
    if explicit:
        path = Path(explicit)
    else:
        base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
        path = Path(base) / "netbrake"
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_db_url() -> str:
    """The operational store's URL: ``NETBRAKE_DB`` or an SQLite file in the data directory."""
    return os.environ.get(DB_ENV) or f"sqlite:///{data_dir() / 'netbrake.sqlite'}"


def load_secret(directory: Path | None = None) -> bytes:
    """The HMAC key for identifiers: ``NETBRAKE_SECRET``, else a generated key file.

    The key file is created once with mode 0600 so that hashes stay
    comparable across runs on the same installation.
    """
    env = os.environ.get(SECRET_ENV)
    if env:
        return env.encode("utf-8")
    key_file = (directory or data_dir()) / "secret.key"
    if not key_file.exists():
        key_file.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_hex(32))
    return key_file.read_text().strip().encode("utf-8")
