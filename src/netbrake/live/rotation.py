"""The rotation drill: removed persons come back while a recommender serves viewers (F6, F9).

A synthetic platform is scanned; live mode starts from the scan. Removed
network members (``enforcement`` events) re-register as new accounts of the
same persons, their followers follow them again, they follow back and post
new variants of their hashtags, all as live events. Half of the new accounts
share a device, email or phone hash with the removed account at sign-up; the
other half sign up clean and the shared value is seen ``delay`` rounds later
(an ``identifier`` event: a login from the old device). After every round a
reference recommender (:data:`netbrake.audit.REFERENCE_RECOMMENDERS`, rebuilt
on the platform's graph so far, taken-down accounts excluded) serves each
viewer (the removed accounts' followers and a sample of other accounts), once
unguarded and once through the live guard. An impression is a new account in a
viewer's top ``n``; the figure is the guarded impressions after the new
account's first linkable event (target 0), beside those before it and the
unguarded ones. Deterministic: no threads, each batch is applied before it is
answered. Used by tests (small) and ``python -m benchmarks live``.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from netbrake.audit import (
    REFERENCE_RECOMMENDERS,
    GuardedRecommender,
    InteractionGraph,
    guard_from_engine,
)
from netbrake.guard import GuardEngine
from netbrake.live.replay import event_line
from netbrake.live.service import LiveService
from netbrake.platform import Dataset, IdentifierHasher
from netbrake.policy import Policy
from netbrake.results import DATASET_DIR, ScanResults
from netbrake.scan import ScanRequest, scan
from netbrake.store import Store
from netbrake.synth import SynthConfig, generate

LINKING = ("device", "email", "phone")
SECRET = b"rotation-drill"


@dataclass
class Counts:
    unguarded: int = 0
    before: int = 0
    after: int = 0


@dataclass
class RotationResult:
    """Impressions of the new accounts per recommender, and what the drill did."""

    rotations: int
    rounds: int
    viewers: int
    served: int = 0
    by_recommender: dict[str, Counts] = field(default_factory=dict)
    linked: int = 0
    late_links: int = 0

    @property
    def after(self) -> int:
        return sum(c.after for c in self.by_recommender.values())


@dataclass
class _Rotation:
    old: str
    new: str
    kind: str
    value: str
    link_round: int
    followers: list[str]
    followees: list[str]
    tags: list[str]
    linkable: bool = False


def _rotations(export: Path, results: Path, count: int, delay: int) -> list[_Rotation]:
    rows = ScanResults.open(results).accounts(["account_id", "action"]).to_pylist()
    removed = [r["account_id"] for r in rows if r["action"] == "remove_account"]
    raw = Dataset(export).table("identifiers").to_pylist()
    owners: dict[tuple[str, str], int] = defaultdict(int)
    for row in raw:
        owners[(row["kind"], row["value"])] += 1
    value_of: dict[str, tuple[str, str]] = {}
    for row in raw:
        key = (row["kind"], row["value"])
        if row["kind"] in LINKING and owners[key] <= 2 and row["account_id"] not in value_of:
            value_of[row["account_id"]] = key
    edges = Dataset(export).table("edges", ["src", "dst", "kind"]).to_pylist()
    followers: dict[str, list[str]] = defaultdict(list)
    followees: dict[str, list[str]] = defaultdict(list)
    for e in edges:
        if e["kind"] == "follow":
            followers[e["dst"]].append(e["src"])
            followees[e["src"]].append(e["dst"])
    posts = Dataset(export).table("posts", ["account_id", "hashtags"]).to_pylist()
    tags: dict[str, list[str]] = defaultdict(list)
    for p in posts:
        tags[p["account_id"]].extend(p["hashtags"] or ())
    # One rotation per shared value: two new accounts on one email would pass its cap.
    chosen: list[str] = []
    used: set[tuple[str, str]] = set()
    for account in removed:
        if account in value_of and followers[account] and value_of[account] not in used:
            chosen.append(account)
            used.add(value_of[account])
    chosen = chosen[:count]
    return [
        _Rotation(
            old,
            f"{old}-again",
            *value_of[old],
            link_round=1 + (delay if i % 2 else 0),
            followers=sorted(set(followers[old])),
            followees=sorted(set(followees[old])),
            tags=tags[old] or ["again"],
        )
        for i, old in enumerate(chosen)
    ]


def _round_events(r: int, rot: _Rotation, ts: datetime) -> list[str]:
    """The new account's events of round ``r`` (1: sign-up and follows, 2: posts)."""
    out: list[str] = []
    if r == 1:
        data: dict[str, Any] = {"account_id": rot.new, "handle": f"{rot.new}_x", "created_at": ts,
                                "identifiers": [{"kind": "email", "value": f"{rot.new}@new.example"}]}  # fmt: skip
        if rot.link_round == 1:
            data["identifiers"].append({"kind": rot.kind, "value": rot.value})
        out.append(event_line(f"{rot.new}:account", "account", ts, data))
        for f in rot.followers:
            out.append(event_line(f"{rot.new}:in:{f}", "edge", ts,
                                  {"src": f, "dst": rot.new, "kind": "follow", "ts": ts}))  # fmt: skip
        for f in rot.followees:
            out.append(event_line(f"{rot.new}:out:{f}", "edge", ts,
                                  {"src": rot.new, "dst": f, "kind": "follow", "ts": ts}))  # fmt: skip
    if r == 2:
        for i, tag in enumerate(rot.tags[:3]):
            data = {"post_id": f"{rot.new}:p{i}", "account_id": rot.new, "created_at": ts,
                    "hashtags": [f"{tag}{i + 2}"]}  # fmt: skip
            out.append(event_line(f"{rot.new}:post:{i}", "post", ts, data))
    if r == rot.link_round and r > 1:
        data = {"account_id": rot.new, "kind": rot.kind, "value": rot.value}
        out.append(event_line(f"{rot.new}:identifier", "identifier", ts, data))
    return out


def run_rotation(
    workdir: Path, *, accounts: int = 2_000, rotations: int = 6, viewers: int = 60,
    delay: int = 2, top: int = 10, seed: int = 3,
) -> RotationResult:  # fmt: skip
    """Run the drill in ``workdir`` (export, scan results and a SQLite store there)."""
    export, results = workdir / "export", workdir / "results"
    generate(SynthConfig(accounts=accounts, seed=seed), export)
    scan(ScanRequest(export, results, Policy.load(), SECRET))
    plan = _rotations(export, results, rotations, delay)
    store = Store.open(f"sqlite:///{workdir / 'rotation.sqlite'}", migrate_schema=True)
    engine = GuardEngine(results=results, store=store)
    live = LiveService(store, engine, hasher=IdentifierHasher(SECRET))
    dataset = Dataset.open(results / DATASET_DIR)
    base_accounts = dataset.table("accounts", ["account_id"])
    base_edges = dataset.table("edges", ["src", "dst", "kind", "ts", "weight"])
    rng = random.Random(seed)
    audience = sorted({f for rot in plan for f in rot.followers})
    others = rng.sample(base_accounts.column("account_id").to_pylist(), viewers)
    watching = sorted(set(audience[:viewers] + others))
    ts = pc.max(base_edges.column("ts")).as_py() + timedelta(minutes=1)
    rounds = 2 + delay
    result = RotationResult(len(plan), rounds, len(watching))
    gone = [rot.old for rot in plan]
    ingest = [event_line(f"rm:{a}", "enforcement", ts, {"subject_kind": "account",
              "subject_id": a, "action": "remove", "decided_by": "rotation drill",
              "reason": "child safety"}) for a in gone]  # fmt: skip
    live.ingest(ingest, "rotation")
    new_edges: list[dict[str, Any]] = []
    for r in range(1, rounds + 1):
        ts += timedelta(minutes=1)
        lines = [line for rot in plan for line in _round_events(r, rot, ts)]
        answer = live.ingest(lines, "rotation")
        assert not answer.rejected, answer.rejected[:1]
        for rot in plan:
            if r == rot.link_round:
                rot.linkable = True
            if r == 1:
                new_edges += [{"src": f, "dst": rot.new, "kind": "follow", "ts": ts, "weight": 1.0}
                              for f in rot.followers]  # fmt: skip
                new_edges += [{"src": rot.new, "dst": f, "kind": "follow", "ts": ts, "weight": 1.0}
                              for f in rot.followees]  # fmt: skip
        engine.reload()
        accounts_now = pa.concat_tables(
            [
                base_accounts,
                pa.table({"account_id": [rot.new for rot in plan]}).cast(base_accounts.schema),
            ]
        )
        edges_now = pa.concat_tables(
            [base_edges, pa.Table.from_pylist(new_edges, schema=base_edges.schema)]
        )
        graph = InteractionGraph.from_tables(accounts_now, edges_now).without_accounts(gone)
        new_of = {rot.new: rot for rot in plan}
        for cls in REFERENCE_RECOMMENDERS:
            model = cls.build(graph)
            guarded = GuardedRecommender(model, guard_from_engine(engine))
            counts = result.by_recommender.setdefault(model.name, Counts())
            for viewer in watching:
                result.served += 1
                counts.unguarded += sum(a in new_of for a in model.recommend(viewer, top))
                for account in guarded.recommend(viewer, top):
                    found = new_of.get(account)
                    if found is not None and found.linkable:
                        counts.after += 1
                    elif found is not None:
                        counts.before += 1
    result.linked = sum(1 for rot in plan if rot.new in live.state.flags)
    result.late_links = sum(1 for rot in plan if rot.link_round > 1)
    store.close()
    return result
