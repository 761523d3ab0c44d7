"""The rows a plan is made from: flagged persons, their accounts and their links.

Only the persons that have a flagged account are materialised, with the
evidence snapshot each decision keeps (docs/results.md "Decisions"). Beside
the reasons, a snapshot carries the structured evidence an
:data:`EvidenceSource` gives for each account (docs/results.md "Evidence":
text hits, identifier hashes, URLs, media hashes, graph placement), so
exchanges can share the indicators.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from netbrake.identity import PersonLinks

#: Most link rows copied into one decision's evidence snapshot.
MAX_SNAPSHOT_LINKS = 100
ADULT_AGE = 18

#: account ids -> account id -> structured evidence (JSON-ready; docs/results.md "Evidence").
EvidenceSource = Callable[[Sequence[str]], Mapping[str, Mapping[str, Any]]]
#: Per-account evidence that stays with its account (a person spans networks).
OWN_ONLY = frozenset({"graph"})


@dataclass(frozen=True)
class Member:
    """One account of a flagged person, with what the mapping said about it."""

    account_id: str
    person_id: str
    role: str
    network_id: int | None
    score: float
    reasons: tuple[str, ...]
    minor: bool
    age: int | None
    link_confidence: float
    flagged: bool
    indicators: Mapping[str, Any] = field(default_factory=dict)

    def own_evidence(self) -> dict[str, Any]:
        return {
            **self.indicators,
            "account_id": self.account_id,
            "role": self.role,
            "network_id": self.network_id,
            "score": round(self.score, 4),
            "reasons": list(self.reasons),
            "claims_minor_age": self.minor,
            "age_claim": self.age,
        }

    def snapshot(self, view: PersonView, person_decision_id: str) -> dict[str, Any]:
        links = [x for x in view.links if self.account_id in (x["a"], x["b"])]
        return {
            **self.own_evidence(),
            "person_id": self.person_id,
            "person_decision_id": person_decision_id,
            "link_confidence": round(self.link_confidence, 4),
            "links": links[:MAX_SNAPSHOT_LINKS],
            "links_total": len(links),
        }


@dataclass(frozen=True)
class PersonView:
    """A person with at least one flagged account."""

    person_id: str
    members: tuple[Member, ...]
    links: tuple[dict[str, Any], ...]

    @property
    def flagged(self) -> tuple[Member, ...]:
        return tuple(m for m in self.members if m.flagged)

    def link_kinds(self, account_id: str) -> list[str]:
        return sorted({x["kind"] for x in self.links if account_id in (x["a"], x["b"])})

    def snapshot(self) -> dict[str, Any]:
        return {
            **union(m.indicators for m in self.flagged),
            "person_id": self.person_id,
            "accounts": [m.account_id for m in self.members],
            "flagged": [m.own_evidence() for m in self.flagged],
            "links": list(self.links[:MAX_SNAPSHOT_LINKS]),
            "links_total": len(self.links),
        }


def _key(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def union(evidences: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """Several accounts' structured evidence as one: lists joined without repeats
    (first seen first), mappings merged; :data:`OWN_ONLY` keys are left out."""
    out: dict[str, Any] = {}
    for evidence in evidences:
        for name, value in evidence.items():
            if name in OWN_ONLY:
                continue
            if isinstance(value, Mapping):
                out.setdefault(name, {}).update(value)
            elif isinstance(value, list):
                seen = out.setdefault(name, [])
                keys = {_key(v) for v in seen}
                seen.extend(v for v in value if _key(v) not in keys)
    return out


def _is_minor(row: dict[str, Any]) -> tuple[bool, int | None]:
    age = row.get("age_claim")
    age = int(age) if age is not None else None
    claims = bool(row.get("claims_minor_age")) or (age is not None and age < ADULT_AGE)
    return claims, age


def load_members(
    flagged: pa.Table,
    accounts: pa.Table,
    persons: PersonLinks | None,
    evidence: EvidenceSource | None = None,
) -> list[PersonView]:
    """Persons (sorted by id) of the ``flagged`` mapping rows, with all their linked accounts."""
    flagged_ids = flagged.column("account_id").combine_chunks()
    person_of: dict[str, str] = {}
    conf: dict[str, float] = {}
    link_rows: list[dict[str, Any]] = []
    if persons is not None:
        table = persons.persons
        mine = table.filter(pc.is_in(table.column("account_id"), flagged_ids))
        members = table.filter(
            pc.is_in(table.column("person_id"), mine.column("person_id").combine_chunks())
        )
        for row in members.to_pylist():
            person_of[row["account_id"]] = row["person_id"]
            conf[row["account_id"]] = row["link_confidence"]
        ids = pa.array(sorted(person_of), pa.string())
        links = persons.links
        touching = pc.or_(pc.is_in(links.column("a"), ids), pc.is_in(links.column("b"), ids))
        link_rows = links.filter(touching).to_pylist()
    for account_id in flagged_ids.to_pylist():
        person_of.setdefault(account_id, "p-" + account_id)
    mapped = {
        r["account_id"]: r
        for r in accounts.filter(
            pc.is_in(accounts.column("account_id"), pa.array(sorted(person_of), pa.string()))
        ).to_pylist()
    }
    flagged_set = set(flagged_ids.to_pylist())
    structured = evidence(sorted(person_of)) if evidence is not None else {}
    grouped: dict[str, list[Member]] = defaultdict(list)
    for account_id, person_id in sorted(person_of.items()):
        row = mapped.get(account_id, {})
        minor, age = _is_minor(row)
        grouped[person_id].append(
            Member(
                account_id=account_id,
                person_id=person_id,
                role=row.get("role") or "benign",
                network_id=row.get("network_id"),
                score=float(row.get("score") or 0.0),
                reasons=tuple(row.get("reasons") or ()),
                minor=minor,
                age=age,
                link_confidence=float(conf.get(account_id, 1.0)),
                flagged=account_id in flagged_set,
                indicators=dict(structured.get(account_id, {})),
            )
        )
    by_person: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in link_rows:
        owner = person_of.get(row["a"])
        if owner is not None and owner == person_of.get(row["b"]):
            by_person[owner].append(row)
    return [
        PersonView(pid, tuple(members), tuple(by_person[pid]))
        for pid, members in sorted(grouped.items())
    ]
