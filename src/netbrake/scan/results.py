"""Writing a scan's RESULTS folder (docs/results.md; docs/results.md).

RESULTS holds ``accounts.parquet`` (account_id, score, role, network_id,
person_id, action, reasons, ...), ``networks.json``, ``enforcement.jsonl``,
``persons.parquet``, ``evidence.parquet`` (per-account text evidence),
``hits.parquet`` (every lexicon hit), ``quarantine.jsonl``, ``summary.json``
and ``dataset/`` (the clean Parquet tables the scan read). The file names
are :mod:`netbrake.results`'s; :class:`netbrake.results.ScanResults` reads them.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from netbrake.enforce import EnforcementPlan, write_enforcement_jsonl
from netbrake.graph import NetworkSummary
from netbrake.results import (
    ACCOUNTS_FILE,
    DATASET_DIR,
    ENFORCEMENT_FILE,
    EVIDENCE_FILE,
    HITS_FILE,
    MEDIA_MATCHES_FILE,
    NETWORKS_FILE,
    PERSONS_FILE,
    SUMMARY_FILE,
    file_versions,
    stamp,
)
from netbrake.scan.lookup import attach
from netbrake.signals import AccountSignals

__all__ = [
    "ACCOUNTS_FILE",
    "DATASET_DIR",
    "ENFORCEMENT_FILE",
    "NETWORKS_FILE",
    "SUMMARY_FILE",
    "account_rows",
    "network_documents",
    "write_results",
    "write_summary",
]


def account_rows(mapped: pa.Table, plan: EnforcementPlan, evidence: pa.Table) -> pa.Table:
    """The final per-account table: mapping + person + the plan's action + stated age.

    ``evidence`` is :meth:`AccountSignals.to_arrow` (built once per scan by the caller).
    """
    actions = ["action", "actions", "decision_id", "needs_human_review"]
    table = attach(mapped, plan.account_table(), "account_id", actions)
    table = attach(table, evidence, "account_id", ["stated_age"])
    action = [a or "none" for a in table.column("action").to_pylist()]
    index = table.column_names.index("action")
    table = table.set_column(index, "action", pa.array(action, pa.string()))
    order = ["account_id", "score", "role", "network_id", "person_id", "action", "reasons"]
    rest = [c for c in table.column_names if c not in order]
    return table.select(order + rest)


def network_documents(
    networks: Sequence[NetworkSummary],
    accounts: pa.Table,
    signals: AccountSignals,
) -> list[dict[str, Any]]:
    """One JSON object per network: size by role, reach, indicators, domains, centre, seeds."""
    rows = accounts.select(["account_id", "role", "network_id", "person_id"]).to_pylist()
    by_net: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        if row["network_id"] is not None:
            by_net[int(row["network_id"])].append(row)
    index = {a: i for i, a in enumerate(signals.account_ids.to_pylist())}
    hits_by_account: dict[str, Counter[str]] = defaultdict(Counter)
    tags_by_account: dict[str, Counter[str]] = defaultdict(Counter)
    for hit in signals.hits.to_pylist():
        hits_by_account[hit["account_id"]][hit["entry_id"]] += 1
        if str(hit["matched"]).startswith("#"):
            tags_by_account[hit["account_id"]][str(hit["matched"]).lower()] += 1
    docs = []
    for summary in networks:
        members = by_net.get(summary.network_id, [])
        indicators: Counter[str] = Counter()
        hashtags: Counter[str] = Counter()
        domains: Counter[str] = Counter()
        for row in members:
            indicators.update(hits_by_account.get(row["account_id"], {}))
            hashtags.update(tags_by_account.get(row["account_id"], {}))
            i = index.get(row["account_id"], -1)
            domains.update(signals.domains.get(i, ()))
        docs.append(
            {
                "network_id": summary.network_id,
                "size": len(members),
                "roles": dict(sorted(Counter(r["role"] for r in members).items())),
                "persons": len({r["person_id"] for r in members if r["person_id"]}),
                "seller_followers": summary.seller_followers,
                "top_indicators": [
                    {"entry_id": k, "count": v} for k, v in indicators.most_common(10)
                ],
                "top_hashtags": [{"hashtag": k, "count": v} for k, v in hashtags.most_common(10)],
                "offplatform_domains": [
                    {"domain": k, "accounts": v} for k, v in domains.most_common(10)
                ],
                "central_accounts": list(summary.central),
                "seeds": list(summary.seeds),
            }
        )
    return docs


def write_results(
    out: Path,
    accounts: pa.Table,
    networks: list[dict[str, Any]],
    plan: EnforcementPlan,
    evidence: pa.Table,
    hits: pa.Table,
    persons: pa.Table,
    matches: pa.Table | None,
) -> None:
    """Write every RESULTS file but the summary into ``out`` (a fresh folder the caller
    renames into place); :func:`write_summary` comes last, once the stages are timed."""
    tables = {
        ACCOUNTS_FILE: accounts,
        PERSONS_FILE: persons,
        EVIDENCE_FILE: evidence,
        HITS_FILE: hits,
        MEDIA_MATCHES_FILE: matches,
    }
    for name, table in tables.items():
        if table is not None:
            stamped = table.replace_schema_metadata(stamp(table.schema.metadata, name))
            pq.write_table(stamped, out / name, compression="zstd")
    (out / NETWORKS_FILE).write_text(json.dumps(networks, indent=2, ensure_ascii=False) + "\n")
    write_enforcement_jsonl(plan.decisions, out / ENFORCEMENT_FILE)


def write_summary(out: Path, summary: dict[str, Any]) -> None:
    """Write ``summary.json`` last, with the version of every file written before it."""
    summary = {**summary, "files": file_versions([p.name for p in out.iterdir()])}
    (out / SUMMARY_FILE).write_text(
        json.dumps(summary, indent=2, ensure_ascii=False, default=str) + "\n"
    )
