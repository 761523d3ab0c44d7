"""The thresholds that decide when two accounts are one person.

Every cap exists because a shared value is not always a shared person: public
Wi-Fi and carrier-grade NAT put thousands of strangers behind one IP, device
farms reuse a handful of phones for hundreds of accounts, and a family shares
one laptop. A value shared by more accounts than its kind's cap is therefore
not used for linking at all and is reported as a suspicious cluster instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

#: Identifier kinds strong enough to link two accounts on their own.
STRONG_KINDS = ("device", "email", "phone", "payment", "cookie")


def _caps() -> MappingProxyType[str, int]:
    return MappingProxyType({"device": 5, "email": 3, "phone": 3, "payment": 5, "cookie": 5})


def _confidences() -> MappingProxyType[str, float]:
    return MappingProxyType(
        {
            "device": 0.9,
            "email": 0.97,
            "phone": 0.95,
            "payment": 0.95,
            "cookie": 0.85,
            "ip_cooccurrence": 0.9,
            "named_handle": 0.9,
            "handle_similarity": 0.5,
            "bio": 0.5,
            "profile_image": 0.6,
            "ip": 0.4,
            "mention": 0.4,
        }
    )


@dataclass(frozen=True)
class LinkingRules:
    """Caps and confidences for :class:`~netbrake.identity.PersonLinker`.

    ``caps``: most accounts one identifier value of a kind may link (more:
    suspicious cluster). ``ip_cap``: most accounts an IP may be shared by and
    still count as "few"; ``ip_min_shared``: distinct few-shared IPs two
    accounts must have in common to link on IP alone (the co-occurrence rule).
    ``mention_cap``: most accounts that may name the same handle as their
    backup. ``weak_cap``: largest group of equal handle stems, bios or profile
    images considered (a stem like "anna" is common). ``min_bio_chars``,
    ``min_stem_chars``: shorter normalised bios/stems carry no identity.
    ``max_person_accounts``: a component larger than this is reported as a
    suspicious cluster and not treated as one person. ``ip_weak``: let one
    shared few-account IP count as a weak signal (it then links only with a
    similar handle, bio or profile image); off by default because the default
    allows IP links only by co-occurrence.
    """

    caps: MappingProxyType[str, int] = field(default_factory=_caps)
    confidence: MappingProxyType[str, float] = field(default_factory=_confidences)
    ip_cap: int = 8
    ip_min_shared: int = 2
    mention_cap: int = 3
    weak_cap: int = 5
    min_bio_chars: int = 20
    min_stem_chars: int = 4
    max_person_accounts: int = 50
    ip_weak: bool = False

    @classmethod
    def from_mapping(cls, data: dict[str, Any]) -> LinkingRules:
        """Rules from a policy section; missing keys keep their defaults."""
        caps = dict(_caps()) | dict(data.get("caps", {}))
        conf = dict(_confidences()) | dict(data.get("confidence", {}))
        scalars: dict[str, Any] = {
            k: (bool(v) if k == "ip_weak" else int(v))
            for k, v in data.items()
            if k not in ("caps", "confidence")
        }
        unknown = set(scalars) - {
            "ip_cap",
            "ip_min_shared",
            "mention_cap",
            "weak_cap",
            "min_bio_chars",
            "min_stem_chars",
            "max_person_accounts",
            "ip_weak",
        }
        if unknown:
            raise ValueError(f"unknown linking settings: {', '.join(sorted(unknown))}")
        return cls(
            caps=MappingProxyType({k: int(v) for k, v in caps.items()}),
            confidence=MappingProxyType({k: float(v) for k, v in conf.items()}),
            **scalars,
        )

    def cap(self, kind: str) -> int:
        return self.ip_cap if kind == "ip" else self.caps.get(kind, 0)
