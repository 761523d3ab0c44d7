"""Guard fixtures: a tiny hand-built scan RESULTS folder whose every account is a case.

- ``b1``..``b6``: benign; ``f1``, ``f2`` follow the watchdog ``w1``.
- ``s1`` seller (network 0), ``u1`` buyer (network 0, person ``p-u1``), ``u2``
  buyer restricted (network 0); ``u1b``: ``p-u1``'s backup, not flagged by the scan.
- ``h1``: not flagged, but 3 of its 4 contacts are flagged (dominated neighbourhood).
- ``r1``: not flagged, risk 0.6 (high risk). ``t1``: touched (risk 0.3: weak evidence).
- ``w1``: watchdog; it contacted ``s1``, ``t1`` and ``b2``.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from netbrake.guard import GuardEngine
from netbrake.store import ManualClock, Store, migrate
from netbrake.store.engine import create_store_engine

ACCOUNTS: list[dict[str, Any]] = [
    *({"account_id": f"b{i}", "score": 0.0, "role": "benign", "network_id": None,
       "person_id": f"p-b{i}", "action": "none", "member": False, "reasons": []} for i in range(1, 7)),
    *({"account_id": f"f{i}", "score": 0.0, "role": "benign", "network_id": None,
       "person_id": f"p-f{i}", "action": "none", "member": False, "reasons": []} for i in (1, 2)),
    {"account_id": "s1", "score": 0.9, "role": "seller", "network_id": 0, "person_id": "p-s1",
     "action": "remove_content", "member": True, "reasons": ["sells"]},
    {"account_id": "u1", "score": 0.8, "role": "buyer", "network_id": 0, "person_id": "p-u1",
     "action": "remove_account", "member": True, "reasons": ["buys"]},
    {"account_id": "u2", "score": 0.7, "role": "buyer", "network_id": 0, "person_id": "p-u2",
     "action": "restrict_discovery", "member": True, "reasons": []},
    {"account_id": "u1b", "score": 0.0, "role": "benign", "network_id": None, "person_id": "p-u1",
     "action": "none", "member": False, "reasons": []},
    {"account_id": "h1", "score": 0.1, "role": "benign", "network_id": None, "person_id": "p-h1",
     "action": "none", "member": False, "reasons": []},
    {"account_id": "r1", "score": 0.6, "role": "benign", "network_id": None, "person_id": "p-r1",
     "action": "none", "member": False, "reasons": []},
    {"account_id": "t1", "score": 0.3, "role": "touched", "network_id": None, "person_id": "p-t1",
     "action": "none", "member": False, "reasons": []},
    {"account_id": "w1", "score": 0.0, "role": "watchdog", "network_id": None, "person_id": "p-w1",
     "action": "none", "member": False, "reasons": ["files reports"]},
]  # fmt: skip
EDGES = [
    ("h1", "s1", "follow"), ("h1", "u1", "follow"), ("u2", "h1", "like"), ("h1", "b1", "follow"),
    ("u1", "s1", "follow"), ("u2", "s1", "follow"),
    ("w1", "s1", "view"), ("w1", "t1", "view"), ("w1", "b2", "follow"),
    ("f1", "w1", "follow"), ("f2", "w1", "follow"),
    ("b1", "b2", "follow"), ("b2", "b3", "follow"), ("b3", "b1", "follow"), ("b4", "b5", "like"),
]  # fmt: skip
POSTS = [
    ("s1", ["pedobait", "newtag1"]),
    ("u1", ["explore2"]), ("u2", ["explore2"]), ("b3", ["explore2"]),
    ("b1", ["cooking"]), ("b2", ["cooking", "baking"]),
]  # fmt: skip


def write_results(out: Path) -> Path:
    """Write the tiny world as a RESULTS folder (accounts.parquet + dataset/)."""
    (out / "dataset").mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.Table.from_pylist(ACCOUNTS), out / "accounts.parquet")
    handles = [
        {"account_id": a["account_id"], "handle": f"{a['account_id']}_handle"} for a in ACCOUNTS
    ]
    pq.write_table(pa.Table.from_pylist(handles), out / "dataset" / "accounts.parquet")
    edges = [{"src": s, "dst": d, "kind": k} for s, d, k in EDGES]
    pq.write_table(pa.Table.from_pylist(edges), out / "dataset" / "edges.parquet")
    posts = [
        {"post_id": f"post{i}", "account_id": a, "hashtags": t} for i, (a, t) in enumerate(POSTS)
    ]
    pq.write_table(pa.Table.from_pylist(posts), out / "dataset" / "posts.parquet")
    return out


@pytest.fixture
def results(tmp_path: Path) -> Path:
    return write_results(tmp_path / "results")


@pytest.fixture
def engine(results: Path) -> GuardEngine:
    return GuardEngine(results=results)


@pytest.fixture(scope="session")
def migrated_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("guard-store") / "store.sqlite"
    db = create_store_engine(f"sqlite:///{path}")
    migrate.upgrade(db)
    db.dispose()
    return path


@pytest.fixture
def store(tmp_path: Path, migrated_store: Path) -> Iterator[Store]:
    path = tmp_path / "store.sqlite"
    shutil.copyfile(migrated_store, path)
    with Store.open(f"sqlite:///{path}", now=ManualClock()) as opened:
        yield opened


def policy_file(tmp_path: Path, text: str) -> Path:
    """A team policy file layered over the default."""
    path = tmp_path / "team.toml"
    path.write_text('[meta]\nname = "team"\nversion = "test.1"\n' + text, encoding="utf-8")
    return path
