"""``netbrake scan`` end to end on synthetic platforms: quality targets and contracts."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from netbrake.errors import InputError, ThresholdExceeded
from netbrake.policy import Policy
from netbrake.scan import STAGES, ScanRequest, read_seeds, scan
from netbrake.scan.evaluation import evaluate
from netbrake.synth import SynthConfig, generate
from netbrake.text import default_matcher

SECRET = b"scan-test"
RESULT_FILES = (
    "accounts.parquet",
    "networks.json",
    "enforcement.jsonl",
    "quarantine.jsonl",
    "summary.json",
    "persons.parquet",
    "evidence.parquet",
    "hits.parquet",
)


@pytest.fixture(scope="module")
def matcher():
    return default_matcher()


def _platform(tmp: Path, seed: int, accounts: int = 4000, **kw) -> Path:
    out = tmp / f"export-{seed}-{accounts}"
    generate(SynthConfig(accounts=accounts, seed=seed, **kw), out)
    return out


def _scan(src: Path, out: Path, matcher, **kw) -> dict:
    return scan(ScanRequest(src, out, Policy.load(), SECRET, matcher=matcher, **kw))


@pytest.fixture(scope="module")
def scanned(tmp_path_factory, matcher):
    tmp = tmp_path_factory.mktemp("scan")
    src = _platform(tmp, seed=101, accounts=6000)
    out = tmp / "results"
    summary = _scan(src, out, matcher)
    return src, out, summary


def test_results_folder_holds_the_contract_files(scanned):
    _, out, summary = scanned
    for name in RESULT_FILES:
        assert (out / name).is_file(), name
    columns = pq.read_schema(out / "accounts.parquet").names
    assert columns[:7] == [
        "account_id",
        "score",
        "role",
        "network_id",
        "person_id",
        "action",
        "reasons",
    ]
    assert json.loads((out / "summary.json").read_text())["accounts"] == summary["accounts"]
    assert tuple(summary["seconds"]) == STAGES
    assert not list(out.parent.glob(".results.partial-*")), "no temporary folder is left behind"


@pytest.mark.parametrize(("seed", "rate"), [(202, 0.5), (303, 0.5), (404, 0.01)])
def test_quality_targets_on_unseen_platforms(tmp_path, matcher, seed, rate):
    src = _platform(tmp_path, seed=seed, indicator_rate=rate)
    out = tmp_path / "results"
    _scan(src, out, matcher)
    report = evaluate(pq.read_table(out / "dataset" / "labels.parquet"), out)
    assert report["watchdogs_as_members"] == 0
    if rate >= 0.5:
        assert report["membership"]["f1"] >= 0.95, report["membership"]
        assert report["role_accuracy"]["seller"] >= 0.9
        assert report["role_accuracy"]["buyer"] >= 0.9
    assert report["linking"]["precision"] >= 0.99
    assert report["linking"]["recall"] >= 0.95
    assert report["evasion"]["share"] >= 0.95


def test_networks_json_summarises_each_network(scanned):
    _, out, summary = scanned
    networks = json.loads((out / "networks.json").read_text())
    assert len(networks) == summary["networks"] >= 2
    for net in networks:
        assert net["size"] == sum(net["roles"].values())
        assert net["central_accounts"]
        assert net["seller_followers"] >= net["roles"].get("buyer", 0) > 0


def test_every_acting_decision_is_explained(scanned):
    _, out, _ = scanned
    for line in (out / "enforcement.jsonl").read_text().splitlines():
        decision = json.loads(line)
        assert decision["reason"]
        assert decision["policy_version"]
        assert decision["actions"]


def test_minor_sellers_are_safeguarded_and_never_removed_automatically(scanned):
    _, out, _ = scanned
    rows = pq.read_table(out / "accounts.parquet").to_pylist()
    decisions = {}
    for line in (out / "enforcement.jsonl").read_text().splitlines():
        decision = json.loads(line)
        decisions[decision["decision_id"]] = decision
    minors = [
        r
        for r in rows
        if r["role"] == "seller" and r["stated_age"] is not None and r["stated_age"] < 18
    ]
    assert minors
    for row in minors:
        account = decisions[row["decision_id"]]
        assert "remove_account" not in account["actions"]
        # Safeguarding and the clearinghouse report are person-level actions.
        person = (
            decisions[account["parent_decision_id"]]
            if account.get("parent_decision_id")
            else account
        )
        assert {"safeguard", "report_clearinghouse"} <= set(person["actions"])


def test_empty_seed_platform_gives_an_explained_empty_result(
    tmp_path, matcher, write_export, small_platform
):
    src = write_export(small_platform, "csv")
    summary = _scan(src, tmp_path / "r", matcher)
    assert summary["members"] == 0
    assert summary["networks"] == 0
    assert "seed" in summary["mapping"]


def test_seeds_file_is_read_with_comments(tmp_path):
    path = tmp_path / "seeds.txt"
    path.write_text("# from a hash match\na1\n\n a2  # report r9\n")
    assert read_seeds(path) == ("a1", "a2")
    with pytest.raises(InputError, match="cannot read seeds file"):
        read_seeds(tmp_path / "missing.txt")


def test_failed_scan_leaves_no_results(tmp_path, matcher, write_export, small_platform):
    small_platform["edges"][0]["kind"] = "hug"
    src = write_export(small_platform, "csv")
    out = tmp_path / "results"
    with pytest.raises(ThresholdExceeded):
        _scan(src, out, matcher, max_bad_fraction=0.0)
    assert not out.exists()
    assert not list(tmp_path.glob(".results.partial-*"))
