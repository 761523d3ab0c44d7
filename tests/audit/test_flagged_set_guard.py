"""`FlaggedSetGuard`, the guard adapter point and `GuardedRecommender`."""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from netbrake.audit import (
    CallableRecommender,
    FlaggedSetGuard,
    GuardedRecommender,
    Interaction,
    guard_from_engine,
)
from netbrake.errors import InputError

GUARD = FlaggedSetGuard(frozenset({"s1", "b1"}), frozenset({"w1"}))


@pytest.mark.parametrize(
    ("viewer", "candidates", "kept"),
    [
        ("u1", ["a", "s1", "b", "b1"], ["a", "b"]),
        ("b1", ["a", "s1", "b"], []),  # flagged viewers get no suggestions at all
        ("w1", ["s1", "a"], ["a"]),
        ("u1", [], []),
    ],
)
def test_drops_flagged_and_gives_flagged_viewers_nothing(viewer, candidates, kept):
    assert GUARD(viewer, candidates, "suggested_accounts") == kept


@pytest.mark.parametrize(
    ("interaction", "admitted"),
    [
        (Interaction("w1", "s1", "view"), False),
        (Interaction("w1", "a", "follow"), False),
        (Interaction("u1", "s1", "view"), True),
    ],
)
def test_ignores_contact_by_protected_accounts(interaction, admitted):
    assert GUARD.admits(interaction) is admitted


def test_from_results_reads_roles_and_actions(tmp_path):
    rows = [
        {"account_id": "s1", "role": "seller", "network_id": 1, "action": "remove"},
        {"account_id": "x1", "role": None, "network_id": None, "action": "restrict"},
        {"account_id": "t1", "role": "touched", "network_id": None, "action": "none"},
        {"account_id": "w1", "role": "watchdog", "network_id": None, "action": None},
    ]
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "accounts.parquet")
    guard = FlaggedSetGuard.from_results(tmp_path)
    assert guard.flagged == {"s1", "x1"}
    assert guard.protected == {"w1"}


def test_from_results_errors_name_the_file(tmp_path):
    with pytest.raises(InputError, match=r"missing accounts.parquet \(run `netbrake scan` first\)"):
        FlaggedSetGuard.from_results(tmp_path)
    pq.write_table(
        pa.table({"account_id": ["a"], "role": ["seller"]}), tmp_path / "accounts.parquet"
    )
    with pytest.raises(InputError, match="field 'action': column missing"):
        FlaggedSetGuard.from_results(tmp_path)


@dataclass(frozen=True)
class EngineResult:
    kept: list[str]
    dropped: list[dict[str, str]]


class FakeEngine:
    """The guard engine's interface: drops ids starting with 'bad'."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, list[str], str]] = []

    def filter_recommendations(
        self, viewer: str, candidates: list[str], surface: str
    ) -> EngineResult:
        self.calls.append((viewer, candidates, surface))
        kept = [c for c in candidates if not c.startswith("bad")]
        return EngineResult(
            kept, [{"id": c, "action": "drop"} for c in candidates if c not in kept]
        )


def test_guard_engine_adapter():
    engine = FakeEngine()
    guard = guard_from_engine(engine)
    assert guard("v", ["a", "bad1", "b"], "explore") == ["a", "b"]
    assert engine.calls == [("v", ["a", "bad1", "b"], "explore")]


def test_guarded_recommender_overfetches_and_keeps_order():
    asked: list[int] = []

    def suggest(viewer: str, n: int, surface: str) -> list[str]:
        asked.append(n)
        return ["bad1", "a", "bad2", "b", "c", "d"][:n]

    guarded = GuardedRecommender(CallableRecommender(suggest), guard_from_engine(FakeEngine()))
    assert guarded.recommend("v", 2) == ["a", "b"]
    assert asked == [6]


def test_guarded_recommender_ignores_ids_the_guard_invents():
    rec = CallableRecommender(lambda v, n, s: ["a", "b"])
    guarded = GuardedRecommender(rec, lambda v, c, s: ["zzz", *c])
    assert guarded.recommend("v", 5) == ["a", "b"]


def test_guarded_recommender_filters_interactions_before_the_platform_sees_them():
    seen: list[Interaction] = []
    rec = CallableRecommender(lambda v, n, s: [], observe=seen.extend)
    guarded = GuardedRecommender(rec, GUARD, GUARD.admits)
    guarded.with_interactions([Interaction("w1", "s1", "view"), Interaction("u1", "a", "view")])
    assert seen == [Interaction("u1", "a", "view")]
