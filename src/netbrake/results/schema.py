"""A version and the required columns of each RESULTS file (docs/results.md "Schema versions").

``results_version`` in ``summary.json`` versions the folder as a whole; each
file also carries its own version, so one file's format can change without
touching the others. The scan stamps Parquet files in their key-value
metadata (``netbrake.file_version``) and lists every file's version under
``files`` in ``summary.json``. A reader refuses a file newer than it knows
and one older than it still reads, naming the file; a file without a stamp
was written before files were versioned and is read as version 1.
"""

from __future__ import annotations

from dataclasses import dataclass

from netbrake.results.files import (
    ACCOUNTS_FILE,
    ENFORCEMENT_FILE,
    EVIDENCE_FILE,
    HITS_FILE,
    MEDIA_MATCHES_FILE,
    NETWORKS_FILE,
    PERSONS_FILE,
    REPORT_CANDIDATES_FILE,
)

#: The Parquet key-value metadata key holding a file's version.
VERSION_KEY = b"netbrake.file_version"


@dataclass(frozen=True)
class FileSchema:
    """A file's current version, the oldest version still read, and its required columns."""

    version: int
    oldest: int
    required: tuple[str, ...]


FILE_SCHEMAS: dict[str, FileSchema] = {
    ACCOUNTS_FILE: FileSchema(1, 1, ("account_id", "role", "action")),
    PERSONS_FILE: FileSchema(1, 1, ("account_id", "person_id")),
    EVIDENCE_FILE: FileSchema(1, 1, ("account_id",)),
    HITS_FILE: FileSchema(1, 1, ("account_id", "entry_id")),
    MEDIA_MATCHES_FILE: FileSchema(1, 1, ("account_id",)),
    NETWORKS_FILE: FileSchema(1, 1, ("network_id",)),
    ENFORCEMENT_FILE: FileSchema(1, 1, ("decision_id", "subject_id", "actions", "created_at")),
    REPORT_CANDIDATES_FILE: FileSchema(1, 1, ("account_id",)),
}


def file_versions(names: list[str]) -> dict[str, int]:
    """The ``files`` entry of ``summary.json`` for the files a scan wrote."""
    return {name: FILE_SCHEMAS[name].version for name in sorted(names) if name in FILE_SCHEMAS}


def stamp(metadata: dict[bytes, bytes] | None, name: str) -> dict[bytes, bytes]:
    """Parquet key-value metadata with ``name``'s version added."""
    return {**(metadata or {}), VERSION_KEY: str(FILE_SCHEMAS[name].version).encode()}
