"""Matching against banks: thresholds, entry states, rollout, quality, MD5; posts and the API model."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pyarrow as pa
import pytest
from pydantic import ValidationError

from netbrake.media import (
    POST_MATCH_SCHEMA,
    BruteForceIndex,
    HashBank,
    HashMatcher,
    MatchRequest,
    Provenance,
    Query,
    answer_match,
    match_hashes,
    match_posts,
    pdq_distance,
)

T0 = datetime(2026, 1, 1, tzinfo=UTC)
BASE = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22"
MD5 = "d41d8cd98f00b204e9800998ecf8427e"


def flipped(value: str, bits: int) -> str:
    """``value`` with its lowest ``bits`` bits inverted: at distance ``bits``."""
    return f"{int(value, 16) ^ ((1 << bits) - 1):064x}"


@pytest.fixture
def banks() -> list[HashBank]:
    strict = HashBank("strict", threshold=10)
    strict.add("pdq", BASE, Provenance("ncmec", "list-a", T0, "n-1"))
    loose = HashBank("loose")
    loose.add("pdq", flipped(BASE, 20), Provenance("te", "collab-b", T0))
    loose.add("md5", MD5, Provenance("te", "collab-b", T0))
    return [strict, loose]


def test_each_bank_uses_its_own_threshold(banks: list[HashBank]) -> None:
    report = match_hashes(
        [Query("pdq", flipped(BASE, 8)), Query("pdq", flipped(BASE, 12))], banks, at=T0
    )
    got = [(m.query, m.bank, m.distance) for m in report.matches]
    assert got == [(0, "strict", 8), (0, "loose", 12), (1, "loose", 8)]
    first = report.matches[0]
    assert first.provenance == Provenance("ncmec", "list-a", T0, "n-1")
    assert first.entry_value == BASE
    assert pdq_distance(first.value, first.entry_value) == first.distance


def test_md5_matches_exactly_and_invalid_input_is_skipped(banks: list[HashBank]) -> None:
    report = match_hashes(
        [
            Query("md5", MD5.upper()),
            Query("md5", "0" * 32),
            Query("pdq", "xyz"),
            Query("md5", "12"),
        ],
        banks,
        at=T0,
    )
    assert [(m.query, m.bank, m.distance) for m in report.matches] == [(0, "loose", 0)]
    assert [(s.query, s.reason) for s in report.skipped] == [(2, "invalid"), (3, "invalid")]


@pytest.mark.parametrize(
    ("quality", "matched"), [(None, True), (50, True), (49, False), (0, False)]
)
def test_low_quality_is_recorded_not_matched(
    banks: list[HashBank], quality: int | None, matched: bool
) -> None:
    report = match_hashes([Query("pdq", BASE, quality=quality)], banks, at=T0)
    assert bool(report.matches) is matched
    assert [s.reason for s in report.skipped] == ([] if matched else ["low_quality"])


def test_disabled_and_expired_entries_do_not_match(banks: list[HashBank]) -> None:
    strict = banks[0]
    strict.disable(1, until=T0 + timedelta(days=1))
    loose = banks[1]
    expired = loose.add("pdq", flipped(BASE, 3), Provenance("te", "old"), expires_at=T0)
    matcher = HashMatcher(banks)
    query = [Query("pdq", BASE)]
    now = [(m.bank, m.entry_id) for m in matcher.match(query, at=T0).matches]
    later = [(m.bank, m.entry_id) for m in matcher.match(query, at=T0 + timedelta(days=2)).matches]
    assert expired.entry_id == 3
    assert now == [("loose", 1)]
    assert later == [("strict", 1), ("loose", 1)]


def test_rollout_zero_bank_never_acts(banks: list[HashBank]) -> None:
    banks[0].rollout = 0.0
    report = match_hashes([Query("pdq", BASE, content_id="post-1")], banks, at=T0)
    assert {m.bank for m in report.matches} == {"loose"}


def test_matcher_agrees_with_brute_force_index(banks: list[HashBank]) -> None:
    rng = np.random.default_rng(2)
    big = HashBank("big")
    for v in rng.integers(0, 2**63, size=(300, 4)):
        big.add("pdq", "".join(f"{int(x):016x}" for x in v), Provenance("gen"))
    values = [e.value for e in big.entries.values()]
    queries = [
        Query("pdq", flipped(v, int(k)))
        for v, k in zip(values, rng.integers(0, 40, 300), strict=True)
    ]
    fast = HashMatcher([big]).match(queries, at=T0)
    slow = HashMatcher([big], index_factory=BruteForceIndex).match(queries, at=T0)
    assert fast.matches == slow.matches
    assert len(fast.matches) == sum(
        1 for q in queries if pdq_distance(q.value, values[queries.index(q)]) <= 31
    )


def test_match_posts_gives_account_evidence(banks: list[HashBank]) -> None:
    posts = pa.table(
        {
            "post_id": ["p1", "p2", "p3", "p4"],
            "account_id": ["a1", "a2", "a3", "a1"],
            "media_md5": [None, MD5, None, "bad"],
            "media_pdq": [flipped(BASE, 5), None, flipped(BASE, 90), None],
        }
    )
    table = match_posts(posts, HashMatcher(banks))
    assert table.schema == POST_MATCH_SCHEMA
    rows = table.select(["post_id", "account_id", "bank", "distance", "kind"]).to_pylist()
    assert rows == [
        {"post_id": "p1", "account_id": "a1", "bank": "strict", "distance": 5, "kind": "pdq"},
        {"post_id": "p1", "account_id": "a1", "bank": "loose", "distance": 15, "kind": "pdq"},
        {"post_id": "p2", "account_id": "a2", "bank": "loose", "distance": 0, "kind": "md5"},
    ]
    assert table.column("exchange").to_pylist() == ["ncmec", "te", "te"]


def test_match_posts_without_media_columns_is_empty(banks: list[HashBank]) -> None:
    table = match_posts(pa.table({"post_id": ["p1"], "account_id": ["a1"]}), HashMatcher(banks))
    assert table.num_rows == 0
    assert table.schema == POST_MATCH_SCHEMA


def test_answer_match_request_model(banks: list[HashBank]) -> None:
    request = MatchRequest.model_validate(
        {
            "hashes": [
                {"kind": "pdq", "value": flipped(BASE, 4), "quality": 90, "content_id": "up-1"},
                {"kind": "pdq", "value": BASE, "quality": 10},
            ]
        }
    )
    response = answer_match(request, HashMatcher(banks), at=T0)
    body = response.model_dump(mode="json")
    assert [(m["query"], m["bank"], m["distance"]) for m in body["matches"]] == [
        (0, "strict", 4),
        (0, "loose", 16),
    ]
    assert body["matches"][0]["provenance"]["exchange"] == "ncmec"
    assert body["skipped"] == [
        {"query": 1, "reason": "low_quality", "detail": "PDQ quality 10 < 50"}
    ]


@pytest.mark.parametrize(
    "body",
    [
        {"hashes": []},
        {"hashes": [{"kind": "sha1", "value": "x"}]},
        {"hashes": [{"kind": "pdq", "value": BASE, "quality": 101}]},
    ],
)
def test_match_request_rejects_bad_bodies(body: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        MatchRequest.model_validate(body)
