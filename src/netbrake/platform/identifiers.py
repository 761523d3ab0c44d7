"""Keyed hashing of raw identifiers (emails, phones, devices, ...) at ingest.

Raw identifier values are personal data and never leave ingest: each value is
normalised for its kind (so ``A@x.org`` and ``a@x.org `` link) and replaced by
HMAC-SHA256 under the installation's key (RFC 2104). Only the hex digest is
written anywhere.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Iterable

_NON_DIGITS = re.compile(r"\D+")


def normalise_identifier(kind: str, value: str) -> str:
    """The canonical form of a raw identifier before hashing."""
    value = value.strip()
    if kind == "email":
        return value.casefold()
    if kind == "phone":
        digits = _NON_DIGITS.sub("", value)
        return digits.lstrip("0") or digits
    if kind in ("device", "cookie", "ip"):
        return value.casefold()
    return value


class IdentifierHasher:
    """HMAC-SHA256 of normalised identifiers under one key."""

    def __init__(self, key: bytes):
        if not key:
            raise ValueError("the identifier key must not be empty")
        self._base = hmac.new(key, digestmod=hashlib.sha256)

    def hash(self, kind: str, value: str) -> str:
        mac = self._base.copy()
        mac.update(
            kind.encode("utf-8") + b"\x00" + normalise_identifier(kind, value).encode("utf-8")
        )
        return mac.hexdigest()

    def hash_many(self, kinds: Iterable[str], values: Iterable[str]) -> list[str]:
        return [self.hash(k, v) for k, v in zip(kinds, values, strict=True)]
