"""On a scanned synthetic platform: no network account passes, few benign ones are dropped,
and the recommendation safety audit measures zero guarded exposure ."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import pytest

from netbrake.audit import (
    ProbeSettings,
    TextProbes,
    guard_from_engine,
    lexicon_probe_queries,
    reference_recommenders,
    run_audit,
)
from netbrake.guard import GuardEngine
from netbrake.platform import MEMBER_ROLES, Dataset
from netbrake.policy import Policy
from netbrake.scan import ScanRequest, scan
from netbrake.synth import SynthConfig, generate

ACCOUNT_SURFACES = ("suggested_accounts", "explore", "feed_recommendations", "notifications")


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, GuardEngine, dict[str, str]]:
    tmp = tmp_path_factory.mktemp("guard-synth")
    generate(SynthConfig(accounts=3000, seed=23), tmp / "export")
    scan(ScanRequest(tmp / "export", tmp / "results", Policy.load(), b"guard-test"))
    labels = pq.read_table(tmp / "export" / "labels.parquet").to_pylist()
    return tmp, GuardEngine(results=tmp / "results"), {r["account_id"]: r["role"] for r in labels}


@pytest.mark.parametrize("surface", ACCOUNT_SURFACES)
def test_no_network_account_is_ever_kept(world: tuple[Path, GuardEngine, dict[str, str]],
                                         surface: str) -> None:  # fmt: skip
    """No mapped member is ever kept; the planted members the scan does not map (growth is
    bounded by evidence: a trader that only messages two buyers has no contact with the
    evidence core) are at most 2% of them."""
    tmp, engine, roles = world
    mapped = {
        r["account_id"]
        for r in pq.read_table(tmp / "results" / "accounts.parquet").to_pylist()
        if r["member"]
    }
    planted = {a for a, role in roles.items() if role in MEMBER_ROLES}
    assert len(planted - mapped) <= 0.02 * len(planted)
    everyone = sorted(roles)
    viewers = everyone[::97]
    for viewer in viewers:
        kept = engine.filter_recommendations(viewer, everyone, surface).kept
        assert not [k for k in kept if k in mapped]
        assert not [k for k in kept if roles[k] in MEMBER_ROLES and k not in planted - mapped]


def test_benign_candidates_are_rarely_dropped_for_benign_viewers(
    world: tuple[Path, GuardEngine, dict[str, str]],
) -> None:
    _, engine, roles = world
    benign = sorted(a for a, r in roles.items() if r == "benign")
    dropped = total = 0
    for viewer in benign[::53]:
        result = engine.filter_recommendations(viewer, benign)
        dropped += len(result.dropped)
        total += len(benign)
    assert dropped / total <= 0.005


def test_audit_measures_no_guarded_exposure(
    world: tuple[Path, GuardEngine, dict[str, str]],
) -> None:
    tmp, engine, _ = world
    dataset = Dataset.open(tmp / "results" / "dataset")
    probes = ProbeSettings(view_probes=10, follow_probes=5, watchdogs=4, followers_per_watchdog=5,
                           utility_users=30)  # fmt: skip
    text = TextProbes(
        lexicon_probe_queries(),
        search_guard=lambda q: engine.check_search(q).action.value,
        autocomplete_guard=lambda p, done: engine.filter_autocomplete(p, done).kept,
    )
    report = run_audit(dataset, reference_recommenders(dataset), guard_from_engine(engine),
                       probes=probes, admits=engine.admits, text=text)  # fmt: skip
    assert report.exposures
    assert all(e.guarded_suggestions.value == 0 for e in report.exposures)
    assert all(c.guarded.value == 0 for c in report.contamination)
    assert all(t.guarded.value == 0 for t in report.text_surfaces)
