"""Matching a platform export's posts: the media evidence ``scan`` turns into seeds and cases.

Input is the ``posts`` table of the data contract (post_id, account_id,
media_md5, media_pdq); output is one row per (post, bank entry) match.
"""

from __future__ import annotations

import pyarrow as pa

from netbrake.media.matcher import HashMatcher, Query

POST_MATCH_SCHEMA = pa.schema(
    [
        ("post_id", pa.string()),
        ("account_id", pa.string()),
        ("kind", pa.string()),
        ("hash", pa.string()),
        ("bank", pa.string()),
        ("entry_id", pa.int64()),
        ("entry_hash", pa.string()),
        ("distance", pa.int32()),
        ("exchange", pa.string()),
        ("list", pa.string()),
        ("added_at", pa.timestamp("us", tz="UTC")),
    ]
)


def match_posts(posts: pa.Table, matcher: HashMatcher) -> pa.Table:
    """Rows of :data:`POST_MATCH_SCHEMA` for every post whose media matches a bank.

    Missing hash columns or null values are skipped; malformed hashes are
    not matched (ingest has already quarantined them).
    """
    post_ids = posts.column("post_id").to_pylist()
    accounts = posts.column("account_id").to_pylist()
    queries: list[Query] = []
    owners: list[int] = []
    for column, kind in (("media_pdq", "pdq"), ("media_md5", "md5")):
        if column not in posts.column_names:
            continue
        for row, value in enumerate(posts.column(column).to_pylist()):
            if value:
                queries.append(Query(kind, str(value), content_id=str(post_ids[row])))  # type: ignore[arg-type]
                owners.append(row)
    report = matcher.match(queries)
    rows = [
        {
            "post_id": post_ids[owners[m.query]],
            "account_id": accounts[owners[m.query]],
            "kind": m.kind,
            "hash": m.value,
            "bank": m.bank,
            "entry_id": m.entry_id,
            "entry_hash": m.entry_value,
            "distance": m.distance,
            "exchange": m.provenance.exchange,
            "list": m.provenance.list,
            "added_at": m.provenance.added_at,
        }
        for m in report.matches
    ]
    return pa.Table.from_pylist(rows, schema=POST_MATCH_SCHEMA)
