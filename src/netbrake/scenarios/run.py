"""Run ``netbrake scan`` on a scenario through the library and score it.

The scan is the one the CLI runs (`netbrake.engines.scan`) with the
scenario's ``--seeds``. For ``reports_only`` (reports as evidence, F7) the
evaluation then plays the reviewer: it upholds the scan's report candidates
that are true members (a reviewer who is always right, so the figure
measures the detector, not the reviewer) and scans again with them as
seeds; the second scan is the one scored.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pyarrow.compute as pc
import pyarrow.parquet as pq

from netbrake.platform import MEMBER_ROLES
from netbrake.policy import Policy
from netbrake.scan import PipelineSettings, ScanRequest, scan
from netbrake.scenarios.export import write
from netbrake.scenarios.plant import Scenario
from netbrake.scenarios.results import report_candidates
from netbrake.scenarios.score import Score, measure
from netbrake.text import Matcher

SECRET = b"netbrake-scenarios"
#: Scans run "as of" a fixed instant so that results are reproducible.
NOW = datetime(2025, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Scanner:
    """What every scan of an evaluation shares: the policy and its compiled matcher."""

    policy: Policy
    matcher: Matcher

    @classmethod
    def default(cls) -> Scanner:
        policy = Policy.load()
        return cls(policy, Matcher.from_policy(policy))

    @property
    def seed_min(self) -> float:
        return PipelineSettings.from_policy(self.policy).signals.seed_min

    def scan(self, export: Path, out: Path, seeds: Sequence[str]) -> Path:
        request = ScanRequest(
            export, out, self.policy, SECRET, seeds=tuple(seeds), matcher=self.matcher, now=NOW
        )
        scan(request)
        return out


def evaluate(scenario: Scenario, work: Path, scanner: Scanner | None = None) -> Score:
    """Write ``scenario`` under ``work``, scan it (twice for a reviewed scenario), score it."""
    scanner = scanner or Scanner.default()
    export = write(scenario, work / "export")
    seeds = list(scenario.seeds)
    results = scanner.scan(export, work / "results", seeds)
    candidates: list[str] | None = None
    upheld: list[str] = []
    if scenario.spec.review:
        candidates = report_candidates(results)
        truth = scenario.truth
        is_member = pc.is_in(truth.column("label_role"), value_set=pc.cast(MEMBER_ROLES, "string"))
        members = set(truth.column("account_id").filter(is_member).to_pylist())
        upheld = [c for c in candidates or [] if c in members]
        if upheld:
            seeds = list(dict.fromkeys([*seeds, *upheld]))
            results = scanner.scan(export, work / "reviewed", seeds)
    return measure(
        results,
        scenario.truth,
        scenario=scenario.name,
        backdrop=scenario.backdrop,
        seed=scenario.seed,
        given_seeds=seeds,
        seed_min=scanner.seed_min,
        expect_breaker=scenario.spec.expect_breaker,
        report_candidates=None if candidates is None else len(candidates),
        upheld=len(upheld),
    )


def evaluate_synth(accounts: int, seed: int, work: Path, scanner: Scanner | None = None) -> Score:
    """synth's own platform scored the same way: the anchor the scenarios are compared with."""
    from netbrake.synth import SynthConfig, generate

    scanner = scanner or Scanner.default()
    export = work / "export"
    generate(SynthConfig(accounts=accounts, seed=seed), export)
    results = scanner.scan(export, work / "results", [])
    return measure(
        results,
        pq.read_table(export / "labels.parquet"),
        scenario="synth",
        backdrop=f"synth-{accounts // 1000}k",
        seed=seed,
        seed_min=scanner.seed_min,
    )
