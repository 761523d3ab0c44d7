"""The impression-log audit on a crafted log: exact shares, newcomers, multi-surface viewers,
entry points, before and after guards (F1, F9), and its chart and page."""

from __future__ import annotations

import re
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from netbrake.audit import (
    ImpressionAudit,
    audit_impressions,
    exposure_chart,
    impression_members,
    render_impressions,
)
from netbrake.platform import Dataset, ingest

W1, W3 = "2024-01-03T12:00:00Z", "2024-01-15T12:00:00Z"
ACCOUNTS = ("m1", "m2", "v1", "v2", "v3", "v4", "b1")
#: (viewer, surface, item_kind, item_id, ts, guard_action)
LOG = [
    ("v1", "suggested_accounts", "account", "m1", W1, "allow"),  # before v1's contact: newcomer
    ("v1", "suggested_accounts", "account", "b1", W1, "allow"),
    ("v1", "explore", "post", "p1", W3, "drop"),  # m1's post, after v1's contact
    ("v2", "explore", "post", "p1", W3, "allow"),
    ("v2", "suggested_accounts", "account", "m2", W3, "drop"),
    ("v3", "search", "hashtag", "cooking", W3, "allow"),
    ("v3", "search", "account", "b1", W3, "allow"),
    ("m2", "suggested_accounts", "account", "m1", W1, "allow"),  # members shown each other
    ("v4", "explore", "post", "p2", W1, "suppress"),
    ("v4", "feed_recommendations", "account", "m1", W3, "interstitial"),
]


def _export(write_export, with_guard: bool = True) -> dict[str, list[dict[str, object]]]:
    ts = "2023-06-01T00:00:00Z"
    rows = [
        dict(zip(("viewer_id", "surface", "item_kind", "item_id", "ts"), r[:5], strict=True))
        | ({"guard_action": r[5]} if with_guard else {})
        | {"rank": 1 + i % 3}
        for i, r in enumerate(LOG)
    ]
    return {
        "accounts": [{"account_id": a, "handle": a, "created_at": ts} for a in ACCOUNTS],
        "edges": [
            {"src": "v1", "dst": "m1", "kind": "follow", "ts": "2024-01-10T00:00:00Z"},
            {"src": "v2", "dst": "b1", "kind": "follow", "ts": ts},
            {"src": "m2", "dst": "m1", "kind": "follow", "ts": ts},
        ],
        "posts": [
            {"post_id": "p1", "account_id": "m1", "created_at": ts},
            {"post_id": "p2", "account_id": "b1", "created_at": ts},
        ],
        "labels": [
            {
                "account_id": a,
                "role": {"m1": "seller", "m2": "buyer"}.get(a, "benign"),
                "person_id": a,
            }
            for a in ACCOUNTS
        ],
        "impressions": rows,
    }


def _audit(write_export, tmp_path: Path, with_guard: bool = True) -> ImpressionAudit:
    folder = write_export(_export(write_export, with_guard), "csv")
    ingest(folder, tmp_path / "clean", secret=b"k")
    dataset = Dataset.open(tmp_path / "clean")
    members, source = impression_members(dataset, tmp_path / "no-results")
    assert members == {"m1", "m2"}
    return audit_impressions(dataset.file("impressions"), dataset, members, source)


def _figures(audit: ImpressionAudit, arm: str, surface: str) -> tuple[int, ...]:
    c = audit.cell(arm, surface)
    return c.impressions, c.member_impressions, c.viewers_exposed, c.newcomers, c.member_viewers


@pytest.mark.parametrize(
    ("arm", "surface", "expected", "share"),
    [
        ("before", "all", (10, 6, 3, 3, 1), 0.6),
        ("before", "suggested_accounts", (4, 3, 2, 2, 1), 0.75),
        ("before", "explore", (3, 2, 2, 1, 0), 2 / 3),
        ("before", "search", (2, 0, 0, 0, 0), 0.0),
        ("before", "feed_recommendations", (1, 1, 1, 1, 0), 1.0),
        ("after", "all", (6, 3, 2, 2, 1), 0.5),
        ("after", "suggested_accounts", (3, 2, 1, 1, 1), 2 / 3),
        ("after", "explore", (1, 1, 1, 1, 0), 1.0),
        ("after", "feed_recommendations", (0, 0, 0, 0, 0), 0.0),
    ],
)
def test_exact_figures_per_surface_before_and_after_guards(
    write_export, tmp_path, arm, surface, expected, share
):
    audit = _audit(write_export, tmp_path)
    assert _figures(audit, arm, surface) == expected
    assert audit.cell(arm, surface).share == pytest.approx(share)


def test_weeks_multi_surface_viewers_and_entry_points(write_export, tmp_path):
    audit = _audit(write_export, tmp_path)
    assert audit.weeks() == ["2024-W01", "2024-W03"]
    assert audit.cell("before", "suggested_accounts", "2024-W01").member_impressions == 2
    assert audit.cell("before", "all", "2024-W03").newcomers == 2  # v2, v4; v1 had contact
    assert audit.multi_surface == {
        "before": {"all": 2, "2024-W01": 0, "2024-W03": 1},
        "after": {"all": 0, "2024-W01": 0, "2024-W03": 0},
    }
    entries = [(e.arm, e.member, e.impressions, e.viewers, e.newcomers, e.surfaces)
               for e in audit.entry_points]  # fmt: skip
    assert entries == [
        ("before", "m1", 4, 3, 3, ("explore", "feed_recommendations", "suggested_accounts")),
        ("before", "m2", 1, 1, 1, ("suggested_accounts",)),
        ("after", "m1", 2, 2, 2, ("explore", "suggested_accounts")),
    ]
    doc = audit.to_json()
    assert doc["arms"] == ["before", "after"]
    assert doc["members"] == 2
    assert doc["rows"] == 10


def test_a_log_without_guard_actions_has_one_arm(write_export, tmp_path):
    audit = _audit(write_export, tmp_path, with_guard=False)
    assert audit.arms == ("before",)
    assert _figures(audit, "before", "all") == (10, 6, 3, 3, 1)
    with pytest.raises(KeyError):
        audit.cell("after")


def test_members_come_from_the_scan_when_the_export_has_no_labels(write_export, tmp_path):
    tables = _export(write_export)
    del tables["labels"]
    folder = write_export(tables, "csv")
    ingest(folder, tmp_path / "clean", secret=b"k")
    results = tmp_path / "results"
    results.mkdir()
    scanned = pa.table({"account_id": ["m1", "v1", "b1"], "member": [True, False, None]})
    pq.write_table(scanned, results / "accounts.parquet")
    members, source = impression_members(Dataset.open(tmp_path / "clean"), results)
    assert members == {"m1"}
    assert "scan" in source


def test_the_chart_has_one_series_per_surface_with_both_arms(write_export, tmp_path):
    audit = _audit(write_export, tmp_path)
    svg = exposure_chart(audit)
    series = re.findall(r'<g class="series" data-surface="([a-z_]+)">', svg)
    assert series == audit.surfaces()
    assert len(series) == 4
    assert svg.count('class="arm-before"') == 4
    assert svg.count('class="arm-after"') == 4
    page = render_impressions(audit)
    assert page.count("<svg") == 1
    assert svg in page
    assert "<script" not in page
    assert "http" not in page.replace("http://www.w3.org/2000/svg", "")
