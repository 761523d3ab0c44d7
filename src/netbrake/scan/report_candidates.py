"""Report candidates: accounts that credible reporters point at, for a reviewer to judge.

F7 (user reports silently lost) and F10 (networks mapped from a
few seeds): child-safety reports from several distinct, credible reporters
are evidence that a reviewer should look at an account, never a decision.
A reporter counts once per person (accounts linked to one person, such as
sockpuppets sharing a device, are one reporter), and not at all when it is
a member of a mapped network itself or a mass reporter (a brigade reporting
hundreds of accounts). An account reported by at least ``min_reporters`` of
them becomes a candidate in ``report_candidates.jsonl`` with its network
context; a reviewer who upholds it passes it back as a seed (``--seeds``),
and expansion from it does the rest.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from netbrake.graph import Graph
from netbrake.results import REPORT_CANDIDATES_FILE as REPORT_CANDIDATES_FILE

CHILD_SAFETY = "child_safety"


@dataclass(frozen=True)
class CandidateRules:
    """``min_reporters`` distinct credible reporters make a candidate; a reporter of
    more than ``mass_targets`` distinct accounts is a mass reporter and does not count."""

    min_reporters: int = 2
    mass_targets: int = 100


@dataclass(frozen=True)
class ReportCandidates:
    """The candidates (one dict per account, most reporters first) and what was excluded."""

    rows: tuple[dict[str, Any], ...]
    credible_reporters: int
    mass_reporters: int
    member_reporters: int

    def summary(self) -> dict[str, Any]:
        return {
            "file": REPORT_CANDIDATES_FILE,
            "candidates": len(self.rows),
            "not_yet_members": sum(1 for r in self.rows if r["network_id"] is None),
            "credible_reporters": self.credible_reporters,
            "mass_reporters_ignored": self.mass_reporters,
            "member_reporters_ignored": self.member_reporters,
        }

    def write(self, out: Path) -> None:
        with (out / REPORT_CANDIDATES_FILE).open("w", encoding="utf-8") as f:
            for row in self.rows:
                f.write(json.dumps(row, ensure_ascii=False) + "\n")


def _persons_of(persons: pa.Table, accounts: pa.Array) -> Mapping[str, str]:
    """account_id -> person_id for ``accounts`` only (``persons``: account_id, person_id)."""
    rows = persons.filter(pc.is_in(persons.column("account_id"), accounts))
    return dict(
        zip(
            rows.column("account_id").to_pylist(), rows.column("person_id").to_pylist(), strict=True
        )
    )


def report_candidates(
    reports: pa.Table,
    mapped: pa.Table,
    persons: pa.Table,
    graph: Graph,
    rules: CandidateRules | None = None,
) -> ReportCandidates:
    """Candidates from ``reports`` (contract table), given the mapping's ``mapped`` accounts
    (account_id, network_id, role) and the persons table (account_id, person_id)."""
    r = rules or CandidateRules()
    if not reports.num_rows:
        return ReportCandidates((), 0, 0, 0)
    reporter_ids = reports.column("reporter_id").to_pylist()
    target_ids = reports.column("target_id").to_pylist()
    targets_of: dict[str, set[str]] = defaultdict(set)
    rows = zip(
        reporter_ids,
        target_ids,
        reports.column("target_kind").to_pylist(),
        reports.column("reason").to_pylist(),
        strict=True,
    )
    for reporter, target, kind, reason in rows:
        if kind == "account" and reason == CHILD_SAFETY and reporter and target:
            targets_of[reporter].add(target)
    reported = pa.array(sorted({t for t in target_ids if t}), pa.string())
    person_of = _persons_of(
        persons, pa.array(sorted({a for a in (*reporter_ids, *target_ids) if a}), pa.string())
    )
    # Only accounts in a network or reported need looking up: a few thousand of millions.
    wanted = pc.or_(
        pc.is_valid(mapped.column("network_id")),
        pc.is_in(mapped.column("account_id"), reported),
    )
    near = mapped.filter(wanted).select(["account_id", "network_id", "role"]).to_pylist()
    network = {r["account_id"]: r["network_id"] for r in near}
    role = {r["account_id"]: r["role"] for r in near}
    mass = {a for a, t in targets_of.items() if len(t) > r.mass_targets}
    members = {a for a in targets_of if network.get(a) is not None}
    credible = {a: t for a, t in targets_of.items() if a not in mass and a not in members}
    by_target: dict[str, set[str]] = defaultdict(set)
    for reporter, targets in credible.items():
        person = person_of.get(reporter, reporter)
        for target in targets:
            if person_of.get(target, target) != person:
                by_target[target].add(person)
    chosen = sorted(
        (t for t, people in by_target.items() if len(people) >= r.min_reporters),
        key=lambda t: (-len(by_target[t]), t),
    )
    linked = _links_among(graph, chosen)
    out = tuple(
        {
            "account_id": t,
            "reporters": len(by_target[t]),
            "network_id": network.get(t),
            "role": role.get(t, "benign"),
            "candidates_in_contact": linked.get(t, 0),
            "status": "candidate",
            "reason": (
                f"reported for child safety by {len(by_target[t])} distinct reporters "
                "(not members, not one person, not mass reporters): review before any action"
            ),
        }
        for t in chosen
    )
    return ReportCandidates(out, len(credible), len(mass), len(members))


def _links_among(graph: Graph, accounts: list[str]) -> dict[str, int]:
    """For each account: how many of the other ``accounts`` it is in contact with."""
    if not accounts:
        return {}
    nodes = graph.index_of(accounts)
    known = {int(v): a for v, a in zip(nodes.tolist(), accounts, strict=True) if v >= 0}
    counts: dict[str, int] = {}
    for v, account in known.items():
        neighbours: set[int] = set()
        for matrix in (graph.contact_out, graph.contact_in):
            neighbours.update(matrix.indices[matrix.indptr[v] : matrix.indptr[v + 1]].tolist())
        counts[account] = len((neighbours & known.keys()) - {v})
    return counts
