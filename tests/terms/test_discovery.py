"""Term discovery on a synthetic scan: new coded tags first, camouflage and known terms not (F4)."""

from __future__ import annotations

from pathlib import Path

import pytest

from netbrake.errors import InputError
from netbrake.terms import DiscoverySettings, discover
from netbrake.terms.synthetic import COMMON_TAGS, KNOWN_TAGS, NEW_TAGS, write_synthetic_results
from netbrake.text import Matcher


@pytest.fixture(scope="module")
def scan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("results")
    write_synthetic_results(out, accounts=3000, member_share=0.03, seed=7)
    return out


@pytest.fixture(scope="module")
def candidates(scan: Path) -> list:
    return discover(scan, settings=DiscoverySettings(top=50))


def test_the_new_coded_tags_are_the_top_candidates(candidates):
    top = [c.term for c in candidates[: len(NEW_TAGS)]]
    assert sorted(top) == sorted(NEW_TAGS)
    assert all(not c.flags for c in candidates[: len(NEW_TAGS)])


def test_camouflage_tags_are_flagged_common_and_ranked_below_every_new_tag(candidates):
    terms = [c.term for c in candidates]
    last_new = max(terms.index(t) for t in NEW_TAGS)
    shared = [c for c in candidates if c.term in COMMON_TAGS]
    assert shared, "members use the common tags more than ordinary users: they must be listed"
    assert all("common" in c.flags for c in shared)
    assert all(terms.index(c.term) > last_new for c in shared)
    assert "#nba" in terms


def test_terms_the_lexicon_already_has_are_left_out(candidates):
    assert not {c.term for c in candidates} & set(KNOWN_TAGS)


def test_with_include_known_they_are_listed_and_flagged(scan):
    found = discover(scan, settings=DiscoverySettings(top=50, include_known=True))
    known = {c.term: c for c in found if c.term in KNOWN_TAGS}
    assert set(known) == set(KNOWN_TAGS)
    assert all("known" in c.flags for c in known.values())


def test_the_evidence_counts_members_and_strong_cooccurrence(candidates):
    first = candidates[0]
    assert first.member_accounts >= 3
    assert first.ordinary_accounts == 0
    assert 0 < first.member_share <= 1
    # The synthetic members put a known critical tag in about half of their texts.
    assert 0.2 < first.cooccurrence < 0.8
    assert 1 <= len(first.examples) <= 3
    assert all(first.term in e for e in first.examples)


def test_handles_numbers_and_links_never_become_terms_or_examples(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    write_synthetic_results(tmp_path, accounts=600, member_share=0.05, seed=2)
    members = pq.read_table(tmp_path / "accounts.parquet").filter(pa.compute.field("member"))
    posts_file = tmp_path / "dataset" / "posts.parquet"
    posts = pq.read_table(posts_file)
    text = "backup user5 @user7 #vlorpzone https://trade.example.com/x/123456 call 5551234"
    ids = members.column("account_id").to_pylist()
    added = pa.table(
        {
            "post_id": [f"x{i}" for i in range(len(ids))],
            "account_id": ids,
            "text": [text] * len(ids),
            "hashtags": pa.nulls(len(ids), pa.list_(pa.string())),
        }
    )
    pq.write_table(pa.concat_tables([posts, added]), posts_file)
    found = discover(tmp_path, settings=DiscoverySettings(top=100))
    terms = {c.term: c for c in found}
    assert "trade.example.com" in terms
    assert terms["trade.example.com"].kind == "domain"
    assert "backup" in terms
    for leaked in ("user5", "user7", "123456", "5551234"):
        assert leaked not in terms
        assert not [e for c in found for e in c.examples if leaked in e]


def test_a_term_too_few_members_use_is_not_proposed(scan):
    found = discover(scan, settings=DiscoverySettings(top=500, min_member_accounts=3))
    assert all(c.member_accounts >= 3 for c in found)
    strict = discover(scan, settings=DiscoverySettings(top=500, min_member_accounts=10_000))
    assert strict == []


def test_a_word_common_in_english_is_flagged_common_even_when_only_members_use_it(scan):
    found = discover(scan, settings=DiscoverySettings(top=50), zipf=lambda w: 7.0)
    assert all("common" in c.flags for c in found)


def test_precision_of_the_top_candidates(candidates):
    top = [c.term for c in candidates[:5]]
    assert sum(t in NEW_TAGS for t in top) / len(top) == 1.0


@pytest.mark.parametrize(
    ("make", "names"),
    [
        (lambda p: p / "missing", "missing"),
        (lambda p: p, "accounts.parquet"),
    ],
)
def test_bad_results_folders_name_the_file(tmp_path, make, names):
    with pytest.raises(InputError, match=names):
        discover(make(tmp_path))


def test_a_results_folder_without_members_is_refused(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(
        pa.table({"account_id": ["a1"], "member": [False]}), tmp_path / "accounts.parquet"
    )
    with pytest.raises(InputError, match="no network members"):
        discover(tmp_path)


def test_a_small_communitys_own_tag_is_flagged_and_kept_out_of_the_queue(tmp_path):
    import numpy as np

    from netbrake.terms import write_tagged_results

    member = np.zeros(3000, dtype=bool)
    member[:60] = True
    code = np.where(member, 0.4, 0.0)
    niche = np.where(member, 0.05, 0.0)
    niche[1000:1004] = 0.9  # four ordinary accounts whose own tag it is
    write_tagged_results(tmp_path, member, {"#vlorpzone": code, "#snibqerorn": niche}, seed=3)
    found = {c.term: c for c in discover(tmp_path, Matcher.from_policy())}
    assert found["#vlorpzone"].proposed
    assert "community" in found["#snibqerorn"].flags
    assert not found["#snibqerorn"].proposed
    ranked = list(found)
    assert ranked.index("#vlorpzone") < ranked.index("#snibqerorn")
    # with the rule switched off the same tag is proposed: the flag is what protects it
    off = discover(tmp_path, Matcher.from_policy(), DiscoverySettings(community_ratio=1e9))
    assert next(c for c in off if c.term == "#snibqerorn").proposed
