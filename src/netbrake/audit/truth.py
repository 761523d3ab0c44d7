"""`AuditTruth`: who the audit counts as a network member, on a platform without labels.

Exposure is the share of suggestions that are members (F1, F2, F9), so the
audit needs a member set. Synthetic exports carry one (``labels``); a
platform has others, each with a source the report names:

- ``reviewer-decisions``: accounts whose reviewed case ended "violation" in
  the operational store (the console's reviewer outcomes). Reviewers see a
  subset of what the scan flagged, so this set is a *sample*: its
  ``coverage`` is the reviewed share of the flagged-or-reviewed accounts;
- ``scan-members``: the accounts the scan acted on, from a minimum evidence
  level (:data:`EVIDENCE_LEVELS`), read through ``ScanResults``;
- ``labels``: the synthetic ``labels`` table, or a CSV/Parquet file of
  ``account_id`` (optionally ``role``) the platform keeps.

A sampled truth undercounts members among suggestions by its coverage;
:mod:`netbrake.audit.estimate` scales the counts back and widens the
interval (docs/audit.md "Ground truth").

A truth keeps two sets apart: ``members``, the sample it *counts*, and its
``frame``, every member it knows of and where each sits (``roles``,
``networks``: the scan's placement or the labels). The probes are designed
on the frame alone, so which members were sampled never changes what the
probes view or follow, only what is counted (F1, F9; docs/audit.md
"Sampled truth").
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
from sqlalchemy import select

from netbrake.enforce import Action, Decision
from netbrake.errors import InputError, Location
from netbrake.platform import MEMBER_ROLES, Dataset
from netbrake.results import ScanResults
from netbrake.store import CaseReviewRow, CaseRow, Store

#: Where a truth set comes from, as reports name it.
TRUTH_SOURCES = ("reviewer-decisions", "scan-members", "labels")
#: ``--min-evidence`` levels, weakest first: any acting decision; one the scan
#: took without asking for a human review; that and a confidence of 0.9 or more.
EVIDENCE_LEVELS = ("flagged", "confident", "strong")
STRONG_CONFIDENCE = 0.9
#: Verdicts that settle whether a reviewed account is a member.
_SETTLED = ("violation", "no_violation")


@dataclass(frozen=True)
class AuditTruth:
    """The member set the audit counts, the frame its probes are designed on, and its source.

    ``coverage`` is the estimated share of the platform's members the set
    holds: 1.0 for a complete set, below 1 when ``sampled``. ``known`` is the
    design frame, every member known (``None``: ``members`` themselves);
    ``roles`` and ``networks`` optionally place frame members (as the scan
    did): the probes then follow a network's seller first and take down per
    network, as on labels.

    Invariant: the probe design (the members viewed, the follow paths with
    their seller first, the takedown) is a function of the frame and its
    placement only, and :meth:`sample` keeps both, so a sample and the truth
    it was drawn from probe alike; only the counting differs (F1, F9).
    """

    members: frozenset[str]
    source: str
    description: str
    sampled: bool = False
    coverage: float = 1.0
    roles: Mapping[str, str] = field(default_factory=dict)
    networks: Mapping[str, int] = field(default_factory=dict)
    known: frozenset[str] | None = None

    def __post_init__(self) -> None:
        if self.source not in TRUTH_SOURCES:
            raise ValueError(f"unknown truth source {self.source!r}")
        if not 0.0 < self.coverage <= 1.0:
            raise ValueError(f"coverage {self.coverage} not within (0, 1]")
        if not self.members <= self.frame:
            raise ValueError("a truth counts only members of its frame")

    @property
    def frame(self) -> frozenset[str]:
        """Every member the truth knows of, sampled or not: what the probes are designed on."""
        return self.members if self.known is None else self.known

    def require_members(self) -> AuditTruth:
        """This truth, or the one-line error an empty member set is (nothing to measure)."""
        if not self.members:
            raise InputError(
                f"the audit's ground truth is empty: {self.description}",
                Location(field="--truth"),
            )
        return self

    def sample(self, size: int, seed: int = 0) -> AuditTruth:
        """``size`` members drawn at random (seeded): a sampled truth, its coverage scaled.

        The frame and its placement stay as they are: the sample changes what
        is counted, never how the probes are designed.
        """
        if size <= 0:
            raise InputError(
                "the truth sample needs at least one member", Location(field="--truth-sample")
            )
        if size >= len(self.members):
            return self
        ordered = sorted(self.members)
        rng = np.random.default_rng([seed, 11])
        chosen = frozenset(ordered[i] for i in rng.choice(len(ordered), size, replace=False))
        return dataclasses.replace(
            self,
            members=chosen,
            known=self.frame,
            sampled=True,
            coverage=self.coverage * size / len(ordered),
            description=f"{self.description}; a random sample of {size:,} of {len(ordered):,}",
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "description": self.description,
            "members": len(self.members),
            "sampled": self.sampled,
            "coverage": round(self.coverage, 6),
        }


def _account_ids(dataset: Dataset) -> frozenset[str]:
    return frozenset(dataset.table("accounts", ["account_id"]).column(0).to_pylist())


def truth_from_labels(dataset: Dataset) -> AuditTruth:
    """The synthetic export's labelled members (roles seller, buyer, ... backup)."""
    labels = dataset.labels()
    if labels is None:
        raise InputError(
            "the audit needs ground truth: no labels table (synthetic exports only); "
            "use --db (reviewer decisions), --truth scan or --labels FILE",
            Location(dataset.path),
        )
    keep = pc.is_in(labels.column("role"), value_set=pa.array(MEMBER_ROLES))
    members = frozenset(labels.filter(keep).column("account_id").to_pylist())
    return AuditTruth(
        members, "labels", f"labels table of {dataset.path}: {len(members):,} members"
    )


def truth_from_labels_file(path: Path, dataset: Dataset) -> AuditTruth:
    """Members listed in a CSV or Parquet file: ``account_id``, optionally ``role``.

    With a ``role`` column only member roles count. Rows without an id and
    ids the export does not hold are left out and counted in the description.
    """
    if not path.is_file():
        raise InputError("labels file not found", Location(path))
    try:
        table = pq.read_table(path) if path.suffix == ".parquet" else pacsv.read_csv(path)
    except (pa.ArrowInvalid, OSError) as exc:
        reason = str(exc).strip().splitlines()[0]
        raise InputError(f"cannot read the labels file: {reason}", Location(path)) from exc
    if "account_id" not in table.column_names:
        raise InputError("column missing", Location(path, field="account_id"))
    ids = [None if v is None else str(v).strip() for v in table.column("account_id").to_pylist()]
    roles = (
        [str(r) for r in table.column("role").to_pylist()]
        if "role" in table.column_names
        else [MEMBER_ROLES[0]] * len(ids)
    )
    known = _account_ids(dataset)
    listed = [a for a, r in zip(ids, roles, strict=True) if a and r in MEMBER_ROLES]
    members = frozenset(a for a in listed if a in known)
    blank = sum(not a for a in ids)
    unknown = len(set(listed) - members)
    skipped = [f"{blank:,} rows without account_id"] if blank else []
    skipped += [f"{unknown:,} ids not in the export"] if unknown else []
    extra = f" (left out: {', '.join(skipped)})" if skipped else ""
    return AuditTruth(members, "labels", f"labels file {path}: {len(members):,} members{extra}")


def _level_met(decision: Decision, level: str) -> bool:
    if not any(a is not Action.NONE for a in decision.actions):
        return False
    if level == "flagged":
        return True
    if decision.needs_human_review:
        return False
    return level == "confident" or (decision.confidence or 0.0) >= STRONG_CONFIDENCE


def _decision_accounts(decision: Decision) -> list[str]:
    """The accounts a decision covers: its subject, or a person decision's accounts."""
    if decision.subject_kind == "account":
        return [decision.subject_id]
    accounts = decision.evidence.get("accounts")
    return [str(a) for a in accounts] if isinstance(accounts, list) else []


def scan_flagged(results: Path, level: str = "flagged") -> frozenset[str]:
    """Accounts with an acting decision of the scan at ``level`` or above."""
    if level not in EVIDENCE_LEVELS:
        raise InputError(
            f"unknown evidence level {level!r} (expected {', '.join(EVIDENCE_LEVELS)})",
            Location(field="--min-evidence"),
        )
    decisions, _ = ScanResults.open(results).read_decisions()
    return frozenset(a for d in decisions if _level_met(d, level) for a in _decision_accounts(d))


def scan_placement(
    results: Path, members: frozenset[str]
) -> tuple[Mapping[str, str], Mapping[str, int]]:
    """The scan's role and network of the ``members`` it placed in a network."""
    table = ScanResults.open(results).accounts(["account_id", "role", "network_id"])
    roles: dict[str, str] = {}
    networks: dict[str, int] = {}
    for a, r, n in zip(*(table.column(c).to_pylist() for c in table.column_names), strict=True):
        if a in members and r in MEMBER_ROLES:
            roles[a] = r
            if n is not None:
                networks[a] = int(n)
    return MappingProxyType(roles), MappingProxyType(networks)


def truth_from_scan(results: Path, dataset: Dataset, level: str = "flagged") -> AuditTruth:
    """The scan's members at ``level`` or above (``enforcement.jsonl`` through ``ScanResults``)."""
    members = scan_flagged(results, level) & _account_ids(dataset)
    roles, networks = scan_placement(results, members)
    return AuditTruth(
        members,
        "scan-members",
        f"scan members of {results} at evidence level {level!r} or above: {len(members):,} accounts",
        roles=roles,
        networks=networks,
    )


def reviewed_accounts(store: Store) -> dict[str, bool]:
    """Account -> upheld, from the last settling review of each account's cases.

    A case's latest review wins (a second or quality review overrules the
    first); an escalation settles nothing. Across an account's cases the
    latest settled one counts.
    """
    query = (
        select(CaseRow.target_id, CaseReviewRow.verdict)
        .join(CaseRow, CaseRow.id == CaseReviewRow.case_id)
        .where(CaseRow.target_kind == "account", CaseReviewRow.verdict.in_(_SETTLED))
        .order_by(CaseReviewRow.created_at, CaseReviewRow.id)
    )
    with store.read() as session:
        return {str(t): v == "violation" for t, v in session.execute(query)}


def truth_from_reviews(
    store: Store, results: Path, dataset: Dataset, *, where: str = "the store"
) -> AuditTruth:
    """Upheld members from reviewer decisions, a sample of the flagged-or-reviewed accounts.

    Reviewers reach part of what the scan flagged; taking what they reviewed
    as a random draw of that population, ``coverage`` = reviewed / (flagged
    or reviewed) is the share of members the upheld set holds. The frame is
    the upheld members and every other account of the population the scan
    placed in a network, less those reviewers cleared: the probes start from
    the scan's sellers whether or not a reviewer reached them.
    """
    accounts = _account_ids(dataset)
    reviewed = {a: u for a, u in reviewed_accounts(store).items() if a in accounts}
    members = frozenset(a for a, upheld in reviewed.items() if upheld)
    population = scan_flagged(results) & accounts | set(reviewed)
    coverage = len(reviewed) / len(population) if population else 1.0
    cleared = {a for a, upheld in reviewed.items() if not upheld}
    roles, networks = scan_placement(results, frozenset(population - cleared))
    return AuditTruth(
        members,
        "reviewer-decisions",
        f"reviewer decisions in {where}: {len(members):,} upheld of {len(reviewed):,} reviewed "
        f"accounts, {coverage:.1%} of the {len(population):,} flagged or reviewed",
        sampled=coverage < 1.0,
        coverage=coverage if members else 1.0,
        roles=roles,
        networks=networks,
        known=members | frozenset(roles),
    )
