"""Per-account evidence: indicators weigh in, innocent look-alikes and lone weak signals do not."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import numpy as np
import pyarrow as pa
import pytest

from netbrake.graph import build_graph, node_evidence
from netbrake.platform import TABLES
from netbrake.signals import AccountSignals, SignalParams, collect_signals
from netbrake.text import default_matcher

TS = datetime(2024, 3, 1, tzinfo=UTC)


def _table(name: str, rows: list[dict[str, Any]]) -> pa.Table:
    schema = TABLES[name].arrow_schema()
    full = [{col: row.get(col) for col in schema.names} for row in rows]
    return pa.Table.from_pylist(full, schema=schema)


def _signals(bios: dict[str, str], posts: list[tuple[str, str]] = (), reports=()) -> AccountSignals:  # type: ignore[assignment]
    accounts = _table(
        "accounts",
        [{"account_id": a, "handle": a, "bio": b, "created_at": TS} for a, b in bios.items()],
    )
    post_rows = [
        {"post_id": f"p{i}", "account_id": a, "created_at": TS, "text": t}
        for i, (a, t) in enumerate(posts)
    ]
    report_rows = [
        {
            "report_id": f"r{i}",
            "reporter_id": who,
            "target_kind": "account",
            "target_id": target,
            "reason": "child_safety",
            "created_at": TS,
        }
        for i, (who, target) in enumerate(reports)
    ]
    return collect_signals(
        accounts, _table("posts", post_rows), _table("reports", report_rows), default_matcher()
    )


def _by_id(sig: AccountSignals, field: str) -> dict[str, float]:
    return dict(zip(sig.account_ids.to_pylist(), getattr(sig, field).tolist(), strict=True))


@pytest.fixture(scope="module")
def sig() -> AccountSignals:
    return _signals(
        {
            "seller": "s3ll3r | on chapter 14 | #mnsfw menu in dm",
            "teen": "14 yo | soccer | #nba",
            "foodie": "pizza lover 🍕 | #cooking #cocktail",
            "traveller": "🗺️ #travel #spelunking",
            "crafts": "#embroidery from Scunthorpe, bestseller patterns",
            "advocate": "child safety advocate | reporting abuse",
            "quiet": "",
            "main": "backup @quiet",
        },
        posts=[("seller", "new pics #mnsfw2024"), ("foodie", "friday 🍕 #pizza")],
    )


def test_seller_indicators_make_strong_evidence_and_a_seed(sig):
    seller = _by_id(sig, "seller")
    assert seller["seller"] >= 0.9
    assert "seller" in sig.seeds(SignalParams().seed_min)
    reasons = sig.reasons[sig.account_ids.to_pylist().index("seller")]
    assert any("age claim 14" in r for r in reasons)
    assert any(r.startswith("bio:") for r in reasons)


@pytest.mark.parametrize("account", ["teen", "foodie", "traveller", "crafts", "advocate", "quiet"])
def test_innocent_profiles_carry_no_seller_evidence(sig, account):
    assert _by_id(sig, "seller")[account] == 0.0
    assert _by_id(sig, "trader")[account] == 0.0


def test_an_age_alone_is_recorded_but_is_not_evidence(sig):
    i = sig.account_ids.to_pylist().index("teen")
    assert sig.stated_age[i] == 14
    assert bool(sig.claims_minor[i])
    assert sig.seller[i] == 0.0


def test_advocate_wording_is_watchdog_evidence(sig):
    watchdog = _by_id(sig, "watchdog")
    assert watchdog["advocate"] >= 0.5
    assert all(v == 0 for k, v in watchdog.items() if k != "advocate")


def test_backup_named_in_a_bio_is_evidence_and_a_mention(sig):
    assert _by_id(sig, "backup")["quiet"] >= 0.5
    rows = sig.mentions.to_pylist()
    assert {
        "account_id": "main",
        "mentioned_handle": "quiet",
        "relation": "backup",
        "source": "bio",
    } in rows


def test_many_child_safety_reports_make_a_reporter_look_like_a_watchdog():
    sig = _signals(
        {"reporter": "just me", "x": "s3ll3r", "y": "", "z": ""},
        reports=[("reporter", "x"), ("reporter", "y"), ("reporter", "z")],
    )
    assert _by_id(sig, "watchdog")["reporter"] >= 0.5
    x = sig.account_ids.to_pylist().index("x")
    assert "reported for child safety 1 time(s)" in sig.reasons[x]


def test_post_hits_name_the_post(sig):
    sources = {row["source"] for row in sig.hits.to_pylist() if row["account_id"] == "seller"}
    assert "post p0" in sources


def test_node_evidence_needs_the_same_accounts(sig):
    ids = sig.account_ids.to_pylist()
    graph = build_graph(ids, [], [], [], {"follow": 1.0})
    evidence = node_evidence(graph, sig)
    assert np.array_equal(evidence.seller, sig.seller)
    other = build_graph(list(reversed(ids)), [], [], [], {"follow": 1.0})
    with pytest.raises(ValueError, match="same accounts"):
        node_evidence(other, sig)


def test_empty_platform_gives_empty_evidence():
    sig = _signals({})
    assert sig.n == 0
    assert sig.seeds(0.5) == []


#: Weak indicators in every mix an ordinary user writes them: never evidence on their own.
WEAK_ONLY = {
    "pizza": "pizza friday 🍕 🍕 🍕",
    "maps": "road trip 🗺️ | map collector 🗺",
    "both": "🍕🗺️ foodie and traveller",
    "shop": "menu: soup 4, bread 2 | paypal, venmo, cashapp",
    "artist": "faceless portraits | dm me | giftcard ok",
    "books": "book seller, on chapter 3 of my novel",
}


def test_weak_indicators_never_decide_alone() -> None:
    sig = _signals(WEAK_ONLY, posts=[("pizza", "pizza night 🍕"), ("maps", "🗺️ again")])
    for field in ("seller", "trader", "community"):
        assert set(_by_id(sig, field).values()) == {0.0}, field
    assert sig.seeds(SignalParams().seed_min) == []


def test_a_combination_in_one_bio_is_a_seed_with_its_explanation() -> None:
    sig = _signals({"ad": "s3ller 🍕 dm me 14 yo", "split": "s3ller", "other": "🍕 dm me"})
    assert sig.seeds(SignalParams().seed_min) == ["ad"]
    reasons = sig.reasons[0]
    assert any("the advertisement pattern" in r for r in reasons), reasons
    assert any("weak alone" in r for r in reasons)
    # The parts spread over two accounts are two weak signals, not a combination.
    assert _by_id(sig, "seller")["split"] == 0.0
