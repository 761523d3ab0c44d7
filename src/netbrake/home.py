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
#: The embedded SQLite store's file name in the data directory.
DEFAULT_STORE = "netbrake.sqlite"


def _data_path() -> Path:
    explicit = os.environ.get(HOME_ENV)
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "netbrake"


def data_dir() -> Path:
    """The data directory, created on first use."""
    path = _data_path()
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_db_url() -> str:
    """The operational store's URL: ``NETBRAKE_DB`` or an SQLite file in the data directory."""
    return os.environ.get(DB_ENV) or f"sqlite:///{data_dir() / DEFAULT_STORE}"


def existing_default_store() -> str | None:
    """The default store's URL when there is one to read (``NETBRAKE_DB``, or the data
    directory's SQLite file once created), else None; creates nothing."""
    explicit = os.environ.get(DB_ENV)
    if explicit:
        return explicit
    path = _data_path() / DEFAULT_STORE
    return f"sqlite:///{path}" if path.is_file() else None


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
