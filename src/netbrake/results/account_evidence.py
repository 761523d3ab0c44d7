"""Structured evidence of one flagged account: what its decision's snapshot carries.

docs/results.md "Evidence". Each decision of the enforcement plan keeps, beside
its human-readable ``reasons``, the facts they were derived from, under fixed
keys at the top of ``evidence``:

* ``text_hits``: lexicon hits (entry id, the term as written, category,
  severity, the trick used (``variant``), the surface and the post id);
* ``identifier_hashes``: the HMAC hashes of the account's identifiers, as
  ingest stored them (the raw values never exist in netbrake);
* ``urls`` and ``domains``: off-platform links (F3: sellers move
  buyers off the platform);
* ``media_hashes``: posts whose media matched a hash bank (MD5/PDQ only,
  never bytes; F8);
* ``graph``: how the mapping placed the account (network, seed, evidence
  core, contacts into the core);
* ``handles``: account id -> public handle (what a clearinghouse report names).

The exchanges (signals, STIX, CyberTipline) read these keys; a person
decision carries the union of its flagged accounts' indicators and each
account's own evidence under ``flagged[]``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

TEXT_HITS = "text_hits"
IDENTIFIER_HASHES = "identifier_hashes"
URLS = "urls"
DOMAINS = "domains"
MEDIA_HASHES = "media_hashes"
GRAPH = "graph"
HANDLES = "handles"
#: Every key of the structured evidence, in the order a snapshot writes them.
EVIDENCE_KEYS = (TEXT_HITS, IDENTIFIER_HASHES, URLS, DOMAINS, MEDIA_HASHES, GRAPH, HANDLES)


@dataclass(frozen=True)
class TextHit:
    """One lexicon hit. ``term`` is the text as written (None for a combination rule);
    ``surface`` is where it was (``bio``, ``post``, ...), ``post_id`` which post."""

    account_id: str
    entry_id: str
    term: str | None
    category: str
    severity: str
    variant: str
    surface: str
    post_id: str | None = None

    @classmethod
    def from_hit(cls, row: Mapping[str, Any]) -> TextHit:
        """From a row of ``hits.parquet`` (``source`` is ``bio`` or ``post <id>``)."""
        source = str(row.get("source") or "")
        surface, _, post_id = source.partition(" ")
        variant = str(row.get("variant") or "exact")
        matched = row.get("matched")
        term = None if variant == "combination" or not matched else str(matched)
        return cls(
            account_id=str(row["account_id"]),
            entry_id=str(row["entry_id"]),
            term=term,
            category=str(row.get("category") or ""),
            severity=str(row.get("severity") or ""),
            variant=variant,
            surface=surface,
            post_id=post_id or None,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "account_id": self.account_id,
            "entry_id": self.entry_id,
            "term": self.term,
            "category": self.category,
            "severity": self.severity,
            "variant": self.variant,
            "surface": self.surface,
            "post_id": self.post_id,
        }


@dataclass(frozen=True)
class MediaHash:
    """A post's media that matched a hash bank, by its hash (``kind`` md5 or pdq)."""

    account_id: str
    post_id: str
    kind: str
    value: str
    bank: str | None = None
    distance: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "account_id": self.account_id,
            "post_id": self.post_id,
            self.kind: self.value,
            "bank": self.bank,
            "distance": self.distance,
            "matched": True,
        }


@dataclass(frozen=True)
class GraphEvidence:
    """How the network mapping placed an account (F10: from seeds to networks).

    ``core_contacts``/``core_share`` are its contacts into the evidence core
    and their share of its contacts (for accounts that joined through them);
    ``sought_by`` is how many members contact it (for the core itself).
    """

    network_id: int | None
    seed: bool
    core: bool = False
    anchor: bool = False
    core_contacts: int | None = None
    core_share: float | None = None
    sought_by: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "network_id": self.network_id,
            "seed": self.seed,
            "core": self.core,
            "anchor": self.anchor,
            "core_contacts": self.core_contacts,
            "core_share": self.core_share,
            "sought_by": self.sought_by,
        }


@dataclass(frozen=True)
class AccountEvidence:
    """Everything structured known about one account (see the module doc)."""

    account_id: str
    handle: str | None = None
    text_hits: tuple[TextHit, ...] = ()
    identifier_hashes: tuple[str, ...] = ()
    urls: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    media_hashes: tuple[MediaHash, ...] = ()
    graph: GraphEvidence | None = field(default=None)

    def to_json(self) -> dict[str, Any]:
        return {
            TEXT_HITS: [h.to_json() for h in self.text_hits],
            IDENTIFIER_HASHES: list(self.identifier_hashes),
            URLS: list(self.urls),
            DOMAINS: list(self.domains),
            MEDIA_HASHES: [m.to_json() for m in self.media_hashes],
            GRAPH: None if self.graph is None else self.graph.to_json(),
            HANDLES: {self.account_id: self.handle} if self.handle else {},
        }
