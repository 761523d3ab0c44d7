"""Weak profile evidence: near-identical bios and the same profile image.

Both are weak on purpose. Network sellers copy each other's bio templates and
profile pictures are often stock images, so equal bios or images link a pair
only together with another weak signal (a similar handle, a shared IP), and
only inside small groups (``weak_cap``). Post media PDQ hashes are NOT used:
traded material circulates between unrelated accounts by design.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from netbrake.identity.groups import Groups, hash_codes
from netbrake.identity.link_evidence import EvidenceBatch, batch
from netbrake.identity.rules import LinkingRules


def normalise_bio(bios: pa.Array) -> pa.Array:
    """Bio text reduced to its words: no case, handles, links, digits or punctuation.

    Equal normalised bios catch the usual re-registration edits (a new backup
    handle, a changed age or price, different emoji) without MinHash.
    """
    text = pc.utf8_lower(bios)
    text = pc.replace_substring_regex(text, pattern=r"https?://\S+|www\.\S+|@\S+", replacement=" ")
    text = pc.replace_substring_regex(text, pattern=r"[^\p{L}]+", replacement=" ")
    return pc.utf8_trim_whitespace(text)


def _equal_value_pairs(
    kind: str,
    account_index: pa.Array,
    values: pa.Array,
    min_chars: int,
    detail: str,
    rules: LinkingRules,
) -> EvidenceBatch:
    present = pc.greater_equal(pc.utf8_length(values), min_chars)
    present = pc.fill_null(pc.and_kleene(present, pc.is_valid(account_index)), False)
    rows = pa.array(np.flatnonzero(present.to_numpy(zero_copy_only=False)))
    codes = hash_codes(values.take(rows))
    accounts = account_index.take(rows).to_numpy().astype(np.int64)
    groups = Groups.of(codes, accounts)
    a, b, _ = groups.pairs((groups.size >= 2) & (groups.size <= rules.weak_cap))
    details = pa.repeat(pa.scalar(detail), a.size)
    return batch(kind, a, b, details, rules.confidence[kind], strong=False)


def bio_evidence(normalised: pa.Array, rules: LinkingRules) -> EvidenceBatch:
    """Weak links between accounts with the same :func:`normalise_bio` text (by account index)."""
    index = pa.array(np.arange(len(normalised), dtype=np.int64))
    return _equal_value_pairs(
        "bio", index, normalised, rules.min_bio_chars, "near-identical bios", rules
    )


def profile_image_evidence(
    account_index: pa.Array, pdq: pa.Array, rules: LinkingRules
) -> EvidenceBatch:
    """Weak links between accounts whose profile image has the same 64-hex PDQ hash."""
    keys = pc.utf8_lower(pc.utf8_trim_whitespace(pdq))
    return _equal_value_pairs(
        "profile_image", account_index, keys, 64, "same profile image (PDQ)", rules
    )
