"""Ground truth is consistent: roles, networks, persons and the contacts each role implies."""

from __future__ import annotations

from collections import Counter, defaultdict

from netbrake.platform import MEMBER_ROLES, ROLES, TABLES
from netbrake.synth import SynthConfig
from netbrake.synth.contacts import MIN_SELLERS_FOLLOWED


def _by_id(rows):
    return {r["account_id"]: r for r in rows["labels"]}


def test_every_account_has_exactly_one_label(rows):
    accounts = [r["account_id"] for r in rows["accounts"]]
    labels = [r["account_id"] for r in rows["labels"]]
    assert sorted(accounts) == sorted(labels)
    assert len(set(labels)) == len(labels)
    assert {r["role"] for r in rows["labels"]} <= set(ROLES)


def test_members_and_only_members_have_network_ids(rows):
    for label in rows["labels"]:
        member = label["role"] in MEMBER_ROLES
        assert (label["network_id"] is not None) == member, label
        if member:
            assert label["network_id"] >= 1


def test_all_roles_are_planted(rows):
    assert set(Counter(r["role"] for r in rows["labels"])) == set(ROLES)


def test_several_networks_of_different_sizes(rows):
    sizes = Counter(r["network_id"] for r in rows["labels"] if r["network_id"] is not None)
    assert len(sizes) >= 2
    assert len(set(sizes.values())) == len(sizes)


def test_default_network_plan_scales_with_accounts():
    small, large = SynthConfig(accounts=10_000), SynthConfig(accounts=1_000_000)
    assert small.network_count < large.network_count <= 8
    assert all(20 <= s <= 150 for s in small.network_sizes())
    assert 0.002 <= sum(large.network_sizes()) / large.accounts <= 0.005


def test_person_ids_are_unique_except_backups_and_their_primary(rows):
    label = _by_id(rows)
    persons = defaultdict(list)
    for r in rows["labels"]:
        persons[r["person_id"]].append(r["role"])
    for roles in persons.values():
        if len(roles) > 1:
            assert roles.count("backup") == len(roles) - 1
            assert set(roles) - {"backup"} <= {"seller", "trader"}
    assert any(label[a]["role"] == "backup" for a in label)


def test_backups_share_identifiers_and_are_named_in_their_primarys_bio(rows):
    label = _by_id(rows)
    accounts = {r["account_id"]: r for r in rows["accounts"]}
    idents = defaultdict(set)
    for r in rows["identifiers"]:
        idents[r["account_id"]].add((r["kind"], r["value"]))
    primary_of = {r["person_id"]: r["account_id"] for r in rows["labels"] if r["role"] != "backup"}
    backups = [r for r in rows["labels"] if r["role"] == "backup"]
    assert backups
    for backup in backups:
        primary = primary_of[backup["person_id"]]
        assert label[primary]["network_id"] == backup["network_id"]
        assert idents[primary] & idents[backup["account_id"]]
        assert "@" + accounts[backup["account_id"]]["handle"] in accounts[primary]["bio"]


def test_backups_keep_their_primarys_followers(rows):
    label = _by_id(rows)
    followers = defaultdict(set)
    for e in rows["edges"]:
        if e["kind"] == "follow":
            followers[e["dst"]].add(e["src"])
    primary_of = {r["person_id"]: r["account_id"] for r in rows["labels"] if r["role"] != "backup"}
    for a, r in label.items():
        if r["role"] == "backup":
            assert followers[a] & followers[primary_of[r["person_id"]]]


def test_buyers_follow_several_sellers_of_their_network(rows):
    label = _by_id(rows)
    followed = defaultdict(set)
    for e in rows["edges"]:
        if e["kind"] == "follow" and label[e["dst"]]["role"] == "seller":
            assert label[e["src"]]["role"] != "buyer" or (
                label[e["src"]]["network_id"] == label[e["dst"]]["network_id"]
            )
            followed[e["src"]].add(e["dst"])
    sellers = Counter(r["network_id"] for r in rows["labels"] if r["role"] == "seller")
    for a, r in label.items():
        if r["role"] == "buyer":
            need = min(MIN_SELLERS_FOLLOWED, sellers[r["network_id"]])
            assert len(followed[a]) >= need


def test_members_never_contact_watchdogs_but_watchdogs_watch_many_members(rows):
    label = _by_id(rows)
    watched = Counter()
    for e in rows["edges"]:
        src, dst = label[e["src"]]["role"], label[e["dst"]]["role"]
        assert not (src in MEMBER_ROLES and dst == "watchdog"), e
        if src == "watchdog" and dst in MEMBER_ROLES:
            watched[e["src"]] += 1
    watchdogs = [a for a, r in label.items() if r["role"] == "watchdog"]
    assert all(watched[w] >= 10 for w in watchdogs)


def test_ordinary_users_follow_watchdogs(rows):
    label = _by_id(rows)
    assert any(
        e["kind"] == "follow"
        and label[e["src"]]["role"] == "benign"
        and label[e["dst"]]["role"] == "watchdog"
        for e in rows["edges"]
    )


def test_touched_users_have_exactly_one_member_contact(rows):
    label = _by_id(rows)
    contacts = Counter()
    for e in rows["edges"]:
        if label[e["src"]]["role"] == "touched" and label[e["dst"]]["role"] in MEMBER_ROLES:
            assert e["kind"] in ("follow", "view")
            contacts[e["src"]] += 1
    touched = [a for a, r in label.items() if r["role"] == "touched"]
    assert touched
    assert all(contacts[t] == 1 for t in touched)


def test_benign_accounts_never_contact_members(rows):
    label = _by_id(rows)
    for e in rows["edges"]:
        if label[e["src"]]["role"] == "benign":
            assert label[e["dst"]]["role"] not in MEMBER_ROLES, e


def test_members_follow_popular_benign_accounts(rows):
    label = _by_id(rows)
    camouflage = sum(
        1
        for e in rows["edges"]
        if label[e["src"]]["role"] in MEMBER_ROLES and label[e["dst"]]["role"] == "benign"
    )
    members = sum(1 for r in rows["labels"] if r["role"] in MEMBER_ROLES)
    assert camouflage >= 2 * members


def test_edge_kinds_mix_and_rare_duplicates(platform):
    edges = platform.tables["edges"]
    kinds = Counter(edges.column("kind").to_pylist())
    assert set(kinds) == set(TABLES["edges"].column("kind").choices)
    assert kinds["follow"] > kinds["view"] > kinds["message"]
    keys = list(zip(*(edges.column(c).to_pylist() for c in ("src", "dst", "kind")), strict=True))
    assert len(set(keys)) == len(keys)


def test_reports_true_false_and_mass(rows):
    label = _by_id(rows)
    by_reporter = Counter(r["reporter_id"] for r in rows["reports"])
    assert max(by_reporter.values()) >= 200
    true = [
        r
        for r in rows["reports"]
        if r["target_kind"] == "account" and label[r["target_id"]]["role"] in MEMBER_ROLES
    ]
    assert true
    assert all(r["reason"] == "child_safety" for r in true)
    assert any(label[r["reporter_id"]]["role"] == "watchdog" for r in true)
    false_cs = [
        r
        for r in rows["reports"]
        if r["target_kind"] == "account"
        and r["reason"] == "child_safety"
        and label[r["target_id"]]["role"] == "benign"
    ]
    assert false_cs
    assert {"spam", "harassment"} <= {r["reason"] for r in rows["reports"]}
    assert {r["target_kind"] for r in rows["reports"]} == {"account", "post", "hashtag"}


def test_unrelated_benign_accounts_share_carrier_ips_and_a_device_farm(rows):
    label = _by_id(rows)
    holders = defaultdict(set)
    for r in rows["identifiers"]:
        holders[(r["kind"], r["value"])].add(r["account_id"])
    shared = {k: v for k, v in holders.items() if len(v) >= 5}
    assert {k[0] for k in shared} == {"ip", "device"}
    for accounts in shared.values():
        assert len({label[a]["person_id"] for a in accounts}) == len(accounts)


def test_edges_happen_after_both_accounts_exist(rows):
    created = {r["account_id"]: r["created_at"] for r in rows["accounts"]}
    for e in rows["edges"]:
        assert e["ts"] >= max(created[e["src"]], created[e["dst"]])
        assert e["ts"].year == 2024
