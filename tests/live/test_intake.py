"""Bad events: each gets a clear answer and a quarantine record; good ones are kept once."""

from __future__ import annotations

import json

import pytest
from tests.live.conftest import account, edge, event

from netbrake.live import LiveService


@pytest.mark.parametrize(
    ("line", "kind", "field", "says"),
    [
        ("{not json", "malformed", None, "not JSON"),
        ("[1, 2]", "malformed", None, "JSON object"),
        (json.dumps({"kind": "edge", "ts": "2026-01-01T00:00:00Z", "data": {}}), "malformed",
         "event_id", "event_id"),
        (event("e1", "shout", {}), "malformed", "kind", "unknown kind"),
        (json.dumps({"event_id": "e1", "kind": "edge", "ts": "yesterday", "data": {}}),
         "malformed", "ts", "ISO 8601"),
        (event("e1", "edge", {"src": "a", "dst": "b", "kind": "poke", "ts": "2026-01-01T00:00:00Z"}),
         "invalid", "data.kind", "unknown value poke"),
        (event("e1", "account", {"account_id": "a", "created_at": "2026-01-01T00:00:00Z"}),
         "invalid", "data.handle", "required value is missing"),
        (event("e1", "post", {"post_id": "p", "account_id": "a", "created_at": "2026-01-01",
                              "media_md5": "xyz"}), "invalid", "data.media_md5", "32-digit hex"),
        (event("e1", "account", {"account_id": "a", "handle": "x" * 300,
                                 "created_at": "2026-01-01"}), "invalid", "data.handle", "limit is 256"),
        (event("e1", "enforcement", {"subject_kind": "account", "subject_id": "a",
                                     "action": "vaporise", "decided_by": "t"}),
         "invalid", "data.action", "unknown value vaporise"),
    ],
)  # fmt: skip
def test_a_bad_event_is_quarantined_with_its_reason(
    live: LiveService, line: str, kind: str, field: str | None, says: str
) -> None:
    result = live.ingest([account("a"), line], "test")
    assert len(result.accepted) == 1
    (refused,) = result.rejected
    assert (refused.line, refused.kind, refused.field) == (2, kind, field)
    assert says in refused.reason
    (stored,) = live.log.quarantine()
    assert (stored["kind"], stored["line"], stored["source"]) == (kind, 2, "test")


def test_an_event_for_an_unknown_account_is_quarantined(live: LiveService) -> None:
    result = live.ingest([account("a"), edge("a", "ghost")], "test")
    (refused,) = result.rejected
    assert (refused.kind, refused.field) == ("unknown_account", "data.dst")
    assert "'ghost'" in refused.reason
    assert live.log.last_offset() == 1


def test_an_account_created_earlier_in_the_same_batch_is_known(live: LiveService) -> None:
    result = live.ingest([account("a"), account("b"), edge("a", "b")], "test")
    assert result.rejected == []
    assert len(result.accepted) == 3


def test_an_update_older_than_the_applied_one_is_out_of_order(live: LiveService) -> None:
    live.ingest([account("a", ts="2026-01-01T10:00:00Z")], "test")
    result = live.ingest([account("a", handle="old", ts="2026-01-01T09:00:00Z")], "test")
    (refused,) = result.rejected
    assert (refused.kind, refused.field) == ("out_of_order", "ts")
    assert "older than the last applied update of account:a" in refused.reason


def test_an_event_far_behind_the_newest_is_out_of_order(live: LiveService) -> None:
    live.ingest([account("a"), account("b", ts="2026-01-02T00:00:00Z")], "test")
    result = live.ingest([edge("a", "b", ts="2026-01-01T12:00:00Z")], "test")
    assert [r.kind for r in result.rejected] == ["out_of_order"]


def test_a_repeated_event_id_is_kept_once_and_applied_once(live: LiveService) -> None:
    lines = [account("a"), account("b"), edge("a", "b")]
    first = live.ingest(lines, "test")
    again = live.ingest(lines, "retry")
    assert len(first.accepted) == 3
    assert again.accepted == []
    assert len(again.duplicates) == 3
    assert {r.kind for r in again.rejected} == {"duplicate"}
    assert live.apply_pending() == 0  # applied before the first answer, once
    assert live.state.counts.events == 3
    assert live.state.contacts.edges == 1


def test_identifiers_are_hashed_before_they_are_stored(live: LiveService) -> None:
    live.ingest([account("a", identifiers=[{"kind": "email", "value": "A@x.example"}])], "t")
    (stored,) = live.log.events(0)
    (ident,) = stored.data["identifiers"]
    assert "x.example" not in stored.to_json()
    assert len(ident["value"]) == 64
