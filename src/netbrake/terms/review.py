"""Reviewing candidate terms: approve (as written or edited), reject, promote (F4).

A candidate becomes policy only through a reviewer. Approval appends a
``[[lexicon]]`` entry in ``shadow`` state to the team's policy file (hits are
recorded, nothing is acted on); a reviewer then promotes it to ``live``.
Rejection adds the candidate's ``kind:term`` to the file's ``[terms]
rejected`` list, which discovery reads, so it is never proposed again. The
file is edited with tomlkit, so a team's comments and layout survive, and the
result is loaded back as a policy before it is kept: an edit that does not
validate leaves the file as it was. Every decision is appended to the store's
hash-chained audit log with the policy version before and after (docs/results.md
"Decisions" for how versions identify a policy).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tomlkit
from tomlkit.items import AoT, Array, Table

from netbrake.errors import InputError, Location
from netbrake.policy import Kind, LexiconEntry, MatchMode, Policy, Severity, State
from netbrake.store import Store
from netbrake.terms.candidate import Candidate

#: Where ``netbrake terms discover`` leaves its candidates in RESULTS: the review queue.
CANDIDATES_FILE = "term_candidates.jsonl"
#: The policy kind a candidate becomes.
ENTRY_KINDS = {
    "hashtag": Kind.HASHTAG,
    "token": Kind.KEYWORD,
    "emoji": Kind.EMOJI_CODE,
    "domain": Kind.DOMAIN,
    "phrase": Kind.PHRASE,
}
#: Id prefix of entries that came from term discovery.
ID_PREFIX = "term."
DEFAULT_CATEGORY = "community_code"
_ID_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789")


def entry_id(kind: str, term: str) -> str:
    """A stable policy id for a candidate: ``term.<kind>.<term>``, other characters as hex."""
    body = "".join(c if c in _ID_CHARS else f"-{ord(c):x}" for c in term.lower().lstrip("#"))
    return f"{ID_PREFIX}{kind}.{body.strip('-') or 'x'}"[:80]


def read_candidates(results: Path) -> list[Candidate]:
    """The candidates ``netbrake terms discover`` wrote into ``results`` (best first)."""
    file = results / CANDIDATES_FILE
    if not file.is_file():
        raise InputError(
            "no term candidates (run 'netbrake terms discover RESULTS' first)", Location(file)
        )
    out = []
    for row, line in enumerate(file.read_text(encoding="utf-8").splitlines(), start=1):
        try:
            out.append(Candidate.from_dict(json.loads(line)))
        except (ValueError, TypeError, KeyError) as exc:
            raise InputError(f"not a candidate: {exc}", Location(file, row=row)) from None
    return out


def find_candidate(results: Path, key: str) -> Candidate:
    """The candidate named ``key`` (``kind:term``) in ``results``' review queue file."""
    for candidate in read_candidates(results):
        if candidate.key == key:
            return candidate
    raise InputError(
        f"no candidate {key!r} (keys are kind:term)", Location(results / CANDIDATES_FILE)
    )


def write_candidates(results: Path, candidates: list[Candidate]) -> Path:
    file = results / CANDIDATES_FILE
    with file.open("w", encoding="utf-8") as f:
        for c in candidates:
            f.write(json.dumps(c.to_dict(), ensure_ascii=False) + "\n")
    return file


@dataclass(frozen=True)
class Edit:
    """What a reviewer may change when approving: the written term and how it matches."""

    term: str | None = None
    kind: str | None = None
    severity: str = Severity.HIGH.value
    category: str = DEFAULT_CATEGORY
    match: str = MatchMode.WHOLE_TOKEN.value


class TermReview:
    """Review decisions on the team policy file at ``policy_path``, audited in ``store``."""

    def __init__(self, policy_path: Path, store: Store):
        self.policy_path = policy_path
        self.store = store

    # -- reading ---------------------------------------------------------------------

    def policy(self) -> Policy:
        return Policy.load(self.policy_path if self.policy_path.exists() else None)

    def rejected(self) -> frozenset[str]:
        value = self.policy().section("terms").get("rejected", [])
        return frozenset(str(v) for v in value) if isinstance(value, list) else frozenset()

    def discovered(self) -> list[LexiconEntry]:
        """Entries that came from term discovery, shadow ones first."""
        found = [e for e in self.policy().lexicon if e.id.startswith(ID_PREFIX)]
        return sorted(found, key=lambda e: (e.state != State.SHADOW, e.id))

    def queue(self, candidates: list[Candidate]) -> list[Candidate]:
        """Candidates still to decide: proposed, not rejected, not already an entry."""
        policy = self.policy()
        ids = {e.id for e in policy.lexicon}
        rejected = self.rejected()
        return [
            c
            for c in candidates
            if c.proposed and c.key not in rejected and entry_id(c.kind, c.term) not in ids
        ]

    # -- deciding --------------------------------------------------------------------

    def approve(
        self, candidate: Candidate, *, actor: str, reason: str, edit: Edit | None = None
    ) -> LexiconEntry:
        """Add the candidate (as edited) to the policy in ``shadow`` state."""
        edit = edit or Edit()
        kind = edit.kind or candidate.kind
        if kind not in ENTRY_KINDS:
            raise InputError(f"unknown kind {kind!r}", Location(self.policy_path, field="kind"))
        term = (edit.term or candidate.term).strip()
        if kind == "hashtag":
            term = term.lstrip("#")
        fields: dict[str, Any] = {
            "id": entry_id(candidate.kind, candidate.term),
            "term": term,
            "kind": ENTRY_KINDS[kind].value,
            "category": edit.category,
            "severity": edit.severity,
            "match": edit.match,
            "state": State.SHADOW.value,
            "note": f"from term discovery ({candidate.key}), approved by {actor}",
        }

        def change(doc: tomlkit.TOMLDocument) -> None:
            lexicon = doc.get("lexicon")
            if lexicon is None:
                lexicon = tomlkit.aot()
                doc["lexicon"] = lexicon
            if not isinstance(lexicon, AoT):
                raise InputError("lexicon is not an array of tables", Location(self.policy_path))
            if any(t.get("id") == fields["id"] for t in lexicon):
                raise InputError(
                    f"{fields['id']} is already in the policy", Location(self.policy_path)
                )
            table = tomlkit.table()
            for key, value in fields.items():
                table[key] = value
            lexicon.append(table)

        before, after = self._edit(change, actor)
        entry = after.entry(fields["id"])
        self._audit(actor, "term.approve", reason, candidate.key, before, after, candidate, entry)
        return entry

    def reject(self, candidate: Candidate, *, actor: str, reason: str) -> None:
        """Record the candidate as rejected: discovery never proposes it again."""

        def change(doc: tomlkit.TOMLDocument) -> None:
            section = doc.get("terms")
            if section is None:
                section = tomlkit.table()
                doc["terms"] = section
            if not isinstance(section, Table):
                raise InputError("[terms] is not a table", Location(self.policy_path))
            rejected = section.get("rejected")
            if rejected is None:
                rejected = tomlkit.array()
                rejected.multiline(True)
                section["rejected"] = rejected
            if not isinstance(rejected, Array):
                raise InputError(
                    "[terms] rejected is not a list", Location(self.policy_path, field="rejected")
                )
            if candidate.key not in rejected:
                rejected.append(candidate.key)

        before, after = self._edit(change, actor)
        self._audit(actor, "term.reject", reason, candidate.key, before, after, candidate, None)

    def promote(self, entry_id_: str, *, actor: str, reason: str) -> LexiconEntry:
        """Switch a discovered entry from ``shadow`` to ``live``: the guards act on it."""

        def change(doc: tomlkit.TOMLDocument) -> None:
            lexicon = doc.get("lexicon")
            tables = [t for t in lexicon if t.get("id") == entry_id_] if lexicon else []
            if not tables:
                raise InputError(
                    f"no entry {entry_id_} in the policy file", Location(self.policy_path)
                )
            if tables[0].get("state") != State.SHADOW.value:
                raise InputError(
                    f"{entry_id_} is not in shadow state", Location(self.policy_path, field="state")
                )
            tables[0]["state"] = State.LIVE.value

        before, after = self._edit(change, actor)
        entry = after.entry(entry_id_)
        self._audit(actor, "term.promote", reason, entry_id_, before, after, None, entry)
        return entry

    # -- the file and the log --------------------------------------------------------

    def _edit(self, change: Any, actor: str) -> tuple[Policy, Policy]:
        before = self.policy()
        old = self.policy_path.read_text(encoding="utf-8") if self.policy_path.exists() else ""
        doc = tomlkit.parse(old)
        change(doc)
        new = tomlkit.dumps(doc)
        self.policy_path.write_text(new, encoding="utf-8")
        try:
            after = Policy.load(self.policy_path)
        except InputError:
            if old:
                self.policy_path.write_text(old, encoding="utf-8")
            else:
                self.policy_path.unlink()
            raise
        self.store.record_policy_version(after.version, new, actor=actor)
        return before, after

    def _audit(
        self,
        actor: str,
        action: str,
        reason: str,
        subject: str,
        before: Policy,
        after: Policy,
        candidate: Candidate | None,
        entry: LexiconEntry | None,
    ) -> None:
        payload: dict[str, Any] = {
            "policy_version": after.version,
            "previous_policy_version": before.version,
            "policy_file": str(self.policy_path),
        }
        if candidate is not None:
            payload["candidate"] = candidate.to_dict()
        if entry is not None:
            payload["entry"] = entry.model_dump(mode="json")
        self.store.append_audit_log(
            actor, action, reason, subject_kind="term", subject_id=subject, payload=payload
        )
