"""Links and bare domains, including obfuscated dots ("site dot com", "site[.]com").

Links to off-platform trading sites are an advertising indicator (docs/failures.md
F5); the domain is returned normalised so it can be compared with the
policy's domain entries.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from netbrake.text.batch import owners
from netbrake.text.scan import UrlMention

# Common and abused top-level domains, plus "example" (RFC 2606) for synthetic data.
TLDS = [
    "com",
    "net",
    "org",
    "io",
    "me",
    "co",
    "uk",
    "us",
    "ru",
    "cc",
    "tv",
    "gg",
    "ly",
    "to",
    "xyz",
    "link",
    "app",
    "site",
    "online",
    "info",
    "biz",
    "de",
    "fr",
    "nl",
    "es",
    "it",
    "ca",
    "au",
    "in",
    "jp",
    "cn",
    "br",
    "ws",
    "su",
    "onion",
    "top",
    "club",
    "live",
    "store",
    "shop",
    "page",
    "example",
    "fun",
    "vip",
    "pw",
    "tk",
    "ml",
    "cf",
]

_DOT_OBFUSCATED = (
    r"\s*(?:\[\s*\.\s*\]|\(\s*\.\s*\)|\[\s*dot\s*\]|\(\s*dot\s*\)|\{\s*dot\s*\})\s*|\s+dot\s+"
)
_DOT = rf"(?:{_DOT_OBFUSCATED}|\.)"
# Atomic: a label is followed by a dot, whose first character is never a label
# character, so only the longest label can match; not backtracking into it makes
# the search faster and changes no match.
_LABEL = r"(?>[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?)"
_TLD = "(?:" + "|".join(sorted(TLDS, key=len, reverse=True)) + ")"
_DOMAIN_PATTERN = (
    rf"(?<![\w.\-@/])(?:https?://)?(?:www{_DOT})?((?:{_LABEL}{_DOT})+{_TLD})(?![\w\-])"
    r"(/[^\s<>\"'NUL]*)?"
)
_DOMAIN = re.compile(_DOMAIN_PATTERN.replace("NUL", ""), re.I)
# For texts joined by NUL: a path stops at the NUL between two texts.
_DOMAIN_JOINED = re.compile(_DOMAIN_PATTERN.replace("NUL", r"\x00"), re.I)
_DOT_RE = re.compile(_DOT_OBFUSCATED, re.I)
# A dot between two word characters: sentence ends ("done. next") have none.
_TIGHT_DOT = re.compile(r"\w\.\w")


def _may_obfuscate(text: str) -> bool:
    """False when no obfuscated dot can be in ``text`` (the regex costs far more than this)."""
    return "[" in text or "(" in text or "{" in text or "dot" in text.lower()


def normalise_domain(raw: str) -> str:
    """Lowercase, obfuscated dots undone, "www." dropped: "Site DOT com" -> "site.com"."""
    if _may_obfuscate(raw):
        raw = _DOT_RE.sub(".", raw)
    domain = raw.lower().strip(".")
    return domain[4:] if domain.startswith("www.") else domain


def extract_urls(text: str) -> list[UrlMention]:
    """Every link or bare domain; ``url`` is "domain/path" in normalised form."""
    if not ("[" in text or "(" in text or "dot" in text.lower() or _TIGHT_DOT.search(text)):
        return []
    return [_mention(m, 0) for m in _DOMAIN.finditer(text)]


def extract_urls_many(texts: Sequence[str]) -> list[list[UrlMention]]:
    """:func:`extract_urls` of each text (none holds a NUL), one regex pass for all.

    The pattern reads a NUL between texts as it reads a text's start or end (a
    path stops at NUL).
    """
    out: list[list[UrlMention]] = [[] for _ in texts]
    found = list(_DOMAIN_JOINED.finditer("\x00".join(texts)))
    owner, offset = owners(texts, [m.start() for m in found])
    for m, i, base in zip(found, owner.tolist(), offset.tolist(), strict=True):
        out[i].append(_mention(m, base))
    return out


def _mention(m: re.Match[str], offset: int) -> UrlMention:
    domain = normalise_domain(m.group(1))
    path = m.group(2) or ""
    obfuscated = _may_obfuscate(m.group(0)) and bool(_DOT_RE.search(m.group(0)))
    return UrlMention(domain + path, domain, obfuscated, (m.start() - offset, m.end() - offset))
