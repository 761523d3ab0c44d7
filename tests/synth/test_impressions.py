"""Synthetic impression logs: consistent with the export, deterministic by seed, and leaving
every other table's bytes unchanged (F1, F9)."""

from __future__ import annotations

import duckdb
import pyarrow as pa
import pytest

from netbrake.platform import IMPRESSIONS, MEMBER_ROLES
from netbrake.synth import ImpressionMix, SynthConfig, build, impressions_table, members_of


@pytest.fixture(scope="module")
def platform():
    return build(SynthConfig(accounts=2_000, seed=5, impressions=40_000))


def test_the_log_is_consistent_with_the_export(platform):
    t = platform.tables
    log = t["impressions"]
    assert log.num_rows == 40_000
    assert log.schema.equals(IMPRESSIONS.arrow_schema())
    con = duckdb.connect()
    for name in ("accounts", "posts", "labels", "edges"):
        con.register(name, t[name])
    con.register("log", log)
    dangling = con.execute(
        "SELECT count(*) FROM log l LEFT JOIN accounts a ON l.viewer_id = a.account_id "
        "WHERE a.account_id IS NULL"
    ).fetchall()[0][0]
    assert dangling == 0
    bad_items = con.execute(
        "SELECT count(*) FROM log l LEFT JOIN accounts a ON l.item_id = a.account_id "
        "LEFT JOIN posts p ON l.item_id = p.post_id WHERE (l.item_kind = 'account' AND "
        "a.account_id IS NULL) OR (l.item_kind = 'post' AND p.post_id IS NULL)"
    ).fetchall()[0][0]
    assert bad_items == 0
    roles = "', '".join(MEMBER_ROLES)
    # Members are shown to each other far more often than to the ordinary crowd.
    to_members = con.execute(
        f"SELECT coalesce(lv.role IN ('{roles}'), false) AS insider, "
        f"avg(CAST(coalesce(li.role, lp.role) IN ('{roles}') AS DOUBLE)) FROM log l "
        "LEFT JOIN labels lv ON l.viewer_id = lv.account_id "
        "LEFT JOIN labels li ON l.item_kind = 'account' AND l.item_id = li.account_id "
        "LEFT JOIN posts p ON l.item_kind = 'post' AND l.item_id = p.post_id "
        "LEFT JOIN labels lp ON p.account_id = lp.account_id GROUP BY insider ORDER BY insider"
    ).fetchall()
    (_, outside), (_, inside) = to_members
    assert inside > 10 * outside > 0
    actions = dict(con.execute("SELECT guard_action, count(*) FROM log GROUP BY ALL").fetchall())
    assert set(actions) == {"allow", "downrank", "drop"}


def test_same_seed_same_log_and_other_tables_unchanged(platform):
    again = build(SynthConfig(accounts=2_000, seed=5, impressions=40_000))
    assert again.tables["impressions"].equals(platform.tables["impressions"])
    plain = build(SynthConfig(accounts=2_000, seed=5))
    assert "impressions" not in plain.tables
    for name, table in plain.tables.items():
        assert table.equals(platform.tables[name]), name
    other = build(SynthConfig(accounts=2_000, seed=6, impressions=40_000))
    assert not other.tables["impressions"].equals(platform.tables["impressions"])


def test_batches_join_up_and_a_log_without_guard_column(platform):
    t = platform.tables
    members = members_of(t["labels"])
    kw = {"seed": 1, "start": 0, "end": 10**12, "posts": t["posts"]}
    small = impressions_table(t["accounts"], t["edges"], members, 2_500, batch=1_000, **kw)
    assert small.num_rows == 2_500
    ts = small.column("ts").cast(pa.int64()).to_pylist()
    assert ts == sorted(ts)
    bare = impressions_table(t["accounts"], t["edges"], members, 100,
                             mix=ImpressionMix(guard_recall=None), **kw)  # fmt: skip
    assert "guard_action" not in bare.column_names
