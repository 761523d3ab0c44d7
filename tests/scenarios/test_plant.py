"""Scenarios are deterministic, complete in their ground truth and carry no descriptive text."""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter, defaultdict

import pyarrow.parquet as pq
import pytest

from netbrake.platform import MEMBER_ROLES, ROLES, ingest
from netbrake.scenarios import SCENARIOS, PlantSize, plant, write
from netbrake.scenarios.draft import EXTRA_ROLES
from netbrake.scenarios.vocabulary import WATCHDOG_BIOS, static_hashtags, static_phrases
from netbrake.signals.params import PROTECTIVE_TERMS
from netbrake.synth.indicators import APPENDED_WORDS, VOCABULARY
from netbrake.text import default_matcher

NAMES = sorted(SCENARIOS)


@pytest.mark.parametrize("name", NAMES)
def test_same_seed_same_platform_other_seed_another(tiny, small_size, name):
    first, again = plant(tiny, name, 5, small_size), plant(tiny, name, 5, small_size)
    for table in first.tables:
        assert first.tables[table].equals(again.tables[table]), table
    assert first.truth.equals(again.truth)
    assert first.seeds == again.seeds
    other = plant(tiny, name, 6, small_size)
    assert not other.tables["edges"].equals(first.tables["edges"])


@pytest.fixture(scope="module")
def planted(backdrop):
    return {name: plant(backdrop, name, 11) for name in NAMES}


def test_labels_cover_every_account_once_with_contract_roles(planted):
    for name, s in planted.items():
        accounts = s.tables["accounts"].column("account_id").to_pylist()
        labels = s.tables["labels"].to_pylist()
        truth = s.truth.to_pylist()
        assert [r["account_id"] for r in labels] == accounts, name
        assert [r["account_id"] for r in truth] == accounts, name
        assert len(set(accounts)) == len(accounts)
        assert {r["role"] for r in labels} <= set(ROLES)
        assert {r["role"] for r in truth} <= {*ROLES, *EXTRA_ROLES}
        for label, fine in zip(labels, truth, strict=True):
            member = label["role"] in MEMBER_ROLES
            assert (label["network_id"] == 1) == member, (name, label)
            assert label["role"] == fine["label_role"]
            assert fine["role"] == label["role"] or fine["role"] in EXTRA_ROLES


def test_the_planted_network_has_the_briefs_shape(planted, backdrop):
    size = PlantSize()
    s = planted["baseline"]
    roles = Counter(s.truth.column("role").to_pylist())
    assert roles["seller"] == size.sellers
    assert roles["buyer"] == size.buyers
    assert (roles["aggregator"], roles["trader"], roles["backup"]) == (5, 5, 2)
    assert roles["touched"] == size.touched
    assert roles["watchdog"] == size.watchdogs
    assert roles["benign"] + roles["touched"] + roles["watchdog"] == backdrop.n
    origin = dict(
        zip(*(s.truth.column(c).to_pylist() for c in ("account_id", "origin")), strict=True)
    )
    role = dict(zip(*(s.truth.column(c).to_pylist() for c in ("account_id", "role")), strict=True))
    assert all(origin[a] == "planted" for a in origin if role[a] in MEMBER_ROLES)
    assert all(origin[a] == "backdrop" for a in origin if role[a] in ("touched", "watchdog"))


def _contacts(s):
    role = dict(zip(*(s.truth.column(c).to_pylist() for c in ("account_id", "role")), strict=True))
    touched_members = defaultdict(set)
    follows = defaultdict(set)
    for e in s.tables["edges"].to_pylist():
        a, b = role[e["src"]], role[e["dst"]]
        if a == "touched" and b in MEMBER_ROLES:
            touched_members[e["src"]].add(e["dst"])
        if b == "touched" and a in MEMBER_ROLES:
            touched_members[e["dst"]].add(e["src"])
        if e["kind"] == "follow" and a == "buyer" and b == "seller":
            follows[e["src"]].add(e["dst"])
    return role, touched_members, follows


def test_touched_users_have_one_to_three_contacts_and_buyers_follow_sellers(planted):
    s = planted["baseline"]
    role, touched_members, follows = _contacts(s)
    touched = [a for a, r in role.items() if r == "touched"]
    assert all(1 <= len(touched_members[t]) <= 3 for t in touched)
    buyers = [a for a, r in role.items() if r == "buyer"]
    assert all(5 <= len(follows[b]) <= 10 for b in buyers)


def test_backups_are_their_sellers_person_and_named_only_where_members_write(planted):
    for name in ("baseline", "scarce"):
        s = planted[name]
        truth = s.truth.to_pylist()
        person = {r["account_id"]: r["person_id"] for r in truth}
        sellers = {r["person_id"] for r in truth if r["role"] == "seller"}
        backups = [r for r in truth if r["role"] == "backup"]
        assert backups
        assert all(b["person_id"] in sellers for b in backups)
        bios = " ".join(b or "" for b in s.tables["accounts"].column("bio").to_pylist())
        handles = dict(
            zip(
                s.tables["accounts"].column("account_id").to_pylist(),
                s.tables["accounts"].column("handle").to_pylist(),
                strict=True,
            )
        )
        named = [f"@{handles[b['account_id']]}" in bios for b in backups]
        assert all(named) if SCENARIOS[name].member_text else not any(named), name
        assert len(set(person.values())) < len(person)


def test_half_of_the_watchdogs_say_so_in_their_bio(planted):
    s = planted["baseline"]
    role = s.truth.column("role").to_pylist()
    bios = s.tables["accounts"].column("bio").to_pylist()
    watchdog_bios = [b for r, b in zip(role, bios, strict=True) if r == "watchdog"]
    protective = [b for b in watchdog_bios if b and any(t in b.lower() for t in PROTECTIVE_TERMS)]
    assert len(protective) == len(watchdog_bios) // 2
    assert set(protective) <= set(WATCHDOG_BIOS)


def test_text_scarce_scenarios_keep_their_members_silent(planted):
    for name in ("scarce", "reports_only", "one_seed"):
        s = planted[name]
        role = dict(
            zip(*(s.truth.column(c).to_pylist() for c in ("account_id", "role")), strict=True)
        )
        writers = {
            a["account_id"]
            for a in s.tables["accounts"].to_pylist()
            if role[a["account_id"]] in MEMBER_ROLES and (a["bio"] or a["external_url"])
        }
        writers |= {
            p["account_id"]
            for p in s.tables["posts"].to_pylist()
            if role[p["account_id"]] in MEMBER_ROLES and p["text"]
        }
        carriers = {r["account_id"] for r in s.truth.to_pylist() if "combined_bio" in r["cohorts"]}
        assert writers == carriers, name
        assert len(carriers) == (2 if name == "scarce" else 0)
    assert len(planted["one_seed"].seeds) in (1, 2)


def test_reports_only_has_advocates_a_brigade_and_sockpuppets(planted):
    s = planted["reports_only"]
    role = dict(zip(*(s.truth.column(c).to_pylist() for c in ("account_id", "role")), strict=True))
    by_reporter = Counter(r["reporter_id"] for r in s.tables["reports"].to_pylist())
    advocates = [a for a, r in role.items() if r == "watchdog"]
    assert all(by_reporter[a] == 35 for a in advocates)
    brigade = [a for a, r in role.items() if r == "brigade"]
    assert [by_reporter[b] for b in brigade] == [300]
    puppets = [a for a, r in role.items() if r == "sockpuppet"]
    targets = {
        r["target_id"] for r in s.tables["reports"].to_pylist() if r["reporter_id"] in puppets
    }
    assert len(puppets) == 3
    assert len(targets) == 1
    devices = {
        i["value"]
        for i in s.tables["identifiers"].to_pylist()
        if i["account_id"] in puppets and i["kind"] == "device"
    }
    assert len(devices) == 1


def test_exports_pass_ingest_without_quarantine(planted, tmp_path):
    for name in ("baseline", "reports_only"):
        folder = write(planted[name], tmp_path / name)
        result = ingest(folder, tmp_path / f"{name}-clean", secret=b"t", max_bad_fraction=0.0)
        assert result.rows_quarantined == 0, name
        meta = json.loads((folder / "scenario.json").read_text())
        assert meta["scenario"] == name
        truth = pq.read_table(folder / "truth.parquet")
        assert truth.num_rows == planted[name].tables["accounts"].num_rows


#: Words that may remain once innocent phrases and recognised indicators are removed:
#: the lexicon vocabulary's own words, words appended to blocked hashtags, innocent tags.
RESIDUE = re.compile(r"[^\W_]+")
#: Undo the disguises synth's writer applies to whole phrases ("d.m f0r m3nu", fullwidth,
#: Cyrillic look-alikes, stretched letters) before looking a leftover word up.
_UNDISGUISE = str.maketrans("3401еаорс", "eaoieaopc")


def _canonical(word: str) -> str:
    plain = unicodedata.normalize("NFKC", word).casefold().translate(_UNDISGUISE)
    return re.sub(r"(.)\1+", r"\1", plain)


ALLOWED = {_canonical(w) for t in VOCABULARY.values() for v in t for w in RESIDUE.findall(v)}
ALLOWED |= {_canonical(w) for w in (*APPENDED_WORDS, *static_hashtags(), "https", "r")}


def _texts(s):
    for a in s.tables["accounts"].to_pylist():
        yield from (a["bio"], a["external_url"], a["display_name"])
    for p in s.tables["posts"].to_pylist():
        yield p["text"]
    for r in s.tables["reports"].to_pylist():
        yield r["text"]


def test_no_descriptive_text_only_innocent_phrases_and_indicator_tokens(planted):
    matcher = default_matcher()
    phrases = static_phrases()
    handles = {
        h for s in planted.values() for h in s.tables["accounts"].column("handle").to_pylist()
    }
    texts = {t for s in planted.values() for t in _texts(s) if t}
    leftovers = Counter()
    for text in texts:
        rest = text
        for phrase in phrases:
            rest = rest.replace(phrase, " ")
        result = matcher.scan(rest)
        chars = list(rest)
        for span in [h.span for h in result.hits] + [e.span for e in result.extracted]:
            chars[span[0] : span[1]] = " " * (span[1] - span[0])
        rest = "".join(chars)
        for handle in handles:
            rest = rest.replace("@" + handle, " ")
        for word in RESIDUE.findall(rest):
            # Single letters are what dotted and spaced disguises leave ("d.m"): no text.
            if len(word) > 1 and _canonical(word) not in ALLOWED and not word.isdigit():
                leftovers[word] += 1
    assert not leftovers, f"words outside the vocabulary tables and the lexicon: {leftovers}"
