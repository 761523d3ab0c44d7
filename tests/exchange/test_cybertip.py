"""CyberTipline report packages: one per person, all linked accounts, honest fileViewedByEsp."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from netbrake.exchange import (
    ReportedFile,
    build_file_details_xml,
    build_packages,
    read_results,
    validate,
)
from netbrake.exchange.cybertip import ACCOUNT_REMOVED, INCIDENT_CSAM, INCIDENT_ENTICEMENT

MD5 = "0123456789abcdef" * 2


def _root(xml: bytes) -> ET.Element:
    return ET.fromstring(xml)


def test_one_report_per_person_grouping_all_their_content(fx, write_results):
    second = fx.decision(
        decision_id="dec-1b",
        subject_id="acc_seller_backup",
        actions=["remove_account", "report_clearinghouse"],
        evidence={"media": [{"md5": "2" * 32}], "linked_account_ids": ["acc_seller_1"]},
    )
    results = read_results(write_results([*fx.default_decisions(), second]))
    export = build_packages(results)
    by_person = {p.person_id: p for p in export.packages}
    assert sorted(by_person) == ["person-7", "person-9"]
    seller = by_person["person-7"]
    assert seller.decision_ids == ("dec-1", "dec-1b")
    assert {f.md5 for f in seller.files} == {fx.MD5_A, fx.MD5_B, "2" * 32}
    root = _root(seller.report_xml)
    user = root.find("personOrUserReported")
    assert user is not None
    reported = [user.findtext("espIdentifier")] + [
        a.findtext("espIdentifier") for a in user.findall("associatedAccount")
    ]
    assert sorted(reported) == ["acc_seller_1", "acc_seller_backup", "acc_seller_third"]
    assert user.findtext("screenName") == "@seller_handle_one"
    disabled = {user.findtext("espIdentifier"): user.findtext("accountPermanentlyDisabled")} | {
        a.findtext("espIdentifier"): a.findtext("additionalInfo")
        for a in user.findall("associatedAccount")
    }
    # the seller (a possible minor) lost content, not the account; both backups were removed
    assert disabled == {
        "acc_seller_1": "false",
        "acc_seller_backup": ACCOUNT_REMOVED,
        "acc_seller_third": ACCOUNT_REMOVED,
    }


def test_report_fields_follow_the_decisions(fx, write_results):
    export = build_packages(read_results(write_results()))
    seller = next(p for p in export.packages if p.person_id == "person-7")
    root = _root(seller.report_xml)
    assert root.findtext("incidentSummary/incidentType") == INCIDENT_CSAM
    assert root.findtext("incidentSummary/incidentDateTime") == "2024-05-01T12:30:00Z"
    assert (
        root.find("incidentSummary/escalateToHighPriority") is not None
    )  # safeguard: possible minor
    assert root.findtext("internetDetails/webPageIncident/url") == "https://files.example/menu"
    assert root.findtext("reporter/reportingPerson/email")
    info = root.findtext("additionalInfo") or ""
    assert f"PDQ {fx.PDQ_A}" in info
    assert seller.idempotency_key in info
    # decisions without report_clearinghouse never produce a report
    assert {p.person_id for p in export.packages}.isdisjoint({"person-11", "person-12"})


def test_enticement_without_media_uses_the_enticement_incident_type(fx, write_results):
    row = fx.decision(evidence={"text_hits": [{"category": "grooming"}]})
    (package,) = build_packages(read_results(write_results([row]))).packages
    assert _root(package.report_xml).findtext("incidentSummary/incidentType") == INCIDENT_ENTICEMENT


@pytest.mark.parametrize(
    ("media", "confirmed", "expected"),
    [
        ({"md5": MD5}, False, False),
        ({"md5": MD5, "viewed_by_human": True}, False, True),
        ({"md5": MD5}, True, True),
    ],
)
def test_file_viewed_by_esp_is_true_only_when_a_human_viewed(
    fx, write_results, media, confirmed, expected
):
    row = fx.decision(evidence={"media": [media], "reviewer_confirmed": confirmed})
    (package,) = build_packages(read_results(write_results([row]))).packages
    (file,) = package.files
    assert file.viewed_by_esp is expected
    details = _root(build_file_details_xml("r1", "f1", file))
    assert details.findtext("fileViewedByEsp") == ("true" if expected else "false")
    assert details.find("originalFileHash").get("hashType") == "MD5"


def test_decision_without_evidence_is_skipped_with_a_reason(fx, write_results):
    rows = [
        fx.decision(evidence={}),
        fx.decision(decision_id="x", person_id="person-8", subject_id="acc_8"),
    ]
    export = build_packages(read_results(write_results(rows)))
    assert [p.person_id for p in export.packages] == ["person-8"]
    assert "no decision carries evidence" in export.skipped["person-7"]


def test_person_with_ten_thousand_items_gives_one_valid_report(fx, write_results):
    n = 10_000
    evidence = {
        "linked_account_ids": [f"acc_{i:05d}" for i in range(n)],
        "media": [{"md5": f"{i:032x}", "post_id": f"p{i}"} for i in range(n)],
    }
    (package,) = build_packages(
        read_results(write_results([fx.decision(evidence=evidence)], accounts=[]))
    ).packages
    assert len(package.files) == n
    assert len(package.account_ids) == n + 1  # the subject account plus every linked one
    user = _root(package.report_xml).find("personOrUserReported")
    assert user is not None
    assert len(user.findall("associatedAccount")) == n


def test_non_ascii_text_survives_and_validates(fx, write_results):
    reason = "Vendeur : « menu » 📍 возраст 14 — 販売"
    row = fx.decision(
        reason=reason,
        evidence={"media": [{"md5": fx.MD5_A}], "handles": {"acc_seller_1": "@sëller_ü"}},
    )
    (package,) = build_packages(read_results(write_results([row]))).packages
    root = _root(package.report_xml)
    assert reason in (root.findtext("additionalInfo") or "")
    assert root.findtext("personOrUserReported/screenName") == "@sëller_ü"


def test_control_characters_cannot_break_the_xml(fx, write_results):
    row = fx.decision(reason="bad\x00byte\x1b", evidence={"media": [{"md5": fx.MD5_A}]})
    (package,) = build_packages(read_results(write_results([row]))).packages
    validate(package.report_xml)
    assert "\x00" not in (_root(package.report_xml).findtext("additionalInfo") or "")


def test_person_decision_without_linked_accounts_still_validates(fx, write_results):
    row = fx.decision(
        subject_kind="person", subject_id="person-7", evidence={"media": [{"md5": fx.MD5_A}]}
    )
    (package,) = build_packages(read_results(write_results([row], accounts=[]))).packages
    assert _root(package.report_xml).find("personOrUserReported/espIdentifier") is None


def test_the_schema_rejects_what_the_service_would_reject(write_results):
    (package, *_) = build_packages(read_results(write_results())).packages
    root = _root(package.report_xml)
    summary = root.find("incidentSummary")
    assert summary is not None
    # out of documented order: reporter before incidentSummary
    reordered = ET.Element("report")
    reordered.extend([root.find("reporter"), summary])  # type: ignore[list-item]
    with pytest.raises(ValueError, match="invalid CyberTipline XML"):
        validate(ET.tostring(reordered))
    summary.find("incidentType").text = "Something else"  # type: ignore[union-attr]
    with pytest.raises(ValueError, match="invalid CyberTipline XML"):
        validate(ET.tostring(root))
    bad_file = ReportedFile(md5=None, pdq=None, post_id=None, account_id=None, viewed_by_esp=False)
    with pytest.raises(ValueError, match="invalid CyberTipline XML"):
        validate(build_file_details_xml("", "f", bad_file))
