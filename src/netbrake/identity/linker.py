"""Accounts -> persons: gather link evidence, keep what is safe, take connected components.

F6. The evidence kinds and their caps are in
:mod:`netbrake.identity.rules`; here they are combined: strong evidence links
on its own, weak evidence only when two different weak kinds back the same
pair. Components larger than ``max_person_accounts`` are not one person (a
device farm, a chain through a family laptop): they are reported and split
back into single accounts rather than risking a person-level takedown of
strangers.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from netbrake.errors import InputError
from netbrake.identity.components import connected_components
from netbrake.identity.handles import (
    handle_key,
    handle_stem,
    mention_evidence,
    plain_mention_evidence,
    stem_evidence,
)
from netbrake.identity.identifiers import identifier_evidence
from netbrake.identity.link_evidence import (
    LINKS_SCHEMA,
    SUSPICIOUS_SCHEMA,
    EvidenceBatch,
    IntArray,
    supported_weak,
)
from netbrake.identity.person_links import PERSONS_SCHEMA, PersonLinks
from netbrake.identity.profiles import bio_evidence, normalise_bio, profile_image_evidence
from netbrake.identity.rules import LinkingRules
from netbrake.identity.signatures import build_signatures
from netbrake.platform import Dataset


class PersonLinker:
    """Links the accounts of one person (see :class:`PersonLinks` for the result)."""

    def __init__(self, rules: LinkingRules | None = None):
        self.rules = rules or LinkingRules()

    def link_dataset(self, dataset: Dataset, mentions: pa.Table | None = None) -> PersonLinks:
        """Persons of an ingested dataset; ``mentions`` come from the text layer."""
        accounts = dataset.table("accounts", ["account_id", "handle", "bio"])
        return self.link(accounts, dataset.table("identifiers"), mentions)

    def link(
        self,
        accounts: pa.Table,
        identifiers: pa.Table | None = None,
        mentions: pa.Table | None = None,
        profile_images: pa.Table | None = None,
    ) -> PersonLinks:
        """Persons from the accounts table and optional evidence tables.

        ``accounts``: account_id, handle, bio (optional). ``identifiers``:
        account_id, kind, value (HMAC hex). ``mentions``: account_id,
        mentioned_handle, relation (backup/alternate/new/...), source (bio/post).
        ``profile_images``: account_id, pdq (64 hex) of the profile picture.
        """
        rules = self.rules
        accounts = _strings(accounts) or accounts
        accounts = accounts.sort_by("account_id")
        identifiers = _strings(identifiers)
        mentions = _strings(mentions)
        profile_images = _strings(profile_images)
        ids = accounts.column("account_id").combine_chunks()
        n = len(ids)
        if pc.count_distinct(ids).as_py() != n or ids.null_count:
            raise InputError("accounts: account_id must be unique and present")
        handles = accounts.column("handle").combine_chunks()
        stems = handle_stem(handles), handle_stem(handles, tight=True)
        batches: list[EvidenceBatch] = [stem_evidence(*stems, rules)]
        reports: list[pa.Table] = []
        skipped = 0
        if identifiers is not None and identifiers.num_rows:
            found = identifier_evidence(
                pc.index_in(identifiers.column("account_id"), value_set=ids),
                identifiers.column("kind").combine_chunks(),
                identifiers.column("value").combine_chunks(),
                rules,
            )
            batches += found.batches
            reports.append(found.suspicious)
            skipped = found.skipped_rows
        keys = handle_key(handles)
        if mentions is not None and mentions.num_rows:
            index = pc.index_in(mentions.column("account_id"), value_set=ids)
            named, report = mention_evidence(keys, mentions, index, rules)
            batches.append(named)
            reports.append(report)
            batches.append(plain_mention_evidence(keys, mentions, index, rules))
        bios = None
        if "bio" in accounts.column_names:
            bios = normalise_bio(accounts.column("bio").combine_chunks())
            batches.append(bio_evidence(bios, rules))
        if profile_images is not None and profile_images.num_rows:
            batches.append(
                profile_image_evidence(
                    pc.index_in(profile_images.column("account_id"), value_set=ids),
                    profile_images.column("pdq").combine_chunks(),
                    rules,
                )
            )
        kept = [bt for bt in batches if bt.strong and len(bt)]
        kept += supported_weak([bt for bt in batches if not bt.strong and len(bt)], n)
        a = np.concatenate([bt.a for bt in kept]) if kept else np.zeros(0, np.int64)
        b = np.concatenate([bt.b for bt in kept]) if kept else np.zeros(0, np.int64)
        labels = connected_components(n, a, b)
        labels, big, big_sizes = split_oversized(labels, rules.max_person_accounts)
        reports.append(component_report(ids, big, big_sizes, rules.max_person_accounts))
        links = links_table(ids, kept)
        signatures = build_signatures(
            ids,
            keys,
            *stems,
            bios,
            identifiers,
            mentions,
            profile_images,
            rules,
        )
        return PersonLinks(
            persons=persons_table(ids, labels, a, b, kept),
            links=links,
            suspicious=pa.concat_tables(reports),
            signatures=signatures,
            rules=rules,
            skipped_identifier_rows=skipped,
        )


def _strings(table: pa.Table | None) -> pa.Table | None:
    """The table with every null-typed or non-string text column cast to string."""
    if table is None:
        return None
    for i, column in enumerate(table.columns):
        if column.type != pa.string() and (
            pa.types.is_null(column.type)
            or pa.types.is_large_string(column.type)
            or pa.types.is_dictionary(column.type)
        ):
            table = table.set_column(i, table.field(i).name, column.cast(pa.string()))
    return table


def split_oversized(labels: IntArray, cap: int) -> tuple[IntArray, IntArray, IntArray]:
    """Labels with every component over ``cap`` split into single accounts.

    Also returns the split components' labels and sizes.
    """
    counts = np.bincount(labels, minlength=labels.size)
    big = np.flatnonzero(counts > cap)
    if big.size == 0:
        return labels, big, big
    inside = np.isin(labels, big)
    labels = labels.copy()
    labels[inside] = np.flatnonzero(inside)
    return labels, big, counts[big]


def component_report(ids: pa.Array, big: IntArray, sizes: IntArray, cap: int) -> pa.Table:
    rows = [
        {
            "kind": "component",
            "value": ids[x].as_py(),
            "account_count": size,
            "reason": f"{size} linked accounts (over {cap}): likely a device farm or shared"
            " equipment; not merged into one person, needs review",
        }
        for x, size in zip(big.tolist(), sizes.tolist(), strict=True)
    ]
    return pa.Table.from_pylist(rows, schema=SUSPICIOUS_SCHEMA)


def links_table(ids: pa.Array, kept: list[EvidenceBatch]) -> pa.Table:
    if not kept:
        return LINKS_SCHEMA.empty_table()
    a = pa.array(np.concatenate([bt.a for bt in kept]))
    b = pa.array(np.concatenate([bt.b for bt in kept]))
    kinds = pa.concat_arrays([pa.repeat(pa.scalar(bt.kind), len(bt)) for bt in kept])
    detail = pa.concat_arrays([bt.detail.cast(pa.string()) for bt in kept])
    conf = np.concatenate([bt.confidence for bt in kept])
    return pa.table([ids.take(a), ids.take(b), kinds, detail, pa.array(conf)], schema=LINKS_SCHEMA)


def persons_table(
    ids: pa.Array, labels: IntArray, a: IntArray, b: IntArray, kept: list[EvidenceBatch]
) -> pa.Table:
    n = labels.size
    sizes = np.bincount(labels, minlength=n)[labels]
    # Noisy-or of the confidences of each account's own links.
    conf = np.concatenate([bt.confidence for bt in kept]) if kept else np.zeros(0)
    log_miss = np.log1p(-np.clip(conf, 0.0, 0.999))
    total = np.bincount(a, weights=log_miss, minlength=n) + np.bincount(
        b, weights=log_miss, minlength=n
    )
    link_conf = np.where(sizes > 1, 1.0 - np.exp(total), 1.0)
    person = pc.binary_join_element_wise("p-", ids.take(pa.array(labels)), "")
    return pa.table(
        [ids, person, pa.array(sizes.astype(np.int64)), pa.array(link_conf)], schema=PERSONS_SCHEMA
    )
