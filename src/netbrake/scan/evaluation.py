"""``netbrake eval``: a scan's results against the synthetic ground truth in ``labels``.

Membership precision/recall/F1, the role confusion matrix, watchdogs wrongly
classed as members (must be zero), per-network recall and purity (each
planted network against the found network that covers most of it), person
linking pairwise precision/recall and evasion coverage (backups of actioned
persons that the plan covers).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pyarrow as pa

from netbrake.enforce import evasion_coverage
from netbrake.identity import score_links
from netbrake.platform import MEMBER_ROLES, ROLES
from netbrake.results import ENFORCEMENT_FILE, PERSONS_FILE, ScanResults
from netbrake.scan.lookup import attach


def _ratio(num: int, den: int) -> float:
    return round(num / den, 6) if den else 1.0


def evaluate(labels: pa.Table, results: Path) -> dict[str, Any]:
    """Every figure of the module doc, as one JSON-ready dict."""
    scan = ScanResults.open(results)
    found = scan.accounts(["account_id", "role", "network_id", "member"])
    joined = attach(
        labels.select(["account_id", "role", "network_id", "person_id"]).rename_columns(
            ["account_id", "true_role", "true_network", "true_person"]
        ),
        found,
        "account_id",
        ["role", "network_id", "member"],
    )
    rows = joined.to_pylist()
    truth = [r["true_role"] in MEMBER_ROLES for r in rows]
    pred = [bool(r["member"]) for r in rows]
    tp = sum(t and p for t, p in zip(truth, pred, strict=True))
    precision, recall = _ratio(tp, sum(pred)), _ratio(tp, sum(truth))
    f1 = round(2 * precision * recall / (precision + recall), 6) if precision + recall else 0.0
    confusion: dict[str, Counter[str]] = defaultdict(Counter)
    for r in rows:
        confusion[r["true_role"]][r["role"] or "benign"] += 1
    role_accuracy = {
        role: _ratio(confusion[role][role], sum(confusion[role].values()))
        for role in ROLES
        if confusion.get(role)
    }
    report: dict[str, Any] = {
        "accounts": len(rows),
        "membership": {
            "true_members": sum(truth),
            "found_members": sum(pred),
            "precision": precision,
            "recall": recall,
            "f1": f1,
        },
        "watchdogs_as_members": sum(
            1 for r, p in zip(rows, pred, strict=True) if p and r["true_role"] == "watchdog"
        ),
        "touched_as_members": sum(
            1 for r, p in zip(rows, pred, strict=True) if p and r["true_role"] == "touched"
        ),
        "role_accuracy": role_accuracy,
        "confusion": {t: dict(sorted(c.items())) for t, c in sorted(confusion.items())},
        "networks": _networks(rows),
    }
    if scan.has(PERSONS_FILE):
        link = score_links(scan.persons(), labels)
        report["linking"] = {
            "precision": round(link.precision, 6),
            "recall": round(link.recall, 6),
            "true_pairs": link.true_pairs,
            "predicted_pairs": link.predicted_pairs,
            "merged_persons": link.merged_persons,
        }
    if scan.has(ENFORCEMENT_FILE):
        coverage = evasion_coverage(scan.decisions(), labels)
        report["evasion"] = {
            "backups": coverage.backups,
            "backups_of_actioned_persons": coverage.backups_of_actioned_persons,
            "covered": coverage.covered,
            "share": round(coverage.share, 6),
        }
    return report


def _networks(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    planted: dict[int, list[dict[str, Any]]] = defaultdict(list)
    found_sizes: Counter[int] = Counter()
    for r in rows:
        if r["true_network"] is not None and r["true_role"] in MEMBER_ROLES:
            planted[int(r["true_network"])].append(r)
        if r["member"] and r["network_id"] is not None:
            found_sizes[int(r["network_id"])] += 1
    out = []
    for net_id, members in sorted(planted.items()):
        hits = Counter(
            int(r["network_id"]) for r in members if r["member"] and r["network_id"] is not None
        )
        best, overlap = hits.most_common(1)[0] if hits else (None, 0)
        out.append(
            {
                "planted_network": net_id,
                "size": len(members),
                "found_network": best,
                "recall": _ratio(sum(1 for r in members if r["member"]), len(members)),
                "purity": _ratio(overlap, found_sizes[best]) if best is not None else 0.0,
                "split_into": len(hits),
            }
        )
    return out
