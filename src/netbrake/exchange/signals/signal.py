"""The shared :class:`Signal` record and the rules every imported signal must pass.

A signal is something another platform can match on: a media hash (PDQ,
MD5), a URL or domain, a keyword, or an HMAC-hashed account identifier (the
raw identifier never exists in netbrake). Its opinion follows
python-threatexchange's ``SignalOpinionCategory``: positive (fits the
collaboration's harm), negative (a false positive or test data) or
investigation seed (an indirect indicator that needs verifying).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Literal, get_args
from urllib.parse import urlsplit

SignalKind = Literal["pdq", "md5", "url", "domain", "keyword", "account_identifier_hash"]
Opinion = Literal["positive", "negative", "investigation_seed"]

SIGNAL_KINDS: tuple[str, ...] = get_args(SignalKind)
OPINIONS: tuple[str, ...] = get_args(Opinion)

_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_HEX32 = re.compile(r"^[0-9a-f]{32}$")
_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
MAX_KEYWORD = 200
MAX_URL = 2048


@dataclass(frozen=True)
class Signal:
    """One shareable signal; ``tags`` are sorted and unique, ``provenance`` says who found it."""

    kind: SignalKind
    value: str
    opinion: Opinion
    tags: tuple[str, ...] = field(default=())
    provenance: str = "netbrake"

    @property
    def key(self) -> tuple[str, str]:
        return (self.kind, self.value)


def _domain_problem(value: str) -> str | None:
    try:
        ascii_form = value.encode("idna").decode("ascii")
    except UnicodeError:
        return "not a valid domain name"
    labels = ascii_form.lower().rstrip(".").split(".")
    if len(ascii_form) > 253 or len(labels) < 2 or not all(_LABEL.match(x) for x in labels):
        return "not a valid domain name"
    return None


def value_problem(kind: str, value: str) -> str | None:
    """Why ``value`` is not a valid signal of ``kind``, or None when it is."""
    if kind not in SIGNAL_KINDS:
        return f"unknown signal type {kind!r}"
    if not value or value != value.strip():
        return "empty value or surrounding whitespace"
    if kind in ("pdq", "account_identifier_hash") and not _HEX64.match(value):
        return "expected 64 lowercase hex digits"
    if kind == "md5" and not _HEX32.match(value):
        return "expected 32 lowercase hex digits"
    if kind == "url":
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc or len(value) > MAX_URL:
            return "expected an http(s) URL with a host"
        if any(c.isspace() for c in value):
            return "URL contains whitespace"
    if kind == "domain":
        return _domain_problem(value)
    if kind == "keyword":
        if len(value) > MAX_KEYWORD:
            return f"keyword longer than {MAX_KEYWORD} characters"
        if any(unicodedata.category(c) == "Cc" for c in value):
            return "keyword contains control characters"
    return None


def make_signal(
    kind: str, value: str, opinion: str, tags: object = (), provenance: object = "netbrake"
) -> Signal | tuple[str, str]:
    """A validated signal, or ``(field, reason)`` naming what is wrong."""
    problem = value_problem(kind, value)
    if problem:
        return ("signal" if kind in SIGNAL_KINDS else "signal_type", problem)
    if opinion not in OPINIONS:
        return ("opinion", f"unknown opinion {opinion!r} (expected one of {', '.join(OPINIONS)})")
    if not isinstance(tags, list | tuple) or not all(
        isinstance(t, str) and t.strip() for t in tags
    ):
        return ("tags", "tags must be a list of non-empty strings")
    if not isinstance(provenance, str) or not provenance:
        return ("provenance", "provenance must be a non-empty string")
    return Signal(kind, value, opinion, tuple(sorted(set(tags))), provenance)  # type: ignore[arg-type]
