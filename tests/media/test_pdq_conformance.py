"""netbrake's PDQ against the PDQ reference's published hashes and python-threatexchange's examples.

The reference counts an implementation correct within 10 bits of its own
output for quality >= 80 images (pdq/README). Vectors are read from
../shared/vectors/pdq and never copied into the repository.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from netbrake.media import DIHEDRAL, PdqHasher, pdq_distance

REFERENCE_TOLERANCE = 10
#: pdq/data/bridge-mods files in name order, as python-threatexchange's PdqSignal.get_examples() lists them.
BRIDGE_MODS = [
    "aaa-orig", "blur-a-little", "blur-a-lot", "high-contrast", "high-saturation", "sharpen-a-little",
    "sharpen-a-lot", "shrink-a-little", "shrink-a-lot", "square-128x128", "square-256x256", "square-512x512",
]  # fmt: skip


def _expected(vectors: Path) -> list[tuple[str, str]]:
    with (vectors / "expected-dih.csv").open() as fh:
        return [(row["file"], row["pdq_hex"]) for row in csv.DictReader(fh)]


def test_dih_images_within_reference_tolerance(vectors: Path) -> None:
    hasher = PdqHasher()
    for name, expected in _expected(vectors):
        signal = hasher.hash_file(vectors / name)[0]
        assert signal.quality is not None, name
        assert signal.quality >= 80, name
        assert pdq_distance(signal.value, expected) <= REFERENCE_TOLERANCE, name


def test_dihedral_of_original_matches_each_transformed_reference(vectors: Path) -> None:
    variants = PdqHasher().dihedral_bytes((vectors / "dih" / "bridge-1-original.jpg").read_bytes())
    expected = _expected(vectors)
    assert len(variants) == len(expected) == len(DIHEDRAL)
    for variant, (name, reference) in zip(variants, expected, strict=True):
        assert pdq_distance(variant.value, reference) <= REFERENCE_TOLERANCE, name


def test_bridge_mods_match_threatexchange_examples(vectors: Path) -> None:
    te = pytest.importorskip(
        "threatexchange.signal_type.pdq.signal", reason="threatexchange not installed"
    )
    examples = te.PdqSignal.get_examples()[: len(BRIDGE_MODS)]
    hasher = PdqHasher()
    original = hasher.hash_file(vectors / "bridge-mods" / "aaa-orig.jpg")[0].value
    for stem, example in zip(BRIDGE_MODS, examples, strict=True):
        value = hasher.hash_file(vectors / "bridge-mods" / f"{stem}.jpg")[0].value
        assert pdq_distance(value, example) <= REFERENCE_TOLERANCE, stem
        assert pdq_distance(value, original) <= 31, stem
