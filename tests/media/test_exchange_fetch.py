"""Banks filled through python-threatexchange's own signal exchange clients (no network)."""

from __future__ import annotations

from pathlib import Path

import pytest

from netbrake.media import HashBank, Provenance, export_bank, fetch_into_bank

pytest.importorskip("threatexchange", reason="threatexchange not installed (exchange extra)")

from threatexchange.exchanges.impl.file_api import (
    FileCollaborationConfig,
    LocalFileSignalExchangeAPI,
)
from threatexchange.exchanges.impl.static_sample import StaticSampleSignalExchangeAPI
from threatexchange.signal_type.pdq.signal import PdqSignal

PDQ_A = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22"
MD5_A = "d41d8cd98f00b204e9800998ecf8427e"


def _file_api(path: Path) -> LocalFileSignalExchangeAPI:
    collab = FileCollaborationConfig(
        name="local file", api="local_file", enabled=True, filename=str(path)
    )
    return LocalFileSignalExchangeAPI.for_collab(collab)


def test_static_sample_client_fills_a_bank() -> None:
    result = fetch_into_bank(StaticSampleSignalExchangeAPI(), HashBank("sample"))
    values = {e.value for e in result.bank.entries.values() if e.kind == "pdq"}
    assert set(PdqSignal.get_examples()) <= values
    assert all(e.provenance.exchange == "sample" for e in result.bank.entries.values())


def test_netbrake_export_is_readable_by_the_threatexchange_file_client(tmp_path: Path) -> None:
    bank = HashBank("known")
    bank.add("pdq", PDQ_A, Provenance("test", "list"))
    bank.add("md5", MD5_A, Provenance("test", "list"))
    path = tmp_path / "signals.txt"
    export_bank(bank, path, "te-file")
    fetched = fetch_into_bank(_file_api(path), HashBank("copy"), list_name="from-file")
    assert fetched.added == 2
    assert {(e.kind, e.value) for e in fetched.bank.entries.values()} == {
        ("pdq", PDQ_A),
        ("md5", MD5_A),
    }
    assert {e.provenance.list for e in fetched.bank.entries.values()} == {"from-file"}


def test_invalid_signals_from_a_client_are_not_banked(tmp_path: Path) -> None:
    path = tmp_path / "signals.txt"
    path.write_text(f"pdq {PDQ_A}\npdq 1234\n")
    fetched = fetch_into_bank(_file_api(path), HashBank("copy"))
    # threatexchange's own conversion drops the invalid one (with a logged warning)
    assert [e.value for e in fetched.bank.entries.values()] == [PDQ_A]
