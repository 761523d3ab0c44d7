"""`Draft`: a scenario platform being assembled, account by account, then written as tables.

Accounts are positions ``0..n-1`` while the scenario is planted; only at the
end do they get ids, shuffled (``acct0001234``) so that an id says nothing
about where an account came from or what it is. The tables follow the data
contract's Arrow schemas exactly (``netbrake.platform.schema``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from netbrake.platform import EDGE_KINDS, MEMBER_ROLES, TABLES
from netbrake.scenarios.vocabulary import HANDLE_WORDS
from netbrake.synth import micros

IntArray = npt.NDArray[np.int64]
KIND = {name: i for i, name in enumerate(EDGE_KINDS)}
#: ingest's own hashtag rule (netbrake.platform.ingest.HASHTAG_PATTERN).
HASHTAG = re.compile(r"""#([^\s#.,;:!?()\[\]{}"']+)""")
#: Accounts exist before 2024; all activity happens during 2024 (as in synth).
ACCOUNTS_FROM, ACTIVITY_FROM, ACTIVITY_TO = micros(2016), micros(2024), micros(2025)
#: Ground-truth roles beyond the contract's: they are "benign" in ``labels``.
EXTRA_ROLES = ("lookalike", "brigade", "sockpuppet")


def label_role(role: str) -> str:
    """The contract ``labels`` role of a ground-truth role."""
    return "benign" if role in EXTRA_ROLES else role


@dataclass
class Draft:
    """Everything planted so far. ``role`` is the ground truth (contract roles plus
    ``EXTRA_ROLES``); ``cohorts`` tags accounts with what was done to them
    ("weak_poster", "flood", "camouflage", ...) for finer analysis."""

    rng: np.random.Generator
    role: list[str] = field(default_factory=list)
    origin: list[str] = field(default_factory=list)
    network: list[int] = field(default_factory=list)
    person: list[int] = field(default_factory=list)
    cohorts: list[set[str]] = field(default_factory=list)
    handle: list[str] = field(default_factory=list)
    bio: list[str | None] = field(default_factory=list)
    url: list[str | None] = field(default_factory=list)
    created: list[int] = field(default_factory=list)
    edges: list[tuple[IntArray, IntArray, int]] = field(default_factory=list)
    posts: list[tuple[int, str | None]] = field(default_factory=list)
    reports: list[tuple[int, int, str, str | None]] = field(default_factory=list)
    identifiers: list[tuple[int, str, str]] = field(default_factory=list)
    _used: set[int] = field(default_factory=set)

    @property
    def n(self) -> int:
        return len(self.role)

    def new_handles(self, count: int) -> list[str]:
        """Made-up handles (two words and a number drawn without repeats): unique, and the
        number says nothing about when or why the account was added."""
        numbers: list[int] = []
        while len(numbers) < count:
            for x in self.rng.integers(10_000, 10_000_000, size=count - len(numbers)).tolist():
                if x not in self._used:
                    self._used.add(x)
                    numbers.append(x)
        words = self.rng.integers(0, len(HANDLE_WORDS), size=(count, 2)).tolist()
        return [
            f"{HANDLE_WORDS[a]}_{HANDLE_WORDS[b]}{x}"
            for (a, b), x in zip(words, numbers, strict=True)
        ]

    def add_accounts(self, count: int, role: str, origin: str, network: int = 0) -> IntArray:
        """``count`` new accounts with ``role`` and fresh handles; returns their positions."""
        start = self.n
        handles = self.new_handles(count)
        created = self.rng.integers(ACCOUNTS_FROM, ACTIVITY_FROM, size=count)
        for k in range(count):
            self.role.append(role)
            self.origin.append(origin)
            self.network.append(network)
            self.person.append(start + k)
            self.cohorts.append(set())
            self.handle.append(handles[k])
            self.bio.append(None)
            self.url.append(None)
            self.created.append(int(created[k]))
        return np.arange(start, start + count, dtype=np.int64)

    def add_edges(self, src: npt.ArrayLike, dst: npt.ArrayLike, kind: str) -> None:
        s, d = np.asarray(src, np.int64).ravel(), np.asarray(dst, np.int64).ravel()
        keep = s != d
        if keep.any():
            self.edges.append((s[keep], d[keep], KIND[kind]))

    def add_post(self, account: int, text: str | None) -> None:
        self.posts.append((int(account), text))

    def add_report(
        self, reporter: int, target: int, reason: str = "child_safety", text: str | None = None
    ) -> None:
        self.reports.append((int(reporter), int(target), reason, text))

    def tag(self, accounts: npt.ArrayLike, cohort: str) -> None:
        for i in np.asarray(accounts, np.int64).ravel().tolist():
            self.cohorts[i].add(cohort)

    def with_role(self, *roles: str) -> IntArray:
        return np.array([i for i, r in enumerate(self.role) if r in roles], np.int64)

    def is_member(self) -> npt.NDArray[np.bool_]:
        return np.isin(np.array(self.role, dtype=object), MEMBER_ROLES)

    def edge_arrays(self) -> tuple[IntArray, IntArray, IntArray]:
        if not self.edges:
            empty = np.zeros(0, np.int64)
            return empty, empty, empty
        src = np.concatenate([e[0] for e in self.edges])
        dst = np.concatenate([e[1] for e in self.edges])
        kind = np.concatenate([np.full(e[0].shape[0], e[2], np.int64) for e in self.edges])
        return src, dst, kind

    def drop_edges(self, keep: npt.NDArray[np.bool_]) -> None:
        """Keep only the edges (in `edge_arrays` order) where ``keep`` is true."""
        src, dst, kind = self.edge_arrays()
        s, d, k = src[keep], dst[keep], kind[keep]
        self.edges = [(s[k == c], d[k == c], c) for c in range(len(EDGE_KINDS)) if (k == c).any()]

    def tables(self) -> tuple[dict[str, pa.Table], pa.Table]:
        """The contract tables (``labels`` included) and the ground-truth table."""
        n = self.n
        ids = np.array([f"acct{i:07d}" for i in self.rng.permutation(n)], dtype=object)
        created = np.array(self.created, np.int64)
        accounts = pa.table(
            {
                "account_id": pa.array(ids.tolist(), pa.string()),
                "handle": pa.array(self.handle, pa.string()),
                "display_name": pa.array([None] * n, pa.string()),
                "bio": pa.array(self.bio, pa.string()),
                "external_url": pa.array(self.url, pa.string()),
                "created_at": pa.array(created, pa.timestamp("us", tz="UTC")),
            },
            schema=TABLES["accounts"].arrow_schema(),
        )
        tables = {
            "accounts": accounts,
            "edges": self._edges(ids, created),
            "posts": self._posts(ids, created),
            "identifiers": self._identifiers(ids),
            "reports": self._reports(ids),
        }
        network = pa.array(self.network, pa.int64(), mask=np.array(self.network) == 0)
        person = pa.array([f"person{p:07d}" for p in self.person], pa.string())
        tables["labels"] = pa.table(
            {
                "account_id": accounts.column("account_id"),
                "role": pa.array([label_role(r) for r in self.role], pa.string()),
                "network_id": network,
                "person_id": person,
            },
            schema=TABLES["labels"].arrow_schema(),
        )
        truth = pa.table(
            {
                "account_id": accounts.column("account_id"),
                "role": pa.array(self.role, pa.string()),
                "label_role": tables["labels"].column("role"),
                "network_id": network,
                "person_id": person,
                "origin": pa.array(self.origin, pa.string()),
                "cohorts": pa.array([sorted(c) for c in self.cohorts], pa.list_(pa.string())),
            }
        )
        return tables, truth

    def _times(self, created: IntArray, count: int) -> IntArray:
        after = np.maximum(created, ACTIVITY_FROM)
        spread = (self.rng.random(count) * (ACTIVITY_TO - after)).astype(np.int64)
        out: IntArray = after + spread
        return out

    def _edges(self, ids: npt.NDArray[np.object_], created: IntArray) -> pa.Table:
        src, dst, kind = self.edge_arrays()
        ts = self._times(np.maximum(created[src], created[dst]), src.shape[0])
        return pa.table(
            {
                "src": pa.array(ids[src].tolist(), pa.string()),
                "dst": pa.array(ids[dst].tolist(), pa.string()),
                "kind": pa.array([EDGE_KINDS[k] for k in kind.tolist()], pa.string()),
                "ts": pa.array(ts, pa.timestamp("us", tz="UTC")),
                "weight": pa.array(np.ones(src.shape[0])),
            },
            schema=TABLES["edges"].arrow_schema(),
        )

    def _posts(self, ids: npt.NDArray[np.object_], created: IntArray) -> pa.Table:
        owner = np.array([p[0] for p in self.posts], np.int64)
        texts = [p[1] for p in self.posts]
        ts = self._times(created[owner], owner.shape[0])
        order = np.argsort(ts, kind="stable")
        tags = [HASHTAG.findall(t) or None if t else None for t in texts]
        return pa.table(
            {
                "post_id": pa.array([f"post{k + 1:08d}" for k in range(owner.shape[0])]),
                "account_id": pa.array(ids[owner[order]].tolist(), pa.string()),
                "created_at": pa.array(ts[order], pa.timestamp("us", tz="UTC")),
                "text": pa.array([texts[k] for k in order.tolist()], pa.string()),
                "hashtags": pa.array([tags[k] for k in order.tolist()], pa.list_(pa.string())),
                "media_md5": pa.array([None] * owner.shape[0], pa.string()),
                "media_pdq": pa.array([None] * owner.shape[0], pa.string()),
                "media_kind": pa.array([None] * owner.shape[0], pa.string()),
            },
            schema=TABLES["posts"].arrow_schema(),
        )

    def _identifiers(self, ids: npt.NDArray[np.object_]) -> pa.Table:
        rows = self.identifiers
        return pa.table(
            {
                "account_id": pa.array([ids[a] for a, _, _ in rows], pa.string()),
                "kind": pa.array([k for _, k, _ in rows], pa.string()),
                "value": pa.array([v for _, _, v in rows], pa.string()),
            },
            schema=TABLES["identifiers"].arrow_schema(),
        )

    def _reports(self, ids: npt.NDArray[np.object_]) -> pa.Table:
        rows = self.reports
        reporter = np.array([r[0] for r in rows], np.int64)
        created = np.array(self.created, np.int64)
        ts = self._times(created[reporter], reporter.shape[0])
        return pa.table(
            {
                "report_id": pa.array([f"rep{k + 1:07d}" for k in range(len(rows))], pa.string()),
                "reporter_id": pa.array([ids[r[0]] for r in rows], pa.string()),
                "target_kind": pa.array(["account"] * len(rows), pa.string()),
                "target_id": pa.array([ids[r[1]] for r in rows], pa.string()),
                "reason": pa.array([r[2] for r in rows], pa.string()),
                "text": pa.array([r[3] for r in rows], pa.string()),
                "created_at": pa.array(ts, pa.timestamp("us", tz="UTC")),
            },
            schema=TABLES["reports"].arrow_schema(),
        )
