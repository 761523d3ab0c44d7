"""The platform export contract (docs/data-contract.md, "The data contract").

One table per file. ``accounts`` and ``edges`` are required; ``posts``,
``identifiers``, ``reports``, ``searches`` and ``impressions`` are optional;
``labels`` exists only in synthetic data and is never read by detection code. These specs drive the
readers, the validating ingest and the clean Arrow schemas every later stage
reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import pyarrow as pa

EDGE_KINDS = ("follow", "like", "comment", "mention", "view", "message")
IDENTIFIER_KINDS = ("device", "email", "phone", "ip", "payment", "cookie")
REPORT_REASONS = ("child_safety", "nudity", "spam", "harassment", "other")
REPORT_TARGET_KINDS = ("account", "post", "hashtag")
MEDIA_KINDS = ("image", "video")
#: Where a query was typed: the search box or as autocomplete input.
SEARCH_SURFACES = ("search", "autocomplete")
#: Discovery surfaces an impression can be logged on; the guards serve the same ones
#: (``netbrake.guard.SURFACES`` is this tuple).
IMPRESSION_SURFACES = (
    "suggested_accounts",
    "explore",
    "feed_recommendations",
    "search",
    "search_people",
    "hashtag_page",
    "autocomplete",
    "notifications",
)
#: What an impression showed.
IMPRESSION_ITEM_KINDS = ("account", "post", "hashtag", "query")
#: What the guard decided for an impression: the guard's actions plus ``suppress``
#: for logs that record only shown/suppressed.
IMPRESSION_GUARD_ACTIONS = (
    "allow",
    "downrank",
    "no_promote",
    "interstitial",
    "drop",
    "block",
    "suppress",
)
ROLES = ("seller", "buyer", "aggregator", "trader", "backup", "watchdog", "touched", "benign")
#: Roles that make an account a member of an exploitation network.
MEMBER_ROLES = ("seller", "buyer", "aggregator", "trader", "backup")

TIMESTAMP = pa.timestamp("us", tz="UTC")


class ColumnType(StrEnum):
    """How a column's values are checked and stored."""

    STRING = "string"
    TIMESTAMP = "timestamp"
    FLOAT = "float"
    INT = "int"
    ENUM = "enum"
    HEX = "hex"
    STRING_LIST = "string_list"


@dataclass(frozen=True)
class Column:
    """One column of a contract table.

    ``required`` means the value must be present and non-empty on every row;
    ``present`` means the column itself must exist in the file.
    """

    name: str
    type: ColumnType
    required: bool = True
    present: bool = True
    choices: tuple[str, ...] = ()
    max_length: int | None = None
    hex_length: int | None = None
    references: str | None = None
    default: float | None = None
    #: INT only: the least allowed value.
    min_value: int | None = None

    @property
    def arrow_type(self) -> pa.DataType:
        return {
            ColumnType.STRING: pa.string(),
            ColumnType.ENUM: pa.string(),
            ColumnType.HEX: pa.string(),
            ColumnType.TIMESTAMP: TIMESTAMP,
            ColumnType.FLOAT: pa.float64(),
            ColumnType.INT: pa.int64(),
            ColumnType.STRING_LIST: pa.list_(pa.string()),
        }[self.type]


@dataclass(frozen=True)
class TableSpec:
    """A contract table: its columns, primary key and whether the export must have it."""

    name: str
    columns: tuple[Column, ...]
    primary_key: str | None = None
    required: bool = False
    synthetic_only: bool = False

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(name)

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def arrow_schema(self) -> pa.Schema:
        return pa.schema(
            [pa.field(c.name, c.arrow_type, nullable=not c.required) for c in self.columns]
        )


def _s(name: str, **kw: object) -> Column:
    return Column(name, ColumnType.STRING, **kw)  # type: ignore[arg-type]


ACCOUNTS = TableSpec(
    "accounts",
    (
        _s("account_id", max_length=256),
        _s("handle", max_length=256),
        _s("display_name", required=False, present=False, max_length=1_000),
        _s("bio", required=False, present=False, max_length=10_000),
        _s("external_url", required=False, present=False, max_length=4_096),
        Column("created_at", ColumnType.TIMESTAMP),
    ),
    primary_key="account_id",
    required=True,
)

EDGES = TableSpec(
    "edges",
    (
        _s("src", references="accounts.account_id"),
        _s("dst", references="accounts.account_id"),
        Column("kind", ColumnType.ENUM, choices=EDGE_KINDS),
        Column("ts", ColumnType.TIMESTAMP),
        Column("weight", ColumnType.FLOAT, required=False, present=False, default=1.0),
    ),
    required=True,
)

POSTS = TableSpec(
    "posts",
    (
        _s("post_id", max_length=256),
        _s("account_id", references="accounts.account_id"),
        Column("created_at", ColumnType.TIMESTAMP),
        _s("text", required=False, present=False, max_length=100_000),
        Column("hashtags", ColumnType.STRING_LIST, required=False, present=False),
        Column("media_md5", ColumnType.HEX, required=False, present=False, hex_length=32),
        Column("media_pdq", ColumnType.HEX, required=False, present=False, hex_length=64),
        Column("media_kind", ColumnType.ENUM, required=False, present=False, choices=MEDIA_KINDS),
    ),
    primary_key="post_id",
)

IDENTIFIERS = TableSpec(
    "identifiers",
    (
        _s("account_id", references="accounts.account_id"),
        Column("kind", ColumnType.ENUM, choices=IDENTIFIER_KINDS),
        _s("value", max_length=4_096),
    ),
)

REPORTS = TableSpec(
    "reports",
    (
        _s("report_id", max_length=256),
        _s("reporter_id", references="accounts.account_id"),
        Column("target_kind", ColumnType.ENUM, choices=REPORT_TARGET_KINDS),
        _s("target_id", max_length=1_000),
        Column("reason", ColumnType.ENUM, choices=REPORT_REASONS),
        _s("text", required=False, present=False, max_length=10_000),
        Column("created_at", ColumnType.TIMESTAMP),
    ),
    primary_key="report_id",
)

LABELS = TableSpec(
    "labels",
    (
        _s("account_id", references="accounts.account_id"),
        Column("role", ColumnType.ENUM, choices=ROLES),
        Column("network_id", ColumnType.INT, required=False, present=False),
        _s("person_id"),
    ),
    primary_key="account_id",
    synthetic_only=True,
)

#: Search and autocomplete queries (optional): the disguised spellings people look for
#: once a term is blocked (F4), read by term discovery.
SEARCHES = TableSpec(
    "searches",
    (
        _s("searcher_id", references="accounts.account_id"),
        _s("query", max_length=1_000),
        Column("surface", ColumnType.ENUM, choices=SEARCH_SURFACES),
        Column("ts", ColumnType.TIMESTAMP),
    ),
)

#: What the discovery surfaces showed (optional): one row per item shown to a viewer,
#: read by the impression-log audit (F1, F9). ``item_id`` is an account id for
#: ``account`` items and a post id for ``post`` items (both checked), else the
#: hashtag or query text. ``guard_action`` is present when the guard's decisions
#: are logged beside the impressions.
IMPRESSIONS = TableSpec(
    "impressions",
    (
        _s("viewer_id", references="accounts.account_id"),
        Column("surface", ColumnType.ENUM, choices=IMPRESSION_SURFACES),
        Column("item_kind", ColumnType.ENUM, choices=IMPRESSION_ITEM_KINDS),
        _s("item_id", max_length=1_000),
        Column("rank", ColumnType.INT, min_value=1),
        Column("ts", ColumnType.TIMESTAMP),
        Column(
            "guard_action",
            ColumnType.ENUM,
            required=False,
            present=False,
            choices=IMPRESSION_GUARD_ACTIONS,
        ),
    ),
)

#: Contract tables in the order ingest validates them (referenced tables first).
TABLES: dict[str, TableSpec] = {
    t.name: t for t in (ACCOUNTS, EDGES, POSTS, IDENTIFIERS, REPORTS, SEARCHES, IMPRESSIONS, LABELS)
}
