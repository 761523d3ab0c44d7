"""`ScanResults`: one reader, one-line errors naming file, row and field (docs/results.md "Errors")."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from tests.cli_process import run_netbrake

from netbrake.enforce import Action, Decision, write_enforcement_jsonl
from netbrake.errors import InputError
from netbrake.results import RESULTS_VERSION, ScanResults


def _decision(subject: str) -> Decision:
    return Decision(
        decision_id=f"d-{subject}",
        subject_kind="account",
        subject_id=subject,
        person_id=f"p-{subject}",
        actions=(Action.REMOVE_CONTENT,),
        role="seller",
        reason="seller in network 0: content removal",
        rule_id="enforce.seller",
        policy_version="test",
        confidence=0.9,
        needs_human_review=False,
        evidence={"text_hits": [], "identifier_hashes": ["ab" * 32]},
        created_at=datetime(2024, 5, 1, tzinfo=UTC),
    )


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A small RESULTS folder with every file the reader knows."""
    out = tmp_path / "results"
    out.mkdir()
    accounts = pa.table({"account_id": ["a1", "a2"], "role": ["seller", "benign"],
                         "network_id": pa.array([0, None], pa.int64())})  # fmt: skip
    pq.write_table(accounts, out / "accounts.parquet")
    write_enforcement_jsonl([_decision("a1")], out / "enforcement.jsonl")
    (out / "networks.json").write_text(json.dumps([{"network_id": 0, "size": 1}]))
    (out / "summary.json").write_text(json.dumps({"results_version": RESULTS_VERSION}))
    (out / "report_candidates.jsonl").write_text('{"account_id": "a2"}\n')
    return out


def test_reads_every_file(folder: Path) -> None:
    results = ScanResults.open(folder)
    assert results.accounts(["account_id"]).column("account_id").to_pylist() == ["a1", "a2"]
    assert [d.subject_id for d in results.decisions()] == ["a1"]
    assert results.networks() == [{"network_id": 0, "size": 1}]
    assert results.summary()["results_version"] == RESULTS_VERSION
    assert results.report_candidates() == [{"account_id": "a2"}]
    assert results.media_matches() is None


def test_missing_folder_and_missing_file(folder: Path, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="results folder not found"):
        ScanResults.open(tmp_path / "nope")
    with pytest.raises(InputError, match=r"missing persons\.parquet \(run `netbrake scan` first\)"):
        ScanResults.open(folder).persons()


@pytest.mark.parametrize(
    ("line", "where"),
    [
        ("{not json", "row 2"),
        ('["a list"]', "row 2"),
        ('{"subject_id": "a"}', "row 2, field 'decision_id'"),
        (json.dumps({**_decision("a3").to_json(), "actions": ["explode"]}), "row 2"),
        (json.dumps({**_decision("a3").to_json(), "created_at": "yesterday"}), "row 2"),
    ],
)
def test_a_decision_row_that_does_not_parse_names_file_row_and_field(
    folder: Path, line: str, where: str
) -> None:
    with (folder / "enforcement.jsonl").open("a") as fh:
        fh.write(line + "\n")
    with pytest.raises(InputError) as caught:
        ScanResults.open(folder).decisions()
    assert caught.value.one_line().startswith(f"{folder / 'enforcement.jsonl'}, {where}")
    # quarantining readers see the same line, with its number, and go on
    rows = list(ScanResults.open(folder).decision_rows())
    assert [r.row for r in rows] == [1, 2]


def test_truncated_files_are_input_errors(folder: Path) -> None:
    data = (folder / "accounts.parquet").read_bytes()
    (folder / "accounts.parquet").write_bytes(data[: len(data) // 2])
    (folder / "networks.json").write_text('[{"network_id": 0,\n "size"')
    results = ScanResults.open(folder)
    with pytest.raises(InputError, match=r"accounts\.parquet: not a readable Parquet file"):
        results.accounts()
    with pytest.raises(InputError, match=r"networks\.json, row 2: not JSON"):
        results.networks()


def test_a_network_without_an_id_names_its_row(folder: Path) -> None:
    (folder / "networks.json").write_text(json.dumps([{"network_id": 0}, {"id": 1}]))
    with pytest.raises(InputError, match=r"networks\.json, row 2, field 'network_id'"):
        ScanResults.open(folder).networks()


def test_a_newer_results_version_is_refused(folder: Path) -> None:
    (folder / "summary.json").write_text(json.dumps({"results_version": RESULTS_VERSION + 1}))
    with pytest.raises(InputError, match="field 'results_version': results version"):
        ScanResults.open(folder)


@pytest.mark.parametrize("kind", ["signals", "cybertip", "dsa"])
def test_every_export_reports_a_truncated_file_in_one_line(
    folder: Path, tmp_path: Path, kind: str
) -> None:
    data = (folder / "accounts.parquet").read_bytes()
    (folder / "accounts.parquet").write_bytes(data[:100])
    proc = run_netbrake("export", kind, str(folder), "--out", str(tmp_path / kind), home=tmp_path)
    assert proc.returncode == 2, proc.stderr
    (line,) = proc.stderr.strip().splitlines()
    assert "accounts.parquet: not a readable Parquet file" in line


def test_a_scan_stamps_every_file_with_its_version(tmp_path: Path) -> None:

    from netbrake.policy import Policy
    from netbrake.results import FILE_SCHEMAS, VERSION_KEY
    from netbrake.scan import ScanRequest, scan
    from netbrake.synth import SynthConfig, generate

    generate(SynthConfig(accounts=1_000, seed=1), tmp_path / "export")
    out = tmp_path / "results"
    scan(ScanRequest(source=tmp_path / "export", out=out, policy=Policy.load(), secret=b"s"))
    files = json.loads((out / "summary.json").read_text())["files"]
    assert {"accounts.parquet", "enforcement.jsonl", "networks.json"} <= set(files)
    for name, version in files.items():
        assert version == FILE_SCHEMAS[name].version
        if name.endswith(".parquet"):
            assert pq.read_schema(out / name).metadata[VERSION_KEY] == str(version).encode()
    ScanResults.open(out).accounts()  # reads its own stamps


@pytest.mark.parametrize(("version", "words"), [(99, "is newer than"), (0, "older results")])
def test_a_file_of_another_version_is_refused_by_name(
    folder: Path, version: int, words: str
) -> None:

    from netbrake.results import VERSION_KEY

    path = folder / "accounts.parquet"
    table = pq.read_table(path)
    pq.write_table(table.replace_schema_metadata({VERSION_KEY: str(version).encode()}), path)
    with pytest.raises(
        InputError,
        match=f"accounts.parquet, field 'file_version': file version {version} .*{words}",
    ):
        ScanResults.open(folder).accounts()
    summary = folder / "summary.json"
    summary.write_text(json.dumps({"results_version": 1, "files": {"hits.parquet": version}}))
    with pytest.raises(InputError, match=r"field 'files.hits.parquet': file version"):
        ScanResults.open(folder)


def test_edges_among_reads_only_the_interactions_between_the_given_accounts(
    folder: Path,
) -> None:
    assert ScanResults.open(folder).edges_among(["a1", "a2"]) is None  # no dataset kept
    (folder / "dataset").mkdir()
    edges = pa.table({"src": ["a1", "a1", "a2", "a3"], "dst": ["a2", "a3", "a1", "a1"],
                      "kind": ["follow", "message", "follow", "follow"],
                      "weight": [1.0, 2.0, 1.0, 1.0]})  # fmt: skip
    pq.write_table(edges, folder / "dataset" / "edges.parquet")
    among = ScanResults.open(folder).edges_among(["a2", "a1"])
    assert among is not None
    assert sorted(zip(among["src"].to_pylist(), among["dst"].to_pylist(), strict=True)) == [
        ("a1", "a2"),
        ("a2", "a1"),
    ]
    assert among.column_names == ["src", "dst", "kind", "weight"]
    none = ScanResults.open(folder).edges_among([])
    assert none is not None
    assert none.num_rows == 0
    raw = (folder / "dataset" / "edges.parquet").read_bytes()
    (folder / "dataset" / "edges.parquet").write_bytes(raw[: len(raw) // 2])
    with pytest.raises(InputError, match=r"edges\.parquet.*truncated"):
        ScanResults.open(folder).edges_among(["a1"])
