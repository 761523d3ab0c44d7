"""Signatures: the keys by which a later account can be recognised as a known person.

One row per (account, kind, value): hashed identifiers, the handle key and
stem, the normalised bio, the profile image hash, and every handle the account
named as its backup (the account that will carry it may not exist yet: that
is exactly the re-registration of F6).
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from netbrake.identity.handles import LINKING_RELATIONS, handle_key
from netbrake.identity.identifiers import KINDS
from netbrake.identity.person_links import SIGNATURES_SCHEMA
from netbrake.identity.rules import LinkingRules


def _rows(account_id: pa.Array, kind: str | pa.Array, value: pa.Array, keep: pa.Array) -> pa.Table:
    keep = pc.fill_null(pc.and_kleene(keep, pc.is_valid(account_id)), False)
    account_id = pc.filter(account_id, keep)
    kinds = (
        pa.repeat(pa.scalar(kind), len(account_id))
        if isinstance(kind, str)
        else pc.filter(kind, keep)
    )
    return pa.table(
        [
            account_id.cast(pa.string()),
            kinds.cast(pa.string()),
            pc.filter(value, keep).cast(pa.string()),
        ],
        schema=SIGNATURES_SCHEMA,
    )


def _long(values: pa.Array, chars: int) -> pa.Array:
    return pc.greater_equal(pc.utf8_length(values), chars)


def build_signatures(
    ids: pa.Array,
    keys: pa.Array,
    stems: pa.Array,
    tight_stems: pa.Array,
    bios: pa.Array | None,
    identifiers: pa.Table | None,
    mentions: pa.Table | None,
    profile_images: pa.Table | None,
    rules: LinkingRules,
) -> pa.Table:
    """The signature table of known accounts (``ids``, ``keys``, stems and ``bios`` aligned)."""
    parts = [
        _rows(ids, "handle", keys, pc.is_valid(keys)),
        _rows(ids, "handle_stem", stems, _long(stems, rules.min_stem_chars)),
        _rows(ids, "handle_tight_stem", tight_stems, _long(tight_stems, rules.min_stem_chars)),
    ]
    if bios is not None:
        parts.append(_rows(ids, "bio", bios, _long(bios, rules.min_bio_chars)))
    if identifiers is not None and identifiers.num_rows:
        value = identifiers.column("value").combine_chunks()
        kind = identifiers.column("kind").combine_chunks()
        account = identifiers.column("account_id").combine_chunks()
        keep = pc.and_kleene(
            pc.greater(pc.utf8_length(pc.utf8_trim_whitespace(value)), 0),
            pc.and_kleene(pc.is_in(kind, pa.array(KINDS)), pc.is_in(account, ids)),
        )
        parts.append(_rows(account, kind, value, keep))
    if mentions is not None and mentions.num_rows:
        relation = (
            pc.fill_null(pc.utf8_lower(mentions.column("relation").combine_chunks()), "backup")
            if "relation" in mentions.column_names
            else pa.repeat(pa.scalar("backup"), mentions.num_rows)
        )
        named = handle_key(mentions.column("mentioned_handle").combine_chunks())
        keep = pc.and_kleene(pc.is_in(relation, pa.array(LINKING_RELATIONS)), pc.is_valid(named))
        parts.append(
            _rows(mentions.column("account_id").combine_chunks(), "named_handle", named, keep)
        )
    if profile_images is not None and profile_images.num_rows:
        pdq = pc.utf8_lower(pc.utf8_trim_whitespace(profile_images.column("pdq").combine_chunks()))
        parts.append(
            _rows(
                profile_images.column("account_id").combine_chunks(),
                "profile_image",
                pdq,
                _long(pdq, 64),
            )
        )
    return pa.concat_tables(parts)
