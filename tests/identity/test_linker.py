"""PersonLinker: which evidence links accounts, which is capped, and what is reported."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pyarrow as pa
import pytest

from netbrake.errors import InputError
from netbrake.identity import LinkingRules, PersonLinker, PersonLinks

Accounts = Callable[..., pa.Table]
Identifiers = Callable[[Sequence[tuple[str, str, str | None]]], pa.Table]


def _persons(result: PersonLinks) -> dict[str, str]:
    return result.person_of()


def _handles(n: int) -> dict[str, str]:
    # Distinct, dissimilar handles: no accidental stem matches.
    words = ["orchid", "granite", "falcon", "meadow", "cobalt", "juniper", "harbor", "quartz"]
    return {f"a{i}": f"{words[i % len(words)]}{'xyzw'[i // len(words) % 4]}" for i in range(n)}


@pytest.mark.parametrize("kind", ["device", "email", "phone", "payment", "cookie"])
def test_shared_strong_identifier_links_two_accounts(
    kind: str, make_accounts: Accounts, make_identifiers: Identifiers
) -> None:
    accounts = make_accounts(_handles(3))
    ids = make_identifiers([("a0", kind, "v1"), ("a2", kind, "v1"), ("a1", kind, "v2")])
    result = PersonLinker().link(accounts, ids)
    persons = _persons(result)
    assert persons == {"a0": "p-a0", "a1": "p-a1", "a2": "p-a0"}
    link = result.links.to_pylist()
    assert link == [
        {
            "a": "a0",
            "b": "a2",
            "kind": kind,
            "detail": f"{kind} shared by 2 accounts",
            "confidence": pytest.approx(LinkingRules().confidence[kind]),
        }
    ]
    assert result.persons.column("person_accounts").to_pylist() == [2, 1, 2]


def test_person_ids_do_not_depend_on_row_order(
    make_accounts: Accounts, make_identifiers: Identifiers
) -> None:
    accounts = make_accounts(_handles(6))
    rows = [
        ("a5", "device", "d"),
        ("a3", "device", "d"),
        ("a1", "email", "e"),
        ("a4", "email", "e"),
    ]
    forward = PersonLinker().link(accounts, make_identifiers(rows))
    backward = PersonLinker().link(
        accounts.take(pa.array([5, 4, 3, 2, 1, 0])), make_identifiers(rows[::-1])
    )
    assert _persons(forward) == _persons(backward)
    assert _persons(forward)["a5"] == "p-a3"
    assert _persons(forward)["a4"] == "p-a1"


@pytest.mark.parametrize("kind", ["ip", "device"])
def test_value_shared_by_100000_accounts_is_reported_not_linked(kind: str) -> None:
    n = 100_000
    ids = [f"acc{i:06d}" for i in range(n)]
    accounts = pa.table({"account_id": ids, "handle": [f"h{i}" for i in range(n)]})
    identifiers = pa.table({"account_id": ids, "kind": [kind] * n, "value": ["public"] * n})
    result = PersonLinker().link(accounts, identifiers)
    assert result.person_count == n
    assert result.links.num_rows == 0
    (row,) = result.suspicious.to_pylist()
    assert row["kind"] == kind
    assert row["value"] == "public"
    assert row["account_count"] == n
    assert "treated as public/shared, not linked" in row["reason"]


def test_a_person_next_to_a_public_ip_still_links_on_its_device(
    make_accounts: Accounts, make_identifiers: Identifiers
) -> None:
    accounts = make_accounts(_handles(30))
    rows: list[tuple[str, str, str | None]] = [(f"a{i}", "ip", "cafe") for i in range(30)]
    rows += [("a7", "device", "phone-of-7"), ("a21", "device", "phone-of-7")]
    result = PersonLinker().link(accounts, make_identifiers(rows))
    persons = _persons(result)
    assert persons["a7"] == persons["a21"] == "p-a21"
    assert len(set(persons.values())) == 29
    assert result.suspicious.column("account_count").to_pylist() == [30]


@pytest.mark.parametrize("empty", ["", "   ", None])
def test_empty_identifier_values_are_ignored_and_counted(
    empty: str | None, make_accounts: Accounts, make_identifiers: Identifiers
) -> None:
    accounts = make_accounts(_handles(4))
    ids = make_identifiers(
        [(f"a{i}", "email", empty) for i in range(4)] + [("a9", "email", "x"), ("a1", "fax", "x")]
    )
    result = PersonLinker().link(accounts, ids)
    assert result.person_count == 4
    assert result.links.num_rows == 0
    assert result.suspicious.num_rows == 0
    # Four empty values, one unknown account, one unknown kind.
    assert result.skipped_identifier_rows == 6


@pytest.mark.parametrize(
    ("shared_ips", "linked"),
    [(["ip1"], False), (["ip1", "ip2"], True), (["ip1", "ip2", "ip3"], True)],
)
def test_ip_links_only_by_co_occurrence(
    shared_ips: list[str], linked: bool, make_accounts: Accounts, make_identifiers: Identifiers
) -> None:
    accounts = make_accounts(_handles(2))
    rows: list[tuple[str, str, str | None]] = [
        (a, "ip", ip) for ip in shared_ips for a in ("a0", "a1")
    ]
    result = PersonLinker().link(accounts, make_identifiers(rows))
    assert (_persons(result)["a1"] == "p-a0") is linked
    if linked:
        assert result.links.column("kind").to_pylist() == ["ip_cooccurrence"]


def test_two_crowded_ips_do_not_link(
    make_accounts: Accounts, make_identifiers: Identifiers
) -> None:
    """Two accounts behind the same two busy NAT addresses are still strangers."""
    accounts = make_accounts(_handles(20))
    rows: list[tuple[str, str, str | None]] = [
        (f"a{i}", "ip", ip) for i in range(20) for ip in ("nat1", "nat2")
    ]
    result = PersonLinker().link(accounts, make_identifiers(rows))
    assert result.person_count == 20
    assert sorted(result.suspicious.column("value").to_pylist()) == ["nat1", "nat2"]


def test_backup_handle_named_in_bio_links(
    make_accounts: Accounts, mentions_from_bios: Callable[[pa.Table], pa.Table]
) -> None:
    accounts = make_accounts(
        {"a1": "lily_main", "a2": "Lily.Spare", "a3": "tomato"},
        {"a1": "dm for menu. backup @lily.spare if this goes", "a3": "shout out to @lily.spare"},
    )
    mentions = mentions_from_bios(accounts)
    result = PersonLinker().link(accounts, mentions=mentions)
    persons = _persons(result)
    assert persons["a2"] == persons["a1"] == "p-a1"
    assert persons["a3"] == "p-a3"
    assert result.links.to_pylist()[0]["detail"] == "bio names @lily.spare as backup"


def test_mention_of_a_handle_that_does_not_exist_is_kept_as_a_signature(
    make_accounts: Accounts,
) -> None:
    accounts = make_accounts({"a1": "rosa"})
    mentions = pa.table(
        {
            "account_id": ["a1"],
            "mentioned_handle": ["@rosa_b2"],
            "relation": ["backup"],
            "source": ["bio"],
        }
    )
    result = PersonLinker().link(accounts, mentions=mentions)
    sig = result.signatures.filter(
        pa.compute.equal(result.signatures.column("kind"), "named_handle")
    )
    assert sig.to_pylist() == [{"account_id": "a1", "kind": "named_handle", "value": "rosa_b2"}]


@pytest.mark.parametrize(
    ("relation", "linked"), [("backup", True), ("alternate", True), ("shoutout", False)]
)
def test_only_ownership_relations_link(
    relation: str, linked: bool, make_accounts: Accounts
) -> None:
    accounts = make_accounts({"a1": "oak", "a2": "pine"})
    mentions = pa.table(
        {
            "account_id": ["a1"],
            "mentioned_handle": ["pine"],
            "relation": [relation],
            "source": ["post"],
        }
    )
    assert (_persons(PersonLinker().link(accounts, mentions=mentions))["a2"] == "p-a1") is linked


def test_handle_named_as_backup_by_many_accounts_is_capped(make_accounts: Accounts) -> None:
    handles = {f"a{i}": f"seller{i}x" for i in range(5)} | {"hub": "the_hub"}
    accounts = make_accounts(handles)
    mentions = pa.table(
        {
            "account_id": [f"a{i}" for i in range(5)],
            "mentioned_handle": ["the_hub"] * 5,
            "relation": ["backup"] * 5,
        }
    )
    result = PersonLinker().link(accounts, mentions=mentions)
    assert result.person_count == 6
    (row,) = result.suspicious.to_pylist()
    assert (row["kind"], row["value"], row["account_count"]) == ("named_handle", "the_hub", 5)


def test_handle_similarity_alone_does_not_link(make_accounts: Accounts) -> None:
    accounts = make_accounts({"a1": "marisol_backup2", "a2": "Marisol", "a3": "marisol.new"})
    result = PersonLinker().link(accounts)
    assert result.person_count == 3
    assert result.links.num_rows == 0


def test_near_identical_bio_alone_does_not_link(make_accounts: Accounts) -> None:
    bio = "selling my private collection, menu in dm, fast replies"
    accounts = make_accounts(
        {"a1": "orchidx", "a2": "granitey"}, {"a1": bio + " 14", "a2": bio.upper() + " 15 !!"}
    )
    assert PersonLinker().link(accounts).person_count == 2


def test_two_weak_signals_together_link(make_accounts: Accounts) -> None:
    bio = "selling my private collection, menu in dm, fast replies"
    accounts = make_accounts(
        {"a1": "marisol_official", "a2": "marisol_bk3"}, {"a1": bio + " @old", "a2": bio + " @new"}
    )
    result = PersonLinker().link(accounts)
    assert _persons(result)["a2"] == "p-a1"
    assert sorted(result.links.column("kind").to_pylist()) == ["bio", "handle_similarity"]
    # Two weak signals give a confidence below the strong kinds': a reviewer looks first.
    assert result.persons.column("link_confidence").to_pylist()[0] == pytest.approx(0.75)


@pytest.mark.parametrize("ip_weak", [True, False])
def test_handle_similarity_and_one_shared_ip_link_only_when_enabled(
    ip_weak: bool, make_accounts: Accounts, make_identifiers: Identifiers
) -> None:
    accounts = make_accounts({"a1": "marisol_official", "a2": "marisol_bk3", "a3": "juniperq"})
    ids = make_identifiers([("a1", "ip", "home"), ("a2", "ip", "home"), ("a3", "ip", "home")])
    persons = _persons(PersonLinker(LinkingRules(ip_weak=ip_weak)).link(accounts, ids))
    assert (persons["a2"] == persons["a1"]) is ip_weak
    assert persons["a3"] == "p-a3"


def test_same_profile_image_needs_a_second_signal(
    make_accounts: Accounts, make_identifiers: Identifiers
) -> None:
    pdq = "f" * 64
    images = pa.table({"account_id": ["a1", "a2", "a3"], "pdq": [pdq, pdq.upper(), pdq]})
    accounts = make_accounts({"a1": "marisol_official", "a2": "marisol_bk3", "a3": "juniperq"})
    persons = _persons(PersonLinker().link(accounts, profile_images=images))
    assert persons["a2"] == persons["a1"] != persons["a3"]


def test_oversized_component_is_split_and_reported(
    make_accounts: Accounts, make_identifiers: Identifiers
) -> None:
    # A chain of devices each shared by two accounts: a farm, not a person.
    accounts = make_accounts(_handles(8))
    rows: list[tuple[str, str, str | None]] = []
    for i in range(7):
        rows += [(f"a{i}", "device", f"d{i}"), (f"a{i + 1}", "device", f"d{i}")]
    result = PersonLinker(LinkingRules(max_person_accounts=5)).link(
        accounts, make_identifiers(rows)
    )
    assert result.person_count == 8
    (row,) = result.suspicious.to_pylist()
    assert (row["kind"], row["value"], row["account_count"]) == ("component", "a0", 8)
    assert result.links.num_rows == 7  # the evidence stays visible for review


def test_duplicate_account_ids_are_rejected(make_accounts: Accounts) -> None:
    accounts = pa.table({"account_id": ["a1", "a1"], "handle": ["x", "y"]})
    with pytest.raises(InputError, match="unique"):
        PersonLinker().link(accounts)


def test_rules_from_mapping_overrides_caps_and_rejects_unknown_keys() -> None:
    rules = LinkingRules.from_mapping({"caps": {"device": 2}, "ip_min_shared": 3, "ip_weak": True})
    assert rules.ip_weak
    assert rules.cap("device") == 2
    assert rules.cap("email") == 3
    assert rules.ip_min_shared == 3
    with pytest.raises(ValueError, match="unknown linking settings: ip_capp"):
        LinkingRules.from_mapping({"ip_capp": 3})


def test_link_confidence_grows_with_evidence(
    make_accounts: Accounts, make_identifiers: Identifiers
) -> None:
    accounts = make_accounts(_handles(2))
    one = PersonLinker().link(
        accounts, make_identifiers([("a0", "cookie", "c"), ("a1", "cookie", "c")])
    )
    two = PersonLinker().link(
        accounts,
        make_identifiers(
            [
                ("a0", "cookie", "c"),
                ("a1", "cookie", "c"),
                ("a0", "email", "e"),
                ("a1", "email", "e"),
            ]
        ),
    )
    c1 = np.array(one.persons.column("link_confidence").to_pylist())
    c2 = np.array(two.persons.column("link_confidence").to_pylist())
    assert (c2 > c1).all()


def test_plain_mention_of_a_similar_handle_links(make_accounts: Accounts) -> None:
    """ "if I get banned: @anna_b2" is not a backup phrase, but with a similar handle it links."""
    accounts = make_accounts({"a1": "marisol_official", "a2": "marisol_bk3", "a3": "juniperq"})
    mentions = pa.table(
        {
            "account_id": ["a1", "a1"],
            "mentioned_handle": ["@marisol_bk3", "juniperq"],
            "relation": ["mention", "mention"],
        }
    )
    result = PersonLinker().link(accounts, mentions=mentions)
    persons = _persons(result)
    assert persons["a2"] == persons["a1"] != persons["a3"]
    assert sorted(result.links.column("kind").to_pylist()) == ["handle_similarity", "mention"]
