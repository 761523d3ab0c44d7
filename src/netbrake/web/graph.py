"""A network as Cytoscape.js elements: members coloured by role, links to central accounts
and between accounts of one person (the scan results hold no edge list; a network that
lists ``edges`` in networks.json is drawn with them)."""

from __future__ import annotations

from typing import Any

from netbrake.reports.evidence import ScanResults

MAX_NODES = 400


def network_elements(results: ScanResults, network_id: str) -> list[dict[str, Any]]:
    network = results.network(network_id) or {}
    members = sorted(results.network_members(network_id), key=lambda a: -(a.score or 0.0))
    members = members[:MAX_NODES]
    ids = {a.account_id for a in members}
    central = [str(c) for c in network.get("central_accounts") or network.get("central") or []]
    central = [c for c in central if c in ids] or [a.account_id for a in members[:1]]
    elements: list[dict[str, Any]] = [
        {
            "data": {
                "id": a.account_id,
                "label": a.account_id,
                "role": a.role or "unknown",
                "score": round(a.score or 0.0, 3),
                "central": a.account_id in central,
            }
        }
        for a in members
    ]
    edges: set[tuple[str, str, str]] = set()
    for edge in network.get("edges") or []:
        src, dst = (
            str(edge[0] if isinstance(edge, list) else edge.get("src")),
            str(edge[1] if isinstance(edge, list) else edge.get("dst")),
        )
        if src in ids and dst in ids:
            edges.add((src, dst, "edge"))
    if not edges:
        others = [a.account_id for a in members if a.account_id not in central]
        for i, account_id in enumerate(others):
            edges.add((central[i % len(central)], account_id, "member"))
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
    return elements
