"""Exports: byte-identical for a seed, accepted whole by ingest, corrupted on purpose when asked."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from netbrake.platform import TABLES, ingest
from netbrake.synth import CORRUPTIONS, SynthConfig, build, corrupt, generate
from netbrake.synth.export import KNOWN_HASHES_FILE, PLANTED_FILE


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_same_seed_gives_byte_identical_files(tmp_path):
    config = SynthConfig(accounts=2_000, seed=11)
    generate(config, tmp_path / "a")
    generate(config, tmp_path / "b")
    assert _digests(tmp_path / "a") == _digests(tmp_path / "b")


def test_different_seeds_differ():
    a = build(SynthConfig(accounts=1_000, seed=1)).tables["edges"]
    b = build(SynthConfig(accounts=1_000, seed=2)).tables["edges"]
    assert not a.equals(b)


def test_parquet_uses_the_contract_schemas(tmp_path):
    summary = generate(SynthConfig(accounts=1_000, seed=3), tmp_path)
    for name, count in summary.rows.items():
        table = pq.read_table(tmp_path / f"{name}.parquet")
        assert table.schema.equals(TABLES[name].arrow_schema()), name
        assert table.num_rows == count
    assert (tmp_path / KNOWN_HASHES_FILE).is_file()
    assert (tmp_path / PLANTED_FILE).is_file()


@pytest.mark.parametrize("fmt", ["parquet", "csv", "jsonl"])
def test_ingest_accepts_every_row(tmp_path, fmt):
    summary = generate(SynthConfig(accounts=2_000, seed=5), tmp_path / "export", fmt)
    result = ingest(tmp_path / "export", tmp_path / "clean", secret=b"test-secret")
    assert result.rows_quarantined == 0, result.problems[:5]
    assert {n: t.rows_ok for n, t in result.tables.items()} == summary.rows


def test_rewriting_a_folder_in_another_format_leaves_one_file_per_table(tmp_path):
    generate(SynthConfig(accounts=1_000), tmp_path, "csv")
    generate(SynthConfig(accounts=1_000), tmp_path, "parquet")
    result = ingest(tmp_path, tmp_path / "clean", secret=b"k")
    assert result.rows_quarantined == 0
    assert (tmp_path / KNOWN_HASHES_FILE).is_file()  # the side files stay CSV
    assert not (tmp_path / "accounts.csv").exists()


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_corrupted_export_quarantines_exactly_the_damaged_rows(tmp_path, fmt):
    damaged = corrupt(tmp_path / "bad", seed=2, fmt=fmt)
    assert sorted(c.kind for c in damaged) == sorted(CORRUPTIONS)
    result = ingest(tmp_path / "bad", tmp_path / "clean", secret=b"k", max_bad_fraction=1.0)
    found = {(p.table, p.row, p.kind) for p in result.problems}
    assert found == {(c.table, c.row, c.kind) for c in damaged}
    assert result.rows_quarantined == len(damaged)


def test_public_api_is_sorted_and_importable():
    import netbrake.synth as synth

    # isort style, as ruff's RUF022 keeps it: CONSTANTS, then Classes, then functions
    def style(name: str) -> tuple[bool, bool, str]:
        return (not name.isupper(), not name[0].isupper(), name)

    assert synth.__all__ == sorted(synth.__all__, key=style)
    for name in synth.__all__:
        assert getattr(synth, name) is not None
