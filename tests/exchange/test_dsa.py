"""DSA statements of reasons: API fields and values, batching, and no personal data."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from netbrake.exchange import (
    BATCH_LIMIT,
    StatementOfReasons,
    batches,
    build_statements,
    read_results,
)
from netbrake.exchange.dsa import EEA, pseudonymous_puid


def _by_puid(export):
    return {s.puid: s for s in export.statements}


def test_one_statement_per_restricting_decision(write_results):
    export = build_statements(read_results(write_results()))
    statements = _by_puid(export)
    seller = statements[pseudonymous_puid("dec-1")]
    assert seller.decision_visibility == ["DECISION_VISIBILITY_CONTENT_REMOVED"]
    assert seller.decision_ground == "DECISION_GROUND_ILLEGAL_CONTENT"
    assert seller.category == "STATEMENT_CATEGORY_PROTECTION_OF_MINORS"
    assert seller.category_specification == ["KEYWORD_CHILD_SEXUAL_ABUSE_MATERIAL"]
    assert seller.content_type == ["CONTENT_TYPE_IMAGE", "CONTENT_TYPE_VIDEO", "CONTENT_TYPE_TEXT"]
    assert seller.source_type == "SOURCE_VOLUNTARY"
    assert seller.automated_detection == "Yes"
    assert seller.automated_decision == "AUTOMATED_DECISION_FULLY"
    assert seller.content_date == "2024-05-01"
    assert seller.territorial_scope == list(EEA)
    buyer = statements[pseudonymous_puid("dec-2")]
    assert buyer.decision_account == "DECISION_ACCOUNT_TERMINATED"
    assert buyer.decision_provision == "DECISION_PROVISION_TOTAL_TERMINATION"
    assert buyer.decision_ground == "DECISION_GROUND_INCOMPATIBLE_CONTENT"
    assert buyer.incompatible_content_illegal == "Yes"
    assert buyer.source_type == "SOURCE_ARTICLE_16"  # a user report came first
    assert buyer.automated_decision == "AUTOMATED_DECISION_PARTIALLY"  # a reviewer confirmed
    assert export.skipped == {
        "dec-3": "no restriction applied (nothing to explain)",
        "dec-4": "awaiting human review; the restriction is not applied yet",
    }


def test_statements_contain_no_personal_data(write_results):
    export = build_statements(read_results(write_results()))
    text = json.dumps(batches(export.statements), ensure_ascii=False)
    for secret in [
        "acc_seller_1", "acc_seller_backup", "acc_buyer_1", "person-7", "person-9",
        "@seller_handle_one", "@backup_handle", "dec-1", "dec-2", "post-1", "rep-5",
        "files.example", "s3ller", "Seller advertising",
    ]:  # fmt: skip
        assert secret not in text, secret


def test_batches_respect_the_api_limit(write_results, fx):
    rows = [fx.decision(decision_id=f"d{i}") for i in range(250)]
    export = build_statements(read_results(write_results(rows)))
    bodies = batches(export.statements)
    assert [len(b["statements"]) for b in bodies] == [100, 100, 50]
    puids = [s["puid"] for b in bodies for s in b["statements"]]
    assert len(set(puids)) == 250
    with pytest.raises(ValueError, match="batch size"):
        batches(export.statements, size=BATCH_LIMIT + 1)


def test_every_statement_validates_against_the_model_after_a_json_round_trip(write_results):
    export = build_statements(read_results(write_results()))
    for body in batches(export.statements):
        for item in json.loads(json.dumps(body))["statements"]:
            assert StatementOfReasons.model_validate(item).puid == item["puid"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"category": "STATEMENT_CATEGORY_SCAMS"}, "category"),
        ({"automated_detection": "maybe"}, "automated_detection"),
        ({"content_date": "01/05/2024"}, "content_date"),
        ({"handle": "@someone"}, "handle"),
        ({"category_specification": []}, "category_specification"),
    ],
)
def test_the_model_rejects_values_the_api_rejects(write_results, change, field):
    (statement, *_) = build_statements(read_results(write_results())).statements
    data = statement.model_dump(exclude_none=True) | change
    with pytest.raises(ValidationError, match=field):
        StatementOfReasons.model_validate(data)


def test_flagged_but_unmatched_media_is_explained_under_the_terms_not_the_law(write_results, fx):
    row = fx.decision(evidence={"media": [{"md5": fx.MD5_B}]})
    (statement,) = build_statements(read_results(write_results([row]))).statements
    assert statement.decision_ground == "DECISION_GROUND_INCOMPATIBLE_CONTENT"
    assert "flagged" in statement.decision_facts
    assert "matched" not in statement.decision_facts


def test_decision_without_evidence_or_optional_fields_still_gets_a_statement(write_results):
    minimal = {"decision_id": "m", "subject_id": "a", "actions": ["remove_account"],
               "created_at": "2024-06-02T00:00:00Z"}  # fmt: skip
    (statement,) = build_statements(read_results(write_results([minimal], accounts=[]))).statements
    assert statement.content_type == ["CONTENT_TYPE_OTHER"]
    assert statement.content_type_other
    assert statement.decision_ground == "DECISION_GROUND_INCOMPATIBLE_CONTENT"
    assert "took part" in statement.decision_facts


def test_non_ascii_reason_is_not_copied_into_public_facts(write_results, fx):
    row = fx.decision(reason="Vendeur « @seller_handle_one » 販売")
    (statement, *_) = build_statements(read_results(write_results([row]))).statements
    assert "販売" not in statement.decision_facts
    assert statement.decision_facts.isascii()
