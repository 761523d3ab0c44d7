"""A network as Cytoscape.js elements, with its legend (F10: a network mapped from seeds).

Members are coloured by role (one colour table, :data:`ROLE_COLOURS`, for the
drawing and its legend). Links are the interactions between members that the
scan read (``dataset/edges.parquet`` through :meth:`ScanResults.edges_among`,
docs/results.md "Files"); results that keep no dataset are drawn as a star
around the network's central accounts, with links between accounts of one
person. Only the central accounts (the scan's ``central_accounts``, drawn
with a thick border, then the most connected members: :data:`MAX_LABELS` in
all) and the seeds carry a visible label; every node names itself on hover.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from netbrake.reports import ScannedAccount, ScanResults

MAX_NODES = 400
#: Central accounts labelled in the drawing (the seeds are labelled besides).
MAX_LABELS = 10
UNKNOWN_ROLE = "unknown"
ROLE_COLOURS = {
    "seller": "#c0392b",
    "buyer": "#8e44ad",
    "aggregator": "#d35400",
    "trader": "#2980b9",
    "backup": "#16a085",
    "watchdog": "#7f8c8d",
    "touched": "#95a5a6",
    "benign": "#bdc3c7",
}
OTHER_COLOUR = "#34495e"


def role_colour(role: str) -> str:
    return ROLE_COLOURS.get(role, OTHER_COLOUR)


@dataclass(frozen=True)
class LegendEntry:
    role: str
    colour: str
    count: int


@dataclass(frozen=True)
class NetworkDrawing:
    """The Cytoscape elements, the legend (every role of the network, with its count)
    and how many nodes carry a visible label."""

    elements: list[dict[str, Any]]
    legend: list[LegendEntry]
    labelled: int


def _role(account: ScannedAccount) -> str:
    return account.role or UNKNOWN_ROLE


def _listed(network: dict[str, Any], *keys: str) -> list[str]:
    for key in keys:
        value = network.get(key)
        if isinstance(value, list):
            return [str(v) for v in value]
    return []


def _scan_edges(results: ScanResults, ids: set[str]) -> set[tuple[str, str]] | None:
    """Member-to-member interactions as undirected pairs; None when the results keep none."""
    if results.folder is None:
        return None
    table = results.folder.edges_among(ids)
    if table is None:
        return None
    pairs = zip(table.column("src").to_pylist(), table.column("dst").to_pylist(), strict=True)
    return {(min(s, d), max(s, d)) for s, d in pairs if s != d}


def network_drawing(results: ScanResults, network_id: str) -> NetworkDrawing:
    network = results.network(network_id) or {}
    everyone = results.network_members(network_id)
    members = sorted(everyone, key=lambda a: (-(a.score or 0.0), a.account_id))[:MAX_NODES]
    ids = {a.account_id for a in members}
    hubs = [c for c in _listed(network, "central_accounts", "central") if c in ids]
    hubs = hubs or [a.account_id for a in members[:1]]
    seeds = {s for s in _listed(network, "seeds") if s in ids}
    edges: set[tuple[str, str, str]] = set()
    for edge in network.get("edges") or []:
        src = str(edge[0] if isinstance(edge, list) else edge.get("src"))
        dst = str(edge[1] if isinstance(edge, list) else edge.get("dst"))
        if src in ids and dst in ids:
            edges.add((src, dst, "edge"))
    if not edges:
        edges = {(s, d, "edge") for s, d in _scan_edges(results, ids) or ()}
    degree = Counter(x for s, d, _ in edges for x in (s, d))
    if not edges:
        others = [a.account_id for a in members if a.account_id not in hubs]
        for i, account_id in enumerate(others):
            edges.add((hubs[i % len(hubs)], account_id, "member"))
    ranked = [a.account_id for a in sorted(members, key=lambda a: -degree[a.account_id])]
    central = set(hubs)
    labelled = set((hubs + [a for a in ranked if a not in hubs])[:MAX_LABELS]) | seeds
    elements: list[dict[str, Any]] = []
    for a in members:
        role, score = _role(a), round(a.score or 0.0, 3)
        parts = [a.account_id, role, f"score {score}"]
        parts += ["seed"] if a.account_id in seeds else []
        parts += ["central"] if a.account_id in central else []
        data = {
            "id": a.account_id,
            "label": a.account_id,
            "title": " · ".join(parts),
            "role": role,
            "colour": role_colour(role),
            "score": score,
            "degree": degree[a.account_id],
            "central": a.account_id in central,
            "seed": a.account_id in seeds,
            "labelled": a.account_id in labelled,
        }
        elements.append({"data": data})
    by_person: dict[str, list[str]] = {}
    for a in members:
        if a.person_id:
            by_person.setdefault(a.person_id, []).append(a.account_id)
    for accounts in by_person.values():
        for other in accounts[1:]:
            edges.add((accounts[0], other, "same_person"))
    elements.extend(
        {"data": {"id": f"e{i}", "source": s, "target": t, "kind": k}}
        for i, (s, t, k) in enumerate(sorted(edges))
    )
    counts = Counter(_role(a) for a in everyone)
    legend = [
        LegendEntry(role, role_colour(role), n)
        for role, n in sorted(counts.items(), key=lambda rc: (-rc[1], rc[0]))
    ]
    return NetworkDrawing(elements, legend, len(labelled))
