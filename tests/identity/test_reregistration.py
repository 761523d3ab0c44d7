"""Re-registration: a new account that belongs to an actioned person is recognised, with evidence."""

from __future__ import annotations

from dataclasses import replace

import pyarrow as pa
import pytest

from netbrake.identity import (
    LinkingRules,
    NewAccount,
    PersonLinker,
    PersonLinks,
    check_reregistration,
)

BIO = "new here. selling my private collection, menu in dm, fast replies"


@pytest.fixture
def known() -> PersonLinks:
    accounts = pa.table(
        {
            "account_id": ["a1", "a2", "b1", "c1"],
            "handle": ["marisol_official", "marisol_bk1", "juniperq", "orchidz"],
            "bio": [BIO, None, "hiking and dogs, nothing else here", None],
        }
    )
    identifiers = pa.table(
        {
            "account_id": ["a1", "a2", "a1", "b1", "c1"],
            "kind": ["device", "device", "ip", "ip", "ip"],
            "value": ["dev-m", "dev-m", "home-m", "home-b", "nat"],
        }
    )
    # "nat" is shared by many accounts outside this table's persons.
    crowd = pa.table(
        {
            "account_id": [f"z{i}" for i in range(20)],
            "handle": [f"crowd{i}q" for i in range(20)],
            "bio": pa.nulls(20, pa.string()),
        }
    )
    crowd_ids = pa.table(
        {"account_id": [f"z{i}" for i in range(20)], "kind": ["ip"] * 20, "value": ["nat"] * 20}
    )
    mentions = pa.table(
        {
            "account_id": ["a1"],
            "mentioned_handle": ["@marisol_bk2"],
            "relation": ["backup"],
            "source": ["bio"],
        }
    )
    return PersonLinker().link(
        pa.concat_tables([accounts, crowd]), pa.concat_tables([identifiers, crowd_ids]), mentions
    )


def test_fixture_links_the_known_person(known: PersonLinks) -> None:
    assert known.accounts_of("p-a1") == ["a1", "a2"]


@pytest.mark.parametrize(
    ("new", "kind"),
    [
        (NewAccount("n1", "orchid_garden", identifiers=(("device", "dev-m"),)), "device"),
        (NewAccount("n2", "marisol_bk2"), "named_handle"),
        (
            NewAccount("n3", "fresh_start", mentions=(("@marisol_official", "old"),)),
            "names_known_handle",
        ),
        (NewAccount("n4", "marisol.new", bio=BIO + " 16"), "handle_similarity"),
    ],
)
def test_new_account_of_actioned_person_is_recognised(
    known: PersonLinks, new: NewAccount, kind: str
) -> None:
    (match,) = check_reregistration([new], known, ["p-a1"])
    assert match.account_id == new.account_id
    assert match.person_id == "p-a1"
    assert match.actioned
    assert kind in {e.kind for e in match.evidence}
    assert all(e.known_account_id in {"a1", "a2"} for e in match.evidence)
    assert 0.0 < match.confidence <= 1.0
    assert match.to_json()["person_id"] == "p-a1"


@pytest.mark.parametrize(
    "new",
    [
        NewAccount("m1", "marisol.new"),  # similar handle only
        NewAccount("m2", "orchid_y", bio=BIO),  # bio only
        NewAccount("m3", "pear", identifiers=(("ip", "nat"),)),  # crowded IP
        NewAccount("m4", "pear", identifiers=(("ip", "home-m"),)),  # one IP is weak
        NewAccount("m5", "pear", identifiers=(("device", ""),)),  # empty value
        NewAccount("m6", "pear", mentions=(("@marisol_official", "shoutout"),)),
    ],
)
def test_weak_or_capped_evidence_does_not_match(known: PersonLinks, new: NewAccount) -> None:
    assert check_reregistration([new], known, ["p-a1"]) == []


def test_only_actioned_persons_are_reported_by_default(known: PersonLinks) -> None:
    new = NewAccount("n1", "pear", identifiers=(("device", "dev-m"),))
    assert check_reregistration([new], known, ["p-b1"]) == []
    (match,) = check_reregistration([new], known, ["p-b1"], include_unactioned=True)
    assert not match.actioned


@pytest.mark.parametrize("ip_weak", [True, False])
def test_one_ip_plus_similar_handle_matches_only_when_enabled(
    known: PersonLinks, ip_weak: bool
) -> None:
    new = NewAccount("n1", "marisol_again", identifiers=(("ip", "home-m"),))
    known = replace(known, rules=LinkingRules(ip_weak=ip_weak))
    matches = check_reregistration([new], known, ["p-a1"])
    assert [{e.kind for e in m.evidence} for m in matches] == (
        [{"ip", "handle_similarity"}] if ip_weak else []
    )


def test_two_few_shared_ips_match() -> None:
    accounts = pa.table({"account_id": ["a1", "a2"], "handle": ["oak", "pine"]})
    ids = pa.table(
        {"account_id": ["a1", "a1", "a2"], "kind": ["ip", "ip", "ip"], "value": ["i1", "i2", "i1"]}
    )
    known = PersonLinker().link(accounts, ids)
    new = NewAccount("n1", "birch", identifiers=(("ip", "i1"), ("ip", "i2")))
    (match,) = check_reregistration([new], known, ["p-a1"])
    assert match.person_id == "p-a1"
    assert {e.kind for e in match.evidence} == {"ip"}


def test_from_tables_reads_export_rows(known: PersonLinks) -> None:
    accounts = pa.table({"account_id": ["n1", "n2"], "handle": ["pear", "apple"]})
    identifiers = pa.table({"account_id": ["n2"], "kind": ["email"], "value": ["x"]})
    mentions = pa.table(
        {"account_id": ["n1"], "mentioned_handle": ["marisol_official"], "relation": ["main"]}
    )
    new = NewAccount.from_tables(accounts, identifiers, mentions)
    assert new[1].identifiers == (("email", "x"),)
    (match,) = check_reregistration(new, known, ["p-a1"])
    assert match.account_id == "n1"
