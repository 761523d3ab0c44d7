"""Identity linking on Spark: identifier groups with the linker's caps, components by stars.

 (F6). What runs where:

- distributed: the identifiers table, the largest input of linking (several
  rows per account), is checked and grouped by (kind, value) in DataFrames
  with the same caps as `netbrake.identity.identifier_evidence`: star links to
  a group's smallest account, IP co-occurrence counted per account pair,
  over-cap values reported; then the connected components of all kept links
  by large-star/small-star (`netbrake.engines.spark.components`).
- driver: the per-account evidence of `netbrake.identity` (handle stems,
  named handles, bios: vectorised Arrow over the accounts table), the rule
  that weak evidence needs a second weak kind, and the persons, links and
  suspicious tables, built by the identity package's own functions so that
  person ids ("p-" + the smallest account id), sizes and confidences are the
  embedded engine's.

Differences from the embedded `PersonLinks`, none of which reaches the scan
results: link rows of one kind are ordered by account instead of by the
linker's value hash, and ``signatures`` omit identifier values (O(identifiers)
on the driver; re-registration checks read them from the dataset instead).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from netbrake.engines.spark.components import LOCAL_EDGES, star_components
from netbrake.engines.spark.tables import read
from netbrake.identity import (
    KINDS,
    STRONG_KINDS,
    SUSPICIOUS_SCHEMA,
    EvidenceBatch,
    LinkingRules,
    PersonLinks,
    batch,
    bio_evidence,
    build_signatures,
    component_report,
    connected_components,
    handle_key,
    handle_stem,
    links_table,
    mention_evidence,
    normalise_bio,
    persons_table,
    plain_mention_evidence,
    split_oversized,
    stem_evidence,
    supported_weak,
)
from netbrake.platform import Dataset


def _identifier_frames(spark: Any, dataset: Dataset, rules: LinkingRules) -> tuple[Any, ...]:
    """(rows, groups, skipped): usable distinct rows with their group's size, center and cap."""
    from pyspark.sql import functions as sf

    accounts = read(spark, dataset, "accounts", ["account_id"]).select("account_id")
    table = read(spark, dataset, "identifiers", ["account_id", "kind", "value"])
    blank = sf.regexp_replace(sf.col("value"), r"^[\s\p{Z}]+|[\s\p{Z}]+$", "")
    usable = (
        table.join(accounts, "account_id", "left_semi")
        .where(sf.col("kind").isin(*KINDS) & sf.col("value").isNotNull() & (sf.length(blank) > 0))
        .select("account_id", "kind", "value")
    )
    rows = usable.distinct()
    cap = sf.lit(0)
    for kind in KINDS:
        cap = sf.when(sf.col("kind") == kind, sf.lit(rules.cap(kind))).otherwise(cap)
    groups = (
        usable.groupBy("kind", "value")
        .agg(
            sf.count_distinct("account_id").alias("size"),
            sf.min("account_id").alias("center"),
            sf.count("*").alias("rows"),
        )
        .withColumn("cap", cap)
        .localCheckpoint()
    )
    counted = table.agg(sf.count("*").alias("total")).first()
    skipped = int(counted["total"]) - int(groups.agg(sf.sum("rows")).first()[0] or 0)
    return rows.join(groups, ["kind", "value"]), groups, skipped


def _links(rows: Any) -> pa.Table:
    """(a, b, kind, size): star links of strong kinds, and IP pairs with the shared count."""
    from pyspark.sql import functions as sf

    star = rows.where(
        sf.col("kind").isin(*STRONG_KINDS)
        & (sf.col("size") >= 2)
        & (sf.col("size") <= sf.col("cap"))
        & (sf.col("account_id") != sf.col("center"))
    ).select(sf.col("center").alias("a"), sf.col("account_id").alias("b"), "kind", "size")
    few = rows.where(
        (sf.col("kind") == "ip") & (sf.col("size") >= 2) & (sf.col("size") <= sf.col("cap"))
    ).select("value", "account_id")
    left = few.select("value", sf.col("account_id").alias("a"))
    right = few.select("value", sf.col("account_id").alias("b"))
    pairs = (
        left.join(right, "value")
        .where(sf.col("a") < sf.col("b"))
        .groupBy("a", "b")
        .agg(sf.count("*").alias("size"))
        .select("a", "b", sf.lit("ip").alias("kind"), "size")
    )
    table: pa.Table = star.unionByName(pairs).toArrow()
    return table


def _suspicious(groups: Any) -> pa.Table:
    from pyspark.sql import functions as sf

    over = groups.where(sf.col("size") > sf.col("cap")).orderBy("kind", "value")
    table: pa.Table = over.select("kind", "value", "size", "cap").toArrow()
    reason = pc.binary_join_element_wise(
        "shared by ",
        pc.cast(table.column("size"), pa.string()),
        " accounts (cap ",
        pc.cast(table.column("cap"), pa.string()),
        "): treated as public/shared, not linked",
        "",
    )
    return pa.table(
        [table.column("kind"), table.column("value"), table.column("size"), reason],
        schema=SUSPICIOUS_SCHEMA,
    )


def _sorted_pairs(
    ids: pa.Array, table: pa.Table, detail: pa.Array
) -> tuple[np.ndarray, np.ndarray, pa.Array]:
    """Positions (a < b) of ``table``'s account id pairs, sorted, with ``detail`` in step."""
    ia = pc.index_in(table.column("a"), value_set=ids).to_numpy(zero_copy_only=False)
    ib = pc.index_in(table.column("b"), value_set=ids).to_numpy(zero_copy_only=False)
    lo = np.minimum(ia, ib).astype(np.int64)
    hi = np.maximum(ia, ib).astype(np.int64)
    order = np.lexsort((hi, lo))
    return lo[order], hi[order], detail.take(pa.array(order, pa.int64()))


def _text(*parts: pa.Array | str) -> pa.Array:
    args = [pa.scalar(p) if isinstance(p, str) else pc.cast(p, pa.string()) for p in parts]
    joined: pa.Array = pc.binary_join_element_wise(*args, "")
    return joined


def identifier_batches(
    spark: Any, dataset: Dataset, ids: pa.Array, rules: LinkingRules
) -> tuple[list[EvidenceBatch], pa.Table, int]:
    """The batches, suspicious values and skipped rows of `identifier_evidence`, on Spark."""
    if not dataset.has("identifiers"):
        return [], SUSPICIOUS_SCHEMA.empty_table(), 0
    rows, groups, skipped = _identifier_frames(spark, dataset, rules)
    links = _links(rows)
    strong = links.filter(pc.not_equal(links.column("kind"), "ip"))
    batches: list[EvidenceBatch] = []
    for name in KINDS:
        if name not in STRONG_KINDS:
            continue
        mine = strong.filter(pc.equal(strong.column("kind"), name))
        detail = _text(name, " shared by ", mine.column("size"), " accounts")
        a, b, detail = _sorted_pairs(ids, mine, detail)
        batches.append(batch(name, a, b, detail, rules.confidence[name], strong=True))
    ip = links.filter(pc.equal(links.column("kind"), "ip"))
    batches.extend(_ip_batches(ids, ip.rename_columns(["a", "b", "kind", "shared"]), rules))
    return batches, _suspicious(groups), int(skipped)


def _ip_batches(ids: pa.Array, pairs: pa.Table, rules: LinkingRules) -> list[EvidenceBatch]:
    """IP co-occurrence links (strong) and, with ``ip_weak``, single shared IPs (weak)."""
    if not pairs.num_rows:
        return []
    is_strong = pc.greater_equal(pairs.column("shared"), rules.ip_min_shared)
    strong = pairs.filter(is_strong)
    detail = _text("shares ", strong.column("shared"), " IPs each used by few accounts")
    a, b, detail = _sorted_pairs(ids, strong, detail)
    weak = pairs.filter(pc.invert(is_strong)) if rules.ip_weak else pairs.slice(0, 0)
    wa, wb, weak_detail = _sorted_pairs(
        ids, weak, pa.repeat(pa.scalar("shares one IP used by few accounts"), weak.num_rows)
    )
    return [
        batch("ip_cooccurrence", a, b, detail, rules.confidence["ip_cooccurrence"], strong=True),
        batch("ip", wa, wb, weak_detail, rules.confidence["ip"], strong=False),
    ]


def component_labels(
    spark: Any, n: int, a: np.ndarray, b: np.ndarray, local_edges: int = LOCAL_EDGES
) -> np.ndarray:
    """For each account position, the smallest position of its component (Spark stars)."""
    labels = np.arange(n, dtype=np.int64)
    if a.size == 0:
        return labels
    if a.size <= local_edges:
        # The links are on the driver already and few: a round trip through Spark to
        # finish in-process (what `star_components` does below this size) costs seconds.
        return connected_components(n, a, b)
    links = spark.createDataFrame(pa.table({"a": pa.array(a), "b": pa.array(b)}))
    found = star_components(spark, links, local_edges).toArrow()
    nodes = np.asarray(found.column("node").to_numpy(), dtype=np.int64)
    labels[nodes] = np.asarray(found.column("label").to_numpy(), dtype=np.int64)
    return labels


def spark_person_links(
    spark: Any, dataset: Dataset, mentions: pa.Table, rules: LinkingRules
) -> PersonLinks:
    """`PersonLinker(rules).link(...)` of the embedded engine, identifiers and components on Spark."""
    accounts = dataset.table("accounts", ["account_id", "handle", "bio"]).sort_by("account_id")
    ids = accounts.column("account_id").combine_chunks()
    n = len(ids)
    handles = accounts.column("handle").combine_chunks()
    stems = handle_stem(handles), handle_stem(handles, tight=True)
    batches: list[EvidenceBatch] = [stem_evidence(*stems, rules)]
    found, suspicious, skipped = identifier_batches(spark, dataset, ids, rules)
    batches += found
    reports = [suspicious] if dataset.has("identifiers") else []
    keys = handle_key(handles)
    if mentions.num_rows:
        index = pc.index_in(mentions.column("account_id"), value_set=ids)
        named, report = mention_evidence(keys, mentions, index, rules)
        batches += [named, plain_mention_evidence(keys, mentions, index, rules)]
        reports.append(report)
    bios = normalise_bio(accounts.column("bio").combine_chunks())
    batches.append(bio_evidence(bios, rules))
    kept = [bt for bt in batches if bt.strong and len(bt)]
    kept += supported_weak([bt for bt in batches if not bt.strong and len(bt)], n)
    a = np.concatenate([bt.a for bt in kept]) if kept else np.zeros(0, np.int64)
    b = np.concatenate([bt.b for bt in kept]) if kept else np.zeros(0, np.int64)
    labels = component_labels(spark, n, a, b)
    labels, big, big_sizes = split_oversized(labels, rules.max_person_accounts)
    reports.append(component_report(ids, big, big_sizes, rules.max_person_accounts))
    return PersonLinks(
        persons=persons_table(ids, labels, a, b, kept),
        links=links_table(ids, kept),
        suspicious=pa.concat_tables(reports),
        signatures=build_signatures(ids, keys, *stems, bios, None, mentions, None, rules),
        rules=rules,
        skipped_identifier_rows=skipped,
    )
