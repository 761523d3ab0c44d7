"""Handles: named backup/alternate handles (strong) and similar handles (weak).

F6: users list "backup" handles in their bios and come straight
back after a takedown. A handle named as a backup/alternate/new account in a
bio or post links the two accounts. Similar handles ("anna_backup2" and
"anna.x") are only a weak signal: many unrelated people are called Anna.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from netbrake.identity.groups import Groups, hash_codes
from netbrake.identity.link_evidence import EvidenceBatch, batch, suspicious
from netbrake.identity.rules import LinkingRules

# Words people append to a handle to mark another account of theirs.
_WORDS = (
    r"backup|bkup|bkp|bckp|bk|alt|new|spare|real|official|main|priv|private|"
    r"second|acct|account|again|og"
)
#: Loose: backup words and any digits ("anna_123_bk2" -> "anna").
_SUFFIX = rf"([._\-]*({_WORDS}|[0-9]+))+$"
#: Tight: backup words with their own digits only ("anna_123_bk2" -> "anna123").
_TIGHT_SUFFIX = rf"([._\-]*({_WORDS})[0-9]*)+$"
_PREFIX = r"^(backup|bkp|alt|new|real|official|the|its|im|not)[._\-]+"

#: Mention relations that say "this other account is mine" (others, e.g. a shout-out, do not).
LINKING_RELATIONS = ("alt", "alternate", "backup", "main", "new", "old", "other", "second", "spare")


def handle_key(handles: pa.Array) -> pa.Array:
    """The comparable form of a handle: lower case, no leading '@', no spaces."""
    lowered = pc.utf8_lower(pc.utf8_trim_whitespace(handles))
    return pc.replace_substring_regex(lowered, pattern=r"^@+", replacement="")


def handle_stem(handles: pa.Array, *, tight: bool = False) -> pa.Array:
    """The handle without backup words, separators and (unless ``tight``) digits.

    "Anna_Backup2" -> "anna"; "john_smith88_bkp3" -> "johnsmith" loose, and
    "johnsmith88" tight: common names collide loosely, so both are compared.
    """
    key = handle_key(handles)
    key = pc.replace_substring_regex(
        key, pattern=_TIGHT_SUFFIX if tight else _SUFFIX, replacement=""
    )
    key = pc.replace_substring_regex(key, pattern=_PREFIX, replacement="")
    drop = r"[._\-]+" if tight else r"[._\-0-9]+"
    return pc.replace_substring_regex(key, pattern=drop, replacement="")


def _stem_pairs(stems: pa.Array, rules: LinkingRules) -> tuple[np.ndarray, np.ndarray, pa.Array]:
    long_enough = pc.fill_null(pc.greater_equal(pc.utf8_length(stems), rules.min_stem_chars), False)
    rows = np.flatnonzero(long_enough.to_numpy(zero_copy_only=False))
    groups = Groups.of(hash_codes(stems.take(pa.array(rows))), rows.astype(np.int64))
    a, b, _ = groups.pairs((groups.size >= 2) & (groups.size <= rules.weak_cap))
    return a, b, stems.take(pa.array(a))


def stem_evidence(
    loose_stems: pa.Array, tight_stems: pa.Array, rules: LinkingRules
) -> EvidenceBatch:
    """Weak links between accounts whose loose or tight handle stems are equal and uncommon."""
    loose = _stem_pairs(loose_stems, rules)
    tight = _stem_pairs(tight_stems, rules)
    a = np.concatenate([loose[0], tight[0]])
    b = np.concatenate([loose[1], tight[1]])
    stem = pa.concat_arrays([loose[2], tight[2]])
    # One link per pair even when both stems agree.
    _, first = np.unique(
        a * (int(max(a.max(initial=0), b.max(initial=0))) + 1) + b, return_index=True
    )
    detail = pc.binary_join_element_wise(
        "handles share the stem '", stem.take(pa.array(first)), "'", ""
    )
    return batch(
        "handle_similarity",
        a[first],
        b[first],
        detail,
        rules.confidence["handle_similarity"],
        strong=False,
    )


def mention_evidence(
    keys: pa.Array, mentions: pa.Table, account_index: pa.Array, rules: LinkingRules
) -> tuple[EvidenceBatch, pa.Table]:
    """Strong links from handles named as backup/alternate/new accounts, and over-named handles.

    ``keys`` are the handle keys of all accounts (by index); ``account_index``
    is the index of each mention row's naming account.
    """
    named = handle_key(mentions.column("mentioned_handle").combine_chunks())
    target = pc.index_in(named, value_set=keys)
    relations = pc.utf8_lower(_column(mentions, "relation", "backup"))
    ok = pc.and_kleene(pc.is_valid(target), pc.is_valid(account_index))
    ok = pc.fill_null(pc.and_kleene(ok, pc.is_in(relations, pa.array(LINKING_RELATIONS))), False)
    src = pc.filter(account_index, ok).to_numpy().astype(np.int64)
    dst = pc.filter(target, ok).to_numpy().astype(np.int64)
    relation = pc.filter(relations, ok)
    source = pc.filter(_column(mentions, "source", "bio"), ok)
    not_self = np.flatnonzero(src != dst)
    src, dst = src[not_self], dst[not_self]
    relation = relation.take(pa.array(not_self))
    source = source.take(pa.array(not_self))

    # A handle named by many accounts is being promoted, not owned: cap it.
    groups = Groups.of(dst, src)
    over_targets = np.unique(groups.keys[groups.size > rules.mention_cap])
    first = groups.first_rows()
    flagged = first[groups.size[first] > rules.mention_cap]
    counts = groups.size[flagged]
    report = suspicious(
        "named_handle",
        keys.take(pa.array(groups.keys[flagged])),
        counts,
        pc.binary_join_element_wise(
            "named as a backup by ",
            pc.cast(pa.array(counts), pa.string()),
            " accounts: promoted, not owned; not linked",
            "",
        ),
    )
    keep = np.flatnonzero(~np.isin(dst, over_targets))
    detail = pc.binary_join_element_wise(
        source.take(pa.array(keep)),
        " names @",
        keys.take(pa.array(dst[keep])),
        " as ",
        relation.take(pa.array(keep)),
        "",
    )
    links = batch(
        "named_handle", src[keep], dst[keep], detail, rules.confidence["named_handle"], strong=True
    )
    return links, report


def plain_mention_evidence(
    keys: pa.Array, mentions: pa.Table, account_index: pa.Array, rules: LinkingRules
) -> EvidenceBatch:
    """Weak links from other mentions ("if I get banned: @anna_b2"): they need a second
    weak signal, typically a similar handle, to link."""
    named = handle_key(mentions.column("mentioned_handle").combine_chunks())
    target = pc.index_in(named, value_set=keys)
    relations = pc.utf8_lower(_column(mentions, "relation", "backup"))
    ok = pc.and_kleene(pc.is_valid(target), pc.is_valid(account_index))
    ok = pc.fill_null(
        pc.and_kleene(ok, pc.invert(pc.is_in(relations, pa.array(LINKING_RELATIONS)))), False
    )
    src = pc.filter(account_index, ok).to_numpy().astype(np.int64)
    dst = pc.filter(target, ok).to_numpy().astype(np.int64)
    keep = np.flatnonzero(src != dst)
    detail = pc.binary_join_element_wise("mentions @", keys.take(pa.array(dst[keep])), "")
    return batch("mention", src[keep], dst[keep], detail, rules.confidence["mention"], strong=False)


def _column(table: pa.Table, name: str, default: str) -> pa.Array:
    if name in table.column_names:
        return pc.fill_null(table.column(name).combine_chunks().cast(pa.string()), default)
    return pa.repeat(pa.scalar(default), table.num_rows)
