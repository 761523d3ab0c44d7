"""`audit_impressions`: exposure to network members from impression logs, in DuckDB.

One scan of the log (Parquet, any size) counts impressions and member
impressions per surface and ISO week; only the member impressions (a small
share) are kept for the per-viewer figures. An item is a member's when it
is a member account or a member's post. A viewer outside the network is a
newcomer at an impression when no edge joins them to any member (either
direction) with a timestamp before the impression's: the viewers the
surfaces led in (F1). The guard's kept set is the actions that leave an
item on screen (``GuardAction.removes`` false), so ``after`` shows what the
guards let through (F9).
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from netbrake.audit.impression_report import (
    AFTER,
    ALL,
    BEFORE,
    EntryPoint,
    ExposureCell,
    ImpressionAudit,
)
from netbrake.guard import GuardAction
from netbrake.platform import Dataset

#: Guard actions under which the item stayed on screen.
KEPT = tuple(a.value for a in GuardAction if not a.removes)
TOP_ENTRY_POINTS = 10


def _quote(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def _prepare(
    con: duckdb.DuckDBPyConnection, log: Path, dataset: Dataset, members: frozenset[str]
) -> bool:
    """Views and the small member-impression table; returns whether guard actions are logged."""
    # Ingest writes the column for every log; a log without guard decisions has it all null.
    guarded = False
    if "guard_action" in pq.read_schema(log).names:
        logged = con.execute(f"SELECT count(guard_action) FROM read_parquet({_quote(log)})")
        guarded = logged.fetchall()[0][0] > 0
    kept = ", ".join(f"'{a}'" for a in KEPT)
    action = f"(guard_action IS NULL OR guard_action IN ({kept}))" if guarded else "TRUE"
    con.register("_members", pa.table({"id": pa.array(sorted(members), type=pa.string())}))
    con.execute("CREATE TEMP TABLE members AS SELECT DISTINCT id FROM _members")
    con.execute(
        f"CREATE TEMP VIEW log AS SELECT viewer_id, surface, item_kind, item_id, ts, "
        f"strftime(ts, '%G-W%V') AS week, {action} AS kept FROM read_parquet({_quote(log)})"
    )
    dataset.connect(con)
    con.execute(
        "CREATE TEMP TABLE member_posts AS SELECT p.post_id, p.account_id FROM posts p "
        "JOIN members m ON p.account_id = m.id"
    )
    con.execute(
        "CREATE TEMP TABLE first_contact AS SELECT v, min(ts) AS at FROM ("
        "SELECT e.src AS v, e.ts FROM edges e JOIN members m ON e.dst = m.id "
        "UNION ALL SELECT e.dst AS v, e.ts FROM edges e JOIN members m ON e.src = m.id"
        ") GROUP BY v"
    )
    # The only pass over the whole log that keeps rows: those showing a member.
    con.execute(
        "CREATE TEMP TABLE shown AS SELECT l.viewer_id, l.surface, l.week, l.kept, "
        "coalesce(ma.id, mp.account_id) AS member, "
        "vm.id IS NOT NULL AS viewer_member, "
        "(vm.id IS NULL AND (fc.at IS NULL OR fc.at >= l.ts)) AS newcomer "
        "FROM log l "
        "LEFT JOIN members ma ON l.item_kind = 'account' AND l.item_id = ma.id "
        "LEFT JOIN member_posts mp ON l.item_kind = 'post' AND l.item_id = mp.post_id "
        "LEFT JOIN members vm ON l.viewer_id = vm.id "
        "LEFT JOIN first_contact fc ON l.viewer_id = fc.v "
        "WHERE ma.id IS NOT NULL OR mp.post_id IS NOT NULL"
    )
    return guarded


def _cells(con: duckdb.DuckDBPyConnection, arms: dict[str, str]) -> list[ExposureCell]:
    select_arms = ", ".join(
        f"count(*) FILTER (WHERE {cond}) AS n_{arm}" for arm, cond in arms.items()
    )
    totals = con.execute(
        f"SELECT coalesce(surface, '{ALL}'), coalesce(week, '{ALL}'), {select_arms} FROM log "
        "GROUP BY GROUPING SETS ((surface, week), (surface), (week), ())"
    ).fetchall()
    counts = {(r[0], r[1]): r[2:] for r in totals}
    cells: list[ExposureCell] = []
    for i, (arm, cond) in enumerate(arms.items()):
        rows = con.execute(
            f"SELECT coalesce(surface, '{ALL}'), coalesce(week, '{ALL}'), count(*), "
            "count(DISTINCT viewer_id) FILTER (WHERE NOT viewer_member), "
            "count(DISTINCT viewer_id) FILTER (WHERE newcomer), "
            "count(DISTINCT viewer_id) FILTER (WHERE viewer_member) "
            f"FROM shown WHERE {cond} "
            "GROUP BY GROUPING SETS ((surface, week), (surface), (week), ())"
        ).fetchall()
        found = {(r[0], r[1]): r[2:] for r in rows}
        for (surface, week), n in sorted(counts.items()):
            shown, exposed, newcomers, insiders = found.get((surface, week), (0, 0, 0, 0))
            cells.append(
                ExposureCell(arm, surface, week, int(n[i]), shown, exposed, newcomers, insiders)
            )
    return cells


def _multi_surface(con: duckdb.DuckDBPyConnection, cond: str) -> dict[str, int]:
    rows = con.execute(
        f"SELECT coalesce(week, '{ALL}'), count(*) FILTER (WHERE surfaces >= 2) FROM ("
        "SELECT week, viewer_id, count(DISTINCT surface) AS surfaces FROM shown "
        f"WHERE NOT viewer_member AND {cond} GROUP BY GROUPING SETS ((week, viewer_id), (viewer_id))"
        ") GROUP BY week ORDER BY week NULLS FIRST"
    ).fetchall()
    out = {str(w): int(n) for w, n in rows}
    out.setdefault(ALL, 0)
    return out


def _entry_points(
    con: duckdb.DuckDBPyConnection, arm: str, cond: str, top: int
) -> list[EntryPoint]:
    rows = con.execute(
        "SELECT member, count(*) AS n, count(DISTINCT viewer_id), "
        "count(DISTINCT viewer_id) FILTER (WHERE newcomer), list_sort(list(DISTINCT surface)) "
        f"FROM shown WHERE NOT viewer_member AND {cond} GROUP BY member "
        f"ORDER BY n DESC, member LIMIT {int(top)}"
    ).fetchall()
    return [EntryPoint(arm, m, int(n), int(v), int(c), tuple(s)) for m, n, v, c, s in rows]


def audit_impressions(
    log: Path,
    dataset: Dataset,
    members: frozenset[str],
    members_from: str,
    *,
    quarantined: int = 0,
    top: int = TOP_ENTRY_POINTS,
) -> ImpressionAudit:
    """The impression-log audit of the clean Parquet ``log`` against ``members``.

    ``dataset`` gives the edges (prior contact) and posts (their authors);
    ``members_from`` says where the member set came from, for the report.
    """
    con = duckdb.connect()
    try:
        con.execute("SET TimeZone = 'UTC'")
        guarded = _prepare(con, Path(log), dataset, members)
        arms = {BEFORE: "TRUE", AFTER: "kept"} if guarded else {BEFORE: "TRUE"}
        cells = _cells(con, arms)
        rows = con.execute("SELECT count(*) FROM log").fetchall()[0]
        return ImpressionAudit(
            source=str(log),
            members_from=members_from,
            members=len(members),
            rows=int(rows[0]) if rows else 0,
            quarantined=quarantined,
            guarded=guarded,
            cells=tuple(cells),
            multi_surface={arm: _multi_surface(con, cond) for arm, cond in arms.items()},
            entry_points=tuple(
                e for arm, cond in arms.items() for e in _entry_points(con, arm, cond, top)
            ),
        )
    finally:
        con.close()
