"""What a scan returns: lexicon hits and extracted values, as plain frozen records."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar


@dataclass(frozen=True, slots=True)
class Hit:
    """A lexicon entry found in a text.

    ``span`` is (start, end) in the ORIGINAL text and ``matched`` that
    substring; ``variant`` names the disguises undone to find it, joined by "+"
    ("exact", "leet", "homoglyph+invisible", "spacing", "appended", ...);
    ``state`` is "live" or "shadow" (shadow hits are recorded, never acted on);
    ``standalone`` false marks a weak signal that counts only in combination.
    """

    entry_id: str
    category: str
    severity: str
    span: tuple[int, int]
    matched: str
    variant: str
    state: str = "live"
    standalone: bool = True

    def to_dict(self) -> dict[str, Any]:
        return {
            "entry_id": self.entry_id,
            "category": self.category,
            "severity": self.severity,
            "span": list(self.span),
            "matched": self.matched,
            "variant": self.variant,
            "state": self.state,
            "standalone": self.standalone,
        }


@dataclass(frozen=True, slots=True)
class AgeClaim:
    """An age stated in a text: ``age`` as meant, ``written`` as written.

    ``reversed`` is true when a reverse-arrow emoji says to read the number
    backwards ("age 31⏪" means 13, CONTEXT.md F5); ``cue`` is the phrase that
    made it an age ("chapter", "age", "yo", "turning", "im", "arrow").
    """

    kind: ClassVar[str] = "age_claim"
    age: int
    written: int
    reversed: bool
    cue: str
    span: tuple[int, int]

    @property
    def minor(self) -> bool:
        return self.age < 18

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "age": self.age,
            "written": self.written,
            "reversed": self.reversed,
            "minor": self.minor,
            "cue": self.cue,
            "span": list(self.span),
        }


@dataclass(frozen=True, slots=True)
class HandleMention:
    """An @handle named in a text; ``relation`` is backup, alternate, main, new or mention."""

    kind: ClassVar[str] = "handle_mention"
    handle: str
    relation: str
    span: tuple[int, int]

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "handle": self.handle,
            "relation": self.relation,
            "span": list(self.span),
        }


@dataclass(frozen=True, slots=True)
class UrlMention:
    """A link or bare domain; ``domain`` lowercased with obfuscated dots ("site dot com") undone."""

    kind: ClassVar[str] = "url"
    url: str
    domain: str
    obfuscated: bool
    span: tuple[int, int]

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "url": self.url,
            "domain": self.domain,
            "obfuscated": self.obfuscated,
            "span": list(self.span),
        }


@dataclass(frozen=True, slots=True)
class PaymentMention:
    """A payment method named in a text, with its handle when one is given ("$name")."""

    kind: ClassVar[str] = "payment"
    method: str
    handle: str | None
    span: tuple[int, int]

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "method": self.method,
            "handle": self.handle,
            "span": list(self.span),
        }


@dataclass(frozen=True, slots=True)
class Menu:
    """A price list: the ``prices`` found (amounts) and the word that announced it, if any."""

    kind: ClassVar[str] = "menu"
    prices: tuple[float, ...]
    currency: str | None
    cue: str | None
    span: tuple[int, int]

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "prices": list(self.prices),
            "currency": self.currency,
            "cue": self.cue,
            "span": list(self.span),
        }


Extracted = AgeClaim | HandleMention | UrlMention | PaymentMention | Menu


@dataclass(frozen=True, slots=True)
class TextScan:
    """Everything found in one text.

    ``truncated`` is true when the text was longer than the matcher reads
    (:data:`netbrake.text.views.MAX_CHARS`) and only its start was scanned.
    """

    hits: tuple[Hit, ...]
    extracted: tuple[Extracted, ...]
    truncated: bool
    policy_version: str

    @property
    def empty(self) -> bool:
        return not self.hits and not self.extracted

    def to_dict(self, text_id: str | None = None) -> dict[str, Any]:
        """The JSON form the CLI prints: {"text_id", "hits", "extracted", ...}."""
        return {
            "text_id": text_id,
            "hits": [h.to_dict() for h in self.hits],
            "extracted": [e.to_dict() for e in self.extracted],
            "truncated": self.truncated,
            "policy_version": self.policy_version,
        }
