"""CyberTipline XML against the reporting API's element order, from independent implementations.

``ncmec-cybertipline-element-order.json`` (shared interface facts) lists the
children of ``report``, ``incidentSummary``, ``personOrUserReported``,
``fileDetails`` and related elements in order, with ``?`` (optional, once),
``*`` (optional, repeated) or nothing (required, once). The documents a real
``synth`` + ``scan`` produces, and the ``xs:sequence`` declarations of the
schema netbrake ships, must follow it: every child listed, in order, as often
as allowed, and every required child present.
"""

from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ET
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from netbrake.exchange import build_file_details_xml, build_packages, read_results

SPEC_NAME = "ncmec-cybertipline-element-order.json"
XS = "{http://www.w3.org/2001/XMLSchema}"


def _spec_path() -> Path:
    root = Path(__file__).resolve().parents[2]
    env = os.environ.get("NETBRAKE_SHARED")
    folders = ([Path(env) / "specs", Path(env)] if env else []) + [root.parent / "shared" / "specs"]
    for folder in folders:
        if (folder / SPEC_NAME).is_file():
            return folder / SPEC_NAME
    return folders[-1] / SPEC_NAME


SPEC_PATH = _spec_path()
SPEC: dict[str, Any] = (
    json.loads(SPEC_PATH.read_text(encoding="utf-8")) if SPEC_PATH.is_file() else {}
)
pytestmark = pytest.mark.skipif(not SPEC_PATH.is_file(), reason=f"no spec at {SPEC_PATH}")

#: The elements whose order the spec gives as a list (key in the spec -> element name).
ORDERED = {
    key.split(" ", 1)[0]: key
    for key, value in SPEC.items()
    if isinstance(value, list)
    and value
    and re.fullmatch(r"@?\w+[?*]?", value[0])
    and key.split(" ", 1)[0] not in ("endpoints", "incidentType", "fileRelevance")
    and not key.endswith("_note")
}
#: The elements the reporting API's documents are built of.
CORE = ("report", "incidentSummary", "personOrUserReported", "fileDetails")
#: Elements whose type the spec gives under another name.
SAME_TYPE = {"reportingPerson": "person", "contactPerson": "person"}


def order_of(element: str) -> list[tuple[str, str]]:
    """(child, cardinality) in order; attributes (``@name``) left out."""
    out = []
    for item in SPEC[ORDERED[element]]:
        if item.startswith("@"):
            continue
        name, mark = (item[:-1], item[-1]) if item[-1] in "?*" else (item, "")
        out.append((name, mark))
    return out


def check_order(element: str, children: list[str]) -> list[str]:
    """Problems with ``children`` of ``element`` against the spec's order (empty if none)."""
    spec = order_of(element)
    names = [n for n, _ in spec]
    problems = [f"{element}/{c} is not in the spec's list" for c in children if c not in names]
    position = -1
    for child in children:
        if child not in names:
            continue
        index = names.index(child)
        if index < position:
            problems.append(f"{element}/{child} comes after {names[position]} in the spec")
        if index == position and spec[index][1] != "*":
            problems.append(f"{element}/{child} repeated, the spec allows one")
        position = max(position, index)
    for name, mark in spec:
        if mark == "" and name not in children:
            problems.append(f"{element}/{name} is required by the spec")
    return problems


def walk(root: ET.Element) -> list[tuple[str, list[str]]]:
    """(element name, child names) for every element of the document the spec orders."""
    found = []
    for node in root.iter():
        name = node.tag
        key = SAME_TYPE.get(name, name)
        if key in ORDERED:
            found.append((key, [c.tag for c in node]))
    return found


# -- documents of a real scan -------------------------------------------------


@pytest.fixture(scope="module")
def documents(scanned_results: Path) -> list[ET.Element]:
    export = build_packages(read_results(scanned_results))
    assert export.packages, "the scan produced no clearinghouse report"
    roots = [ET.fromstring(p.report_xml) for p in export.packages]
    files = [f for p in export.packages for f in p.files]
    assert files, "the scan's reports carry no file"
    roots += [
        ET.fromstring(build_file_details_xml("1000", f"file-{i}", f)) for i, f in enumerate(files)
    ]
    return roots


def test_the_spec_orders_the_four_elements_the_task_names():
    assert set(CORE) <= set(ORDERED)


def test_the_real_scan_uses_every_element_netbrake_can_emit(documents):
    seen = {name for root in documents for name, _ in walk(root)}
    assert {
        "report",
        "incidentSummary",
        "reporter",
        "person",
        "personOrUserReported",
        "associatedAccount",
        "fileDetails",
    } <= seen


@pytest.mark.parametrize("element", sorted(ORDERED))
def test_children_follow_the_spec_order(documents, element):
    checked = 0
    for root in documents:
        for name, children in walk(root):
            if name == element:
                assert check_order(element, children) == [], children
                checked += 1
    if element in CORE:
        assert checked, f"the real scan produced no {element}"


def test_the_checker_catches_what_the_service_rejects():
    assert check_order("incidentSummary", ["incidentDateTime", "incidentType"])
    assert check_order("personOrUserReported", ["espService", "espIdentifier"])
    assert check_order("fileDetails", ["reportId", "fileId", "unknownElement"])
    assert check_order("fileDetails", ["fileId"])  # reportId is required
    assert check_order("report", ["incidentSummary", "reporter", "reporter"])


def test_reporting_person_has_an_email(documents):
    """The spec's note: the reporting person requires an email."""
    for root in documents:
        if root.tag == "report":
            assert root.findtext("reporter/reportingPerson/email")


def test_file_relevance_and_incident_type_are_the_specs_values(documents):
    for root in documents:
        if root.tag == "fileDetails":
            assert root.findtext("fileRelevance") in SPEC["fileRelevance"]
        else:
            assert root.findtext("incidentSummary/incidentType") in SPEC["incidentType"]


# -- the schema netbrake ships -----------------------------------------------


def _schema() -> ET.Element:
    source = resources.files("netbrake.exchange").joinpath("cybertip_report.xsd")
    return ET.fromstring(source.read_text(encoding="utf-8"))


def _sequence_of(element: str) -> list[tuple[str, str, str]]:
    """(child, minOccurs, maxOccurs) of the schema's sequence for ``element``."""
    schema = _schema()
    types = {t.get("name"): t for t in schema.iter(f"{XS}complexType") if t.get("name")}
    holder = None
    for node in schema.iter(f"{XS}element"):
        if node.get("name") in (element, *[k for k, v in SAME_TYPE.items() if v == element]):
            holder = node
            break
    if holder is None:
        return []
    typ = types.get(holder.get("type") or "") or holder.find(f"{XS}complexType")
    assert typ is not None, element
    sequence = typ.find(f"{XS}sequence")
    if sequence is None:
        return []
    return [
        (c.get("name") or "", c.get("minOccurs", "1"), c.get("maxOccurs", "1"))
        for c in sequence.findall(f"{XS}element")
    ]


@pytest.mark.parametrize("element", sorted(ORDERED))
def test_the_schema_sequence_agrees_with_the_spec(element):
    sequence = _sequence_of(element)
    if not sequence:
        assert element not in CORE, f"the schema declares no sequence for {element}"
        pytest.skip(f"netbrake's schema does not declare {element} (netbrake never emits it)")
    names = [n for n, _, _ in sequence]
    assert check_order(element, names) == [], check_order(element, names)
    spec = dict(order_of(element))
    for name, low, high in sequence:
        if high == "unbounded":
            assert spec[name] == "*", (
                f"{element}/{name}: the schema repeats what the spec allows once"
            )
        assert not (low == "0" and spec[name] == ""), (
            f"{element}/{name} is required by the spec, optional in the schema"
        )


@pytest.mark.parametrize(
    ("simple_type", "spec_key"),
    [("fileRelevanceType", "fileRelevance"), ("incidentTypeType", "incidentType")],
)
def test_the_schema_enumerations_are_the_specs(simple_type, spec_key):
    (declared,) = [t for t in _schema().iter(f"{XS}simpleType") if t.get("name") == simple_type]
    values = [e.get("value") for e in declared.iter(f"{XS}enumeration")]
    assert values == SPEC[spec_key]


def test_the_schema_requires_the_reporting_persons_email():
    email = next(e for e in _sequence_of("person") if e[0] == "email")
    assert email[1] != "0", "reportingPerson/email is optional in the schema"
