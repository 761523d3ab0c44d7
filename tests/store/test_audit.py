from __future__ import annotations

import hashlib
import itertools
import math
import threading
from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from sqlalchemy.exc import DBAPIError

from netbrake.store import Store, Subject, UnauditedWrite
from netbrake.store.audit_log import entry_hash
from netbrake.store.tables import PersonRow

RawSQL = Callable[[str], None]


def _fill(store: Store, count: int) -> None:
    for n in range(1, count + 1):
        store.append_audit_log(
            f"reviewer:{n}",
            "note",
            f"entry {n}",
            subject_kind="account",
            subject_id=f"a{n}",
            payload={"n": n, "tags": ["x", "y"]},
        )


def test_known_answer_vector() -> None:
    """The canonical form is a compatibility promise: this digest must never change."""
    canonical = (
        '{"action":"decision.record","actor":"reviewer:ana","payload":{"a":"é","b":[1,2.5]},'
        f'"prev_hash":"{"0" * 64}","reason":"seller menu in bio","seq":1,'
        '"subject_id":"a1","subject_kind":"account","ts":"2026-01-01T12:00:00.000500Z"}'
    )
    digest = entry_hash(
        seq=1,
        ts=datetime(2026, 1, 1, 12, 0, 0, 500, tzinfo=UTC),
        actor="reviewer:ana",
        action="decision.record",
        subject_kind="account",
        subject_id="a1",
        reason="seller menu in bio",
        payload={"b": [1, 2.5], "a": "é"},
        prev_hash="0" * 64,
    )
    assert digest == hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    assert digest == "360961f9c1230ef3983bc468053dd027b37acb5831558bd7f007ada3a85b7c65"


def test_chain_of_appends_verifies_and_links(store: Store) -> None:
    _fill(store, 6)
    entries = store.audit_log_entries()
    result = store.verify_audit_log()
    assert [e.seq for e in entries] == [1, 2, 3, 4, 5, 6]
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(entries))
    assert (result.ok, result.entries, result.head_hash) == (True, 6, entries[-1].hash)


TAMPERING = {
    "reason": "UPDATE audit_log SET reason = 'nothing to see' WHERE seq = 3",
    "actor": "UPDATE audit_log SET actor = 'someone else' WHERE seq = 3",
    "subject": "UPDATE audit_log SET subject_id = 'a999' WHERE seq = 3",
    "payload": """UPDATE audit_log SET payload = '{"n": 3, "tags": ["x"]}' WHERE seq = 3""",
    "hash": f"UPDATE audit_log SET hash = '{'a' * 64}' WHERE seq = 3",
}


@pytest.mark.parametrize("statement", TAMPERING.values(), ids=TAMPERING.keys())
def test_tampering_with_one_row_is_detected_at_its_seq(
    store: Store, tamper: RawSQL, statement: str
) -> None:
    _fill(store, 6)
    tamper(statement)
    result = store.verify_audit_log()
    assert (result.ok, result.first_broken_seq, result.entries) == (False, 3, 2)


def test_rewriting_a_row_and_its_hash_breaks_the_next_link(store: Store, tamper: RawSQL) -> None:
    _fill(store, 6)
    row = store.audit_log_entries(after_seq=2, limit=1)[0]
    forged = entry_hash(
        seq=3,
        ts=row.ts,
        actor=row.actor,
        action=row.action,
        subject_kind=row.subject_kind,
        subject_id=row.subject_id,
        reason="nothing to see",
        payload=row.payload,
        prev_hash=row.prev_hash,
    )
    tamper(f"UPDATE audit_log SET reason = 'nothing to see', hash = '{forged}' WHERE seq = 3")
    result = store.verify_audit_log()
    assert (result.ok, result.first_broken_seq) == (False, 4)
    assert "link" in (result.problem or "")


@pytest.mark.parametrize(
    ("deleted", "broken_at"), [(3, 3), (1, 1), (6, 6)], ids=["middle", "first", "last"]
)
def test_deleted_entries_are_detected(
    store: Store, tamper: RawSQL, deleted: int, broken_at: int
) -> None:
    _fill(store, 6)
    tamper(f"DELETE FROM audit_log WHERE seq = {deleted}")
    result = store.verify_audit_log()
    assert (result.ok, result.first_broken_seq) == (False, broken_at)


@pytest.mark.parametrize(
    "statement",
    ["UPDATE audit_log SET reason = 'x' WHERE seq = 1", "DELETE FROM audit_log WHERE seq = 1"],
    ids=["update", "delete"],
)
def test_database_refuses_to_change_the_log(store: Store, raw_sql: RawSQL, statement: str) -> None:
    _fill(store, 1)
    with pytest.raises(DBAPIError, match="append-only"):
        raw_sql(statement)
    assert store.verify_audit_log().ok


def test_a_failed_write_leaves_no_audit_entry(store: Store) -> None:
    _fill(store, 2)

    def failing_write() -> None:
        with store.write() as tx:
            tx.audit_log("reviewer:x", "note", "about to fail")
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        failing_write()
    assert [e.seq for e in store.audit_log_entries()] == [1, 2]
    assert store.verify_audit_log().ok


def test_a_write_without_an_audit_entry_is_refused_and_rolled_back(store: Store) -> None:
    with pytest.raises(UnauditedWrite), store.write() as tx:
        tx.session.add(
            PersonRow(person_id="p1", status="active", created_at=tx.now, updated_at=tx.now)
        )
    with store.read() as session:
        assert session.get(PersonRow, "p1") is None


def test_payload_is_stored_as_it_reads_back(store: Store) -> None:
    when = datetime(2026, 3, 1, tzinfo=UTC)
    entry = store.append_audit_log(
        "svc", "note", "typed payload", payload={"ids": ("a", "b"), "at": when}
    )
    assert entry.payload == {"ids": ["a", "b"], "at": "2026-03-01T00:00:00.000000Z"}
    assert store.audit_log_entries()[0].payload == entry.payload
    assert store.verify_audit_log().ok


def test_a_payload_that_is_not_json_is_refused(store: Store) -> None:
    with pytest.raises(ValueError, match="not JSON compliant"):
        store.append_audit_log("svc", "note", "nan", payload={"score": math.nan})
    with pytest.raises(TypeError, match="not JSON"):
        store.append_audit_log(
            "svc", "note", "object", payload={"subject": Subject("account", "a1")}
        )
    assert store.audit_log_entries() == []


def test_concurrent_writers_keep_one_unbroken_chain(store: Store, store_url: str) -> None:
    """Two store objects (as two processes would) and two threads each, all appending."""
    per_thread = 15
    with Store.open(store_url, now=store.now) as other:
        writers = [store, store, other, other]

        def append(index: int, target: Store) -> None:
            for n in range(per_thread):
                target.append_audit_log(f"worker:{index}", "note", f"{index}/{n}")

        threads = [
            threading.Thread(target=append, args=(i, target)) for i, target in enumerate(writers)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    result = store.verify_audit_log()
    assert (result.ok, result.entries) == (True, per_thread * len(writers))
