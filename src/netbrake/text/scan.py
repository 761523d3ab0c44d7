"""What a scan returns: lexicon hits and extracted values, as plain frozen records."""

from __future__ import annotations

from dataclasses import MISSING, dataclass, fields
from typing import Any, ClassVar, TypeVar

T = TypeVar("T")


def _fast_init(cls: type[T]) -> type[T]:
    """Give the frozen slots dataclass ``cls`` an ``__init__`` that fills each slot
    through its descriptor: 3x faster than the generated one (which goes through
    ``object.__setattr__`` per field), with the same signature and defaults.

    Scans build tens of thousands of these records per batch (throughput).
    The code is generated, as dataclasses generates its own.
    """
    env: dict[str, Any] = {}
    params, body = [], []
    for f in fields(cls):  # type: ignore[arg-type]
        env[f"_set_{f.name}"] = getattr(cls, f.name).__set__
        if f.default is not MISSING:
            env[f"_default_{f.name}"] = f.default
            params.append(f"{f.name}=_default_{f.name}")
        else:
            params.append(f.name)
        body.append(f"    _set_{f.name}(self, {f.name})\n")
    exec(f"def __init__(self, {', '.join(params)}):\n{''.join(body)}", env)
    init = env["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__annotations__ = dict(cls.__init__.__annotations__)
    cls.__init__ = init  # type: ignore[method-assign]
    return cls


@_fast_init
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


@_fast_init
@dataclass(frozen=True, slots=True)
class AgeClaim:
    """An age stated in a text: ``age`` as meant, ``written`` as written.

    ``reversed`` is true when a reverse-arrow emoji says to read the number
    backwards ("age 31⏪" means 13, F5); ``cue`` is the phrase that
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


@_fast_init
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


@_fast_init
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


@_fast_init
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


@_fast_init
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


@_fast_init
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
