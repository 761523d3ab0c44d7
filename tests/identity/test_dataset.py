"""Linking an ingested dataset: identifiers arrive HMAC-hashed and normalised, and still link."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from netbrake.identity import PersonLinker
from netbrake.platform import Dataset, ingest


def test_link_dataset_uses_the_hashed_identifiers(
    write_export: Callable[..., Path],
    small_platform: dict[str, list[dict[str, Any]]],
    tmp_path: Path,
) -> None:
    # small_platform: a1 and a2 share one email written two ways; a3 has a phone.
    source = write_export(small_platform, "csv")
    ingest(source, tmp_path / "clean", secret=b"test-key", max_bad_fraction=0.5)
    dataset = Dataset.open(tmp_path / "clean")
    result = PersonLinker().link_dataset(dataset)
    persons = result.person_of()
    assert persons["a1"] == persons["a2"] == "p-a1"
    assert len(set(persons.values())) == 4
    (link,) = result.links.to_pylist()
    assert link["kind"] == "email"
    # Only hashes reach identity linking: no raw address in any output.
    assert "mail.example" not in str(result.signatures.to_pylist())
