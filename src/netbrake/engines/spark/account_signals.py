"""Text signals on Spark: every profile and post scanned by the same `Matcher` on executors.

What runs where:

- distributed: building each profile text and post text and scanning it
  (normalisation, lexicon, extractors: the costly part, ~100k texts/s per
  core) inside ``mapPartitions``. The policy is broadcast; each executor's Python
  worker builds the matcher once and keeps it in a module global.
- collected: only the texts with something found (a small share of a
  platform), with their pickled `TextScan` results and, for posts, the post
  row itself, in file order.
- driver: `netbrake.signals.collect_signals` weighs those results into the
  same `AccountSignals` as the embedded engine, fed by a `ScanReplay` that
  answers each text with the executors' result. The accounts and reports
  tables are read on the driver (per-account arrays are O(accounts) anyway).
"""

from __future__ import annotations

import pickle
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import islice
from typing import Any, cast

import pyarrow as pa
import pyarrow.parquet as pq

from netbrake.engines.spark.tables import ROW, read
from netbrake.platform import TABLES, Dataset
from netbrake.policy import Policy
from netbrake.signals import (
    PROFILE_FIELDS,
    AccountSignals,
    SignalParams,
    collect_signals,
    post_texts,
    profile_texts,
)
from netbrake.text import Matcher, TextScan

POST_COLUMNS = ["post_id", "account_id", "text", "hashtags"]
#: Texts per `Matcher.scan_many` call on an executor.
BATCH = 10_000

#: One matcher per executor Python worker, by broadcast token (a build takes ~4-8 s).
_MATCHERS: dict[str, Matcher] = {}


def _matcher(broadcast: Any) -> Matcher:
    """The matcher of a broadcast ``(token, policy)``, built once per worker process."""
    token, policy = cast(tuple[str, Policy], broadcast.value)
    if token not in _MATCHERS:
        _MATCHERS.clear()
        _MATCHERS[token] = Matcher.from_policy(policy)
    return _MATCHERS[token]


def _found(matcher: Matcher, texts: Sequence[str]) -> tuple[list[int], list[bytes]]:
    rows: list[int] = []
    scans: list[bytes] = []
    for i, result in enumerate(matcher.scan_many(texts)):
        if not result.empty:
            rows.append(i)
            scans.append(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
    return rows, scans


def _table(rows: Iterable[Any], columns: Sequence[str]) -> pa.Table:
    """One partition's rows as an Arrow table (columns by name; ``_row`` last)."""
    values: list[list[Any]] = [[] for _ in columns]
    for row in rows:
        for i, value in enumerate(row):
            values[i].append(value)
    return pa.table({c: pa.array(v) for c, v in zip(columns, values, strict=True)})


def _profile_scanner(policy: Any, columns: Sequence[str]) -> Any:
    def scan(rows: Iterator[Any]) -> Iterator[tuple[int, str, bytes]]:
        matcher = _matcher(policy)
        while batch := list(islice(rows, BATCH)):
            table = _table(batch, [*columns, ROW])
            texts = profile_texts(table).texts
            found, scans = _found(matcher, texts)
            positions = table.column(ROW).to_pylist()
            for i, blob in zip(found, scans, strict=True):
                yield positions[i], texts[i], blob

    return scan


def _post_scanner(policy: Any) -> Any:
    def scan(rows: Iterator[Any]) -> Iterator[tuple[Any, ...]]:
        matcher = _matcher(policy)
        while batch := list(islice(rows, BATCH)):
            texts = post_texts(_table(batch, [*POST_COLUMNS, ROW]))
            found, scans = _found(matcher, texts)
            for i, blob in zip(found, scans, strict=True):
                yield (*batch[i], blob)

    return scan


class ScanReplay:
    """Answers `Matcher.scan_many` with results computed elsewhere (texts with none: empty)."""

    def __init__(self, results: Mapping[str, TextScan], matcher: Matcher):
        self.results = results
        self.empty = TextScan((), (), False, matcher.version)
        self.combiner = matcher.combiner  # the explanations of combination hits

    def scan_many(self, texts: Sequence[str]) -> list[TextScan]:
        get, empty = self.results.get, self.empty
        return [get(text, empty) for text in texts]


def _by_row(row: tuple[Any, ...]) -> int:
    position: int = row[len(POST_COLUMNS)]
    return position


def spark_account_signals(
    spark: Any, dataset: Dataset, matcher: Matcher, params: SignalParams
) -> AccountSignals:
    """The same `AccountSignals` as `EmbeddedEngine.account_signals`, text scanned on Spark."""
    policy = spark.sparkContext.broadcast((uuid.uuid4().hex, matcher.policy))
    try:
        profile_columns = [c for c in PROFILE_FIELDS if c in _schema(dataset, "accounts").names]
        profiles = read(spark, dataset, "accounts", profile_columns).rdd
        found = sorted(profiles.mapPartitions(_profile_scanner(policy, profile_columns)).collect())
        posts = read(spark, dataset, "posts", POST_COLUMNS).rdd
        hit_posts = sorted(posts.mapPartitions(_post_scanner(policy)).collect(), key=_by_row)
    finally:
        policy.unpersist()
    results = {text: pickle.loads(blob) for _, text, blob in found}
    subset = _contract_posts(hit_posts, dataset)
    for text, row in zip(post_texts(subset), hit_posts, strict=True):
        results[text] = pickle.loads(row[-1])
    replay = ScanReplay(results, matcher)
    # collect_signals only reads `scan_many` and `combiner` of its matcher (netbrake.signals.profile.scan_chunks).
    return collect_signals(
        dataset.table("accounts"),
        subset,
        dataset.table("reports"),
        cast(Matcher, replay),
        params,
    )


def _schema(dataset: Dataset, name: str) -> pa.Schema:
    """The table's file schema (the contract schema when the table is absent)."""
    if dataset.has(name):
        return pq.read_schema(dataset.file(name))
    schema: pa.Schema = TABLES[name].arrow_schema()
    return schema


def _contract_posts(rows: list[tuple[Any, ...]], dataset: Dataset) -> pa.Table:
    """The scanned posts with hits, typed as the embedded engine reads them."""
    schema = _schema(dataset, "posts")
    fields = [schema.field(c) for c in POST_COLUMNS]
    return pa.table(
        [pa.array([row[i] for row in rows], f.type) for i, f in enumerate(fields)],
        schema=pa.schema(fields),
    )
