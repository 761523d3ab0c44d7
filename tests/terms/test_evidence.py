"""Discovery completeness (F4): phrases, emoji runs, variants in searches, and their evidence."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from netbrake.terms import DiscoverySettings, discover
from netbrake.terms.synthetic import write_synthetic_results


def _member_ids(results: Path) -> list[str]:
    accounts = pq.read_table(results / "accounts.parquet")
    return accounts.filter(pc.field("member")).column("account_id").to_pylist()


def _add_posts(results: Path, ids: list[str], text: str) -> None:
    file = results / "dataset" / "posts.parquet"
    posts = pq.read_table(file)
    added = pa.table(
        {
            "post_id": [f"x{len(posts)}-{i}" for i in range(len(ids))],
            "account_id": ids,
            "text": [text] * len(ids),
            "hashtags": pa.nulls(len(ids), pa.list_(pa.string())),
        }
    )
    pq.write_table(pa.concat_tables([posts, added]), file)


@pytest.fixture(scope="module")
def found(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    out = tmp_path_factory.mktemp("evidence")
    write_synthetic_results(out, accounts=2000, member_share=0.03, seed=3)
    ids = _member_ids(out)
    # An everyday word and a made-up one as a code phrase, and an emoji sequence, in member posts only.
    _add_posts(out, ids[:20], "quiet blue zorvik now \U0001f9c3\U0001f511 dm")
    searches = pa.table(
        {
            "searcher_id": [*ids[:12], "a1", "a2"],
            "query": ["#pedob4it"] * 12 + ["#nba", "#food"],
            "surface": ["autocomplete"] * 6 + ["search"] * 8,
            "ts": pa.array([0] * 14, pa.timestamp("us", tz="UTC")),
        }
    )
    pq.write_table(searches, out / "dataset" / "searches.parquet")
    return {c.key: c for c in discover(out, settings=DiscoverySettings(top=5000))}


def test_a_phrase_of_everyday_words_is_marked_common(found):
    assert "common" in found["phrase:quiet blue"].flags


def test_a_two_word_code_phrase_is_a_candidate_with_its_context(found):
    phrase = found["phrase:blue zorvik"]
    assert phrase.member_accounts == 20
    assert phrase.ordinary_accounts == 0
    assert "common" not in phrase.flags
    assert all("blue zorvik" in e for e in phrase.examples)


def test_an_emoji_sequence_is_one_candidate(found):
    emoji = found["emoji:\U0001f9c3\U0001f511"]
    assert emoji.member_accounts == 20


def test_a_blocked_terms_variant_typed_into_search_is_a_candidate_of_that_entry(found):
    variant = found["hashtag:#pedob4it"]
    assert "variant" in variant.flags
    assert variant.variant_of == "tag.pedobait"
    assert variant.searches == 12
    assert variant.proposed


def test_each_candidate_carries_its_shares_and_strong_cooccurrence(found):
    phrase = found["phrase:blue zorvik"]
    assert phrase.member_share == pytest.approx(20 / 60)
    assert phrase.ordinary_share == 0.0
    # These posts carry no strong tag; the planted coded tags share texts with the
    # synthetic members' critical tags.
    assert phrase.cooccurrence == 0.0
    assert found["hashtag:#vlorpzone"].cooccurrence > 0.1
