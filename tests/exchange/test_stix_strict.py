"""STIX bundles the OASIS validator accepts in strict mode, from a real synthetic scan.

A partner's STIX tooling rejects custom properties that are not declared as
STIX 2.1 extensions (F9: evidence that other tools cannot read is lost), so
every bundle netbrake writes must pass ``stix2-validator --strict`` with no
error and no warning, and still read back into the same signals.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import jsonschema
import pytest
from stix2validator import ValidationOptions, validate_string
from tests.exchange.test_exchange_cli import run
from tests.exchange.test_signals import every_kind

from netbrake.exchange import read_results
from netbrake.exchange.signals import bundle_for, signals_from_bundle, signals_from_results
from netbrake.exchange.signals.stix import EXTENSION_ID, extension_schema

NOW = datetime(2024, 6, 1, tzinfo=UTC)


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """``netbrake synth`` + ``scan`` + ``export stix``: (RESULTS folder, bundle file)."""
    root = tmp_path_factory.mktemp("stix-scan")
    export, results, out = root / "export", root / "results", root / "out"
    steps = [
        ("synth", "--accounts", "1000", "--seed", "5", "--out", str(export)),
        (
            "scan",
            str(export),
            "--out",
            str(results),
            "--hash-bank",
            str(export / "known_hashes.csv"),
        ),
        ("export", "stix", str(results), "--out", str(out)),
    ]
    for step in steps:
        outcome = run("--quiet", *step, home=root)
        assert outcome.returncode == 0, (step, outcome.stderr)
    return results, out / "stix" / "bundle.json"


def strict_findings(text: str) -> tuple[list[str], list[str]]:
    result = validate_string(text, ValidationOptions(strict=True, version="2.1")).as_dict()
    errors = [e["message"] for e in result.get("errors", [])]
    warnings = [w["message"] for w in result.get("warnings", [])]
    return errors, warnings


def test_exported_bundle_of_a_real_scan_is_strictly_valid(scanned):
    _, bundle = scanned
    text = bundle.read_text(encoding="utf-8")
    indicators = [o for o in json.loads(text)["objects"] if o["type"] == "indicator"]
    assert len(indicators) > 50
    assert strict_findings(text) == ([], [])


def test_bundle_of_every_signal_kind_and_opinion_is_strictly_valid(fx):
    assert strict_findings(bundle_for(every_kind(fx), NOW)) == ([], [])


def test_the_validator_still_rejects_undeclared_custom_properties(fx):
    """The check can fail: the pre-extension form (top-level x_ properties) is refused."""
    bundle = json.loads(bundle_for(every_kind(fx)[:1], NOW))
    indicator = next(o for o in bundle["objects"] if o["type"] == "indicator")
    indicator["x_netbrake_value"] = indicator["extensions"].pop(EXTENSION_ID)["signal_value"]
    del indicator["extensions"]
    errors, _ = strict_findings(json.dumps(bundle))
    assert any("x_netbrake_value" in e for e in errors)
    del indicator["description"]
    errors, _ = strict_findings(json.dumps(bundle))
    assert any("name and description" in e for e in errors)


def test_every_object_has_a_name_and_a_description(scanned):
    _, bundle = scanned
    for obj in json.loads(bundle.read_text(encoding="utf-8"))["objects"]:
        assert obj.get("name"), obj["id"]
        assert obj.get("description"), obj["id"]


def test_extension_definition_and_its_schema_cover_every_indicator(scanned):
    _, bundle = scanned
    objects = json.loads(bundle.read_text(encoding="utf-8"))["objects"]
    definition = next(o for o in objects if o["type"] == "extension-definition")
    assert definition["id"] == EXTENSION_ID
    assert definition["extension_types"] == ["property-extension"]
    schema = json.loads(definition["schema"])
    assert schema == json.loads(extension_schema())
    jsonschema.Draft202012Validator.check_schema(schema)
    for obj in objects:
        if obj["type"] == "indicator":
            jsonschema.validate(obj["extensions"][EXTENSION_ID], schema)
            assert not [k for k in obj if k.startswith("x_")]


def test_round_trip_of_the_real_scan_loses_nothing(scanned):
    results, bundle = scanned
    expected = signals_from_results(read_results(results))
    back = signals_from_bundle(bundle.read_text(encoding="utf-8"))
    assert sorted(back, key=repr) == sorted(expected, key=repr)
    assert {s.kind for s in back} >= {"keyword", "account_identifier_hash"}


def test_bundles_written_before_the_extension_still_read_back(fx):
    signal = every_kind(fx)[0]
    bundle = json.loads(bundle_for([signal], NOW))
    indicator = next(o for o in bundle["objects"] if o["type"] == "indicator")
    carried = indicator.pop("extensions")[EXTENSION_ID]
    indicator.update(
        x_netbrake_type=carried["signal_type"],
        x_netbrake_value=carried["signal_value"],
        x_netbrake_opinion=carried["opinion"],
        x_netbrake_provenance=carried["provenance"],
    )
    assert signals_from_bundle(json.dumps(bundle)) == [signal]
