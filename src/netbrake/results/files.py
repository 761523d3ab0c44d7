"""The names of a RESULTS folder's files (docs/results.md "Files").

One place for them: the scan writes these names and every consumer reads
them through :class:`netbrake.results.ScanResults`.
"""

from __future__ import annotations

#: The version of the results contract the scan writes into ``summary.json``
#: (``results_version``); a reader refuses a folder from a newer version.
RESULTS_VERSION = 1

ACCOUNTS_FILE = "accounts.parquet"
NETWORKS_FILE = "networks.json"
ENFORCEMENT_FILE = "enforcement.jsonl"
SUMMARY_FILE = "summary.json"
PERSONS_FILE = "persons.parquet"
EVIDENCE_FILE = "evidence.parquet"
HITS_FILE = "hits.parquet"
MEDIA_MATCHES_FILE = "media_matches.parquet"
REPORT_CANDIDATES_FILE = "report_candidates.jsonl"
QUARANTINE_FILE = "quarantine.jsonl"
DATASET_DIR = "dataset"
#: The interactions the scan read (src, dst, kind, ts, weight), kept in its dataset.
EDGES_FILE = f"{DATASET_DIR}/edges.parquet"
