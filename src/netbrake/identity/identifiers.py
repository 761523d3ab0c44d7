"""Links from shared hashed identifiers (device, email, phone, payment, cookie, IP).

A value shared by up to its kind's cap of accounts links them (star links);
a value shared by more is reported as a suspicious cluster and not used. IPs
never link on one shared value: two accounts link only when they share at
least ``ip_min_shared`` distinct IPs that are each used by few accounts (the
co-occurrence rule of ); a single shared few-account IP is weak
evidence that needs another weak signal.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from netbrake.identity.groups import Groups, hash_codes
from netbrake.identity.link_evidence import SUSPICIOUS_SCHEMA, EvidenceBatch, IntArray, batch
from netbrake.identity.rules import STRONG_KINDS, LinkingRules

#: Identifier kinds in code order; a code is the position here.
KINDS = ("device", "email", "phone", "ip", "payment", "cookie")
_IP = KINDS.index("ip")


@dataclass(frozen=True)
class IdentifierEvidence:
    """What the identifiers table says: link batches, suspicious values and skipped rows."""

    batches: list[EvidenceBatch]
    suspicious: pa.Table
    #: Rows without a usable value (null, empty, unknown kind or unknown account).
    skipped_rows: int


def _join(*parts: pa.Array | str) -> pa.Array:
    args = [pa.scalar(p) if isinstance(p, str) else p for p in parts]
    return pc.binary_join_element_wise(*args, "")


def identifier_evidence(
    account_index: pa.Array, kind: pa.Array, value: pa.Array, rules: LinkingRules
) -> IdentifierEvidence:
    """Evidence from identifier rows given as the row's account index, kind and value."""
    kind_code = pc.index_in(kind, value_set=pa.array(KINDS))
    usable = pc.and_kleene(
        pc.and_kleene(pc.is_valid(account_index), pc.is_valid(kind_code)),
        pc.greater(pc.utf8_length(pc.utf8_trim_whitespace(value)), 0),
    )
    usable = pc.fill_null(usable, False)
    skipped = len(value) - pc.sum(usable).as_py() if len(value) else 0
    accounts = pc.filter(account_index, usable).to_numpy().astype(np.int64)
    kinds = pc.filter(kind_code, usable)
    values = pc.filter(value, usable)
    groups = Groups.of(hash_codes(kinds, values), accounts)
    row_kind = kinds.to_numpy().astype(np.int64)[groups.rows]
    caps = np.array([rules.cap(k) for k in KINDS], dtype=np.int64)
    over = groups.size > caps[row_kind]

    batches: list[EvidenceBatch] = []
    for code, name in enumerate(KINDS):
        if name not in STRONG_KINDS:
            continue
        a, b, rows = groups.star((row_kind == code) & ~over & (groups.size >= 2))
        detail = _join(
            name, " shared by ", pc.cast(pa.array(groups.size[rows]), pa.string()), " accounts"
        )
        batches.append(batch(name, a, b, detail, rules.confidence[name], strong=True))
    batches.extend(_ip_batches(groups, (row_kind == _IP) & ~over & (groups.size >= 2), rules))

    first = groups.first_rows()
    flagged = first[over[first]]
    kind_names = pa.array(KINDS).take(pa.array(row_kind[flagged]))
    counts = groups.size[flagged]
    reason = _join(
        "shared by ",
        pc.cast(pa.array(counts), pa.string()),
        " accounts (cap ",
        pc.cast(pa.array(caps[row_kind[flagged]]), pa.string()),
        "): treated as public/shared, not linked",
    )
    table = pa.table(
        [kind_names, values.take(pa.array(groups.rows[flagged])), pa.array(counts), reason],
        schema=SUSPICIOUS_SCHEMA,
    )
    return IdentifierEvidence(batches, table, int(skipped))


def _ip_batches(groups: Groups, few: np.ndarray, rules: LinkingRules) -> list[EvidenceBatch]:
    """IP co-occurrence links (strong) and single shared IPs (weak)."""
    a, b, _ = groups.pairs(few)
    if a.size == 0:
        return []
    n = int(groups.accounts.max()) + 1
    pairs, shared = np.unique(a * n + b, return_counts=True)
    pa_, pb = pairs // n, pairs % n
    strong = shared >= rules.ip_min_shared
    detail = _join(
        "shares ", pc.cast(pa.array(shared[strong]), pa.string()), " IPs each used by few accounts"
    )
    weak_rows: IntArray = np.flatnonzero(~strong) if rules.ip_weak else np.zeros(0, np.int64)
    weak_detail = pa.repeat(pa.scalar("shares one IP used by few accounts"), weak_rows.size)
    return [
        batch(
            "ip_cooccurrence",
            pa_[strong],
            pb[strong],
            detail,
            rules.confidence["ip_cooccurrence"],
            strong=True,
        ),
        batch(
            "ip", pa_[weak_rows], pb[weak_rows], weak_detail, rules.confidence["ip"], strong=False
        ),
    ]
