"""`Score`: one scan of one scenario against its ground truth, and the targets.

Membership is "flagged in a network" (``member`` in ``accounts.parquet``).
The figures are the detection targets (docs/detection.md), the same for the
scarce-text scenarios: membership precision, recall and F1; the share of touched users
flagged as members; watchdogs flagged (as members or given any action);
the share of ordinary accounts (``benign`` in ``labels``) given any action
in the plan; networks in which no member carries strong evidence; and
whether the circuit breaker fired.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from netbrake.enforce import IRREVERSIBLE
from netbrake.platform import MEMBER_ROLES
from netbrake.results import ACCOUNTS_FILE, ScanResults
from netbrake.scenarios.results import breaker_fired, strong_anchors, summary

#: The detection targets, in every scenario and every seed (docs/detection.md).
MIN_F1 = 0.98
MAX_TOUCHED_SHARE = 0.02
MAX_WATCHDOGS = 0
MAX_ACTIONED_SHARE = 0.005
MAX_NETWORKS_WITHOUT_STRONG = 0
#: Removal and clearinghouse reports: what the circuit breaker withholds.
IRREVERSIBLE_ACTIONS = frozenset(str(a) for a in IRREVERSIBLE)


def _ratio(num: int, den: int) -> float:
    return num / den if den else 1.0


@dataclass(frozen=True)
class Score:
    """The evaluation figures of one scan. ``breaker_fired`` is None when the results do
    not say; ``report_candidates`` is None when the scan wrote no review queue."""

    scenario: str
    backdrop: str
    seed: int
    accounts: int
    true_members: int
    found_members: int
    true_positives: int
    touched: int
    touched_flagged: int
    watchdogs: int
    watchdogs_flagged: int
    ordinary: int
    ordinary_actioned: int
    ordinary_irreversible: int
    networks: int
    networks_without_strong_evidence: int
    breaker_fired: bool | None
    expect_breaker: bool = False
    report_candidates: int | None = None
    upheld: int = 0

    @property
    def precision(self) -> float:
        return _ratio(self.true_positives, self.found_members)

    @property
    def recall(self) -> float:
        return _ratio(self.true_positives, self.true_members)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def touched_share(self) -> float:
        return self.touched_flagged / self.touched if self.touched else 0.0

    @property
    def actioned_share(self) -> float:
        return self.ordinary_actioned / self.ordinary if self.ordinary else 0.0

    def misses(self) -> list[str]:
        """The targets this scan misses, one sentence each (empty: all met).

        A scan handed a flood on purpose (``expect_breaker``) has two targets: the
        breaker fires, and no ordinary account is removed or reported.
        """
        if self.expect_breaker:
            flood = [] if self.breaker_fired else ["circuit breaker did not fire on a flood"]
            if self.ordinary_irreversible:
                flood.append(f"{self.ordinary_irreversible} ordinary accounts removed or reported")
            return flood
        out = []
        if self.f1 < MIN_F1:
            out.append(
                f"F1 {self.f1:.3f} < {MIN_F1} (precision {self.precision:.3f}, "
                f"recall {self.recall:.3f}; {self.found_members} flagged, "
                f"{self.true_members} true members)"
            )
        if self.touched_share > MAX_TOUCHED_SHARE:
            out.append(
                f"{self.touched_flagged} of {self.touched} touched users flagged "
                f"({self.touched_share:.1%} > {MAX_TOUCHED_SHARE:.0%})"
            )
        if self.watchdogs_flagged > MAX_WATCHDOGS:
            out.append(f"{self.watchdogs_flagged} watchdogs flagged")
        if self.actioned_share > MAX_ACTIONED_SHARE:
            out.append(
                f"{self.ordinary_actioned} of {self.ordinary} ordinary accounts actioned "
                f"({self.actioned_share:.2%} > {MAX_ACTIONED_SHARE:.1%})"
            )
        if self.networks_without_strong_evidence > MAX_NETWORKS_WITHOUT_STRONG:
            out.append(
                f"{self.networks_without_strong_evidence} of {self.networks} networks "
                "without strong evidence"
            )
        if self.breaker_fired is not self.expect_breaker:
            state = "absent from summary.json" if self.breaker_fired is None else self.breaker_fired
            out.append(f"circuit breaker fired: {state}, expected {self.expect_breaker}")
        return out

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data.update(
            precision=round(self.precision, 6),
            recall=round(self.recall, 6),
            f1=round(self.f1, 6),
            touched_share=round(self.touched_share, 6),
            actioned_share=round(self.actioned_share, 6),
        )
        return data


def measure(
    results: Path,
    truth: pa.Table,
    *,
    scenario: str,
    backdrop: str,
    seed: int,
    given_seeds: Iterable[str] = (),
    seed_min: float = 0.8,
    expect_breaker: bool = False,
    report_candidates: int | None = None,
    upheld: int = 0,
) -> Score:
    """Score the RESULTS folder ``results`` against ``truth`` (a ``labels`` table, or a
    scenario's ``truth.parquet``: the contract role is ``label_role`` when present)."""
    role_column = "label_role" if "label_role" in truth.column_names else "role"
    role = dict(
        zip(
            truth.column("account_id").to_pylist(),
            truth.column(role_column).to_pylist(),
            strict=True,
        )
    )
    wanted = ["account_id", "member", "network_id", "action", "actions"]
    scan = ScanResults.open(results)
    names = pq.read_schema(scan.file(ACCOUNTS_FILE)).names
    rows = scan.accounts([c for c in wanted if c in names]).to_pylist()
    anchors = strong_anchors(results, given_seeds, seed_min)
    counts: dict[str, int] = defaultdict(int)
    networks: dict[int, bool] = {}
    for row in rows:
        r = role.get(row["account_id"], "benign")
        member = bool(row["member"]) if "member" in row else row.get("network_id") is not None
        acted = row.get("action") not in (None, "none")
        counts[f"is_{r}"] += 1
        counts["true_members"] += r in MEMBER_ROLES
        counts["found"] += member
        counts["tp"] += member and r in MEMBER_ROLES
        counts["touched_flagged"] += member and r == "touched"
        counts["watchdogs_flagged"] += (member or acted) and r == "watchdog"
        counts["ordinary_actioned"] += acted and r == "benign"
        taken = set(row.get("actions") or ())
        counts["ordinary_irreversible"] += bool(taken & IRREVERSIBLE_ACTIONS) and r == "benign"
        if member and row.get("network_id") is not None:
            net = int(row["network_id"])
            networks[net] = networks.get(net, False) or row["account_id"] in anchors
    return Score(
        scenario=scenario,
        backdrop=backdrop,
        seed=seed,
        accounts=len(rows),
        true_members=counts["true_members"],
        found_members=counts["found"],
        true_positives=counts["tp"],
        touched=counts["is_touched"],
        touched_flagged=counts["touched_flagged"],
        watchdogs=counts["is_watchdog"],
        watchdogs_flagged=counts["watchdogs_flagged"],
        ordinary=counts["is_benign"],
        ordinary_actioned=counts["ordinary_actioned"],
        ordinary_irreversible=counts["ordinary_irreversible"],
        networks=len(networks),
        networks_without_strong_evidence=sum(1 for strong in networks.values() if not strong),
        breaker_fired=breaker_fired(summary(results)),
        expect_breaker=expect_breaker,
        report_candidates=report_candidates,
        upheld=upheld,
    )
