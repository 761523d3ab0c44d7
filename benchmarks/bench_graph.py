"""Graph layer: CSR build, PageRank engines side by side, push, peeling, Leiden, mapping.

    python -m benchmarks graph                      # 1,000,000 accounts / 20,000,000 edges
    python -m benchmarks graph --nodes=100000 --edges=2000000
    python -m benchmarks graph --export=DIR         # a synthetic platform export (with labels)

The generated platform: power-law popularity (preferential targets, skewed
activity) over six edge kinds; planted networks of sellers and buyers whose
members also follow popular accounts (camouflage); per network one watchdog
that follows every member and is never followed back; touched users who
follow one seller once. Prints medians of repeats and peak memory, and the
mapping quality against the planted truth.
"""

from __future__ import annotations

import gc
import time
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from benchmarks.measure import Timing, peak_rss_mb, print_table, timed
from netbrake.graph import (
    Graph,
    MappingParams,
    NodeEvidence,
    build_graph,
    diffusion,
    expand_seeds,
    map_networks,
    peel_densest,
    personalized_pagerank,
    split_networks,
)
from netbrake.platform.schema import EDGE_KINDS, ROLES

WEIGHTS = {"follow": 1.0, "like": 0.5, "comment": 0.8, "mention": 0.7, "view": 0.2, "message": 1.5}
KIND_SHARE = {
    "follow": 0.5,
    "like": 0.25,
    "comment": 0.08,
    "mention": 0.04,
    "view": 0.1,
    "message": 0.03,
}


@dataclass
class Planted:
    ids: pa.Array
    src: pa.Array
    dst: pa.Array
    kind: pa.Array
    role: np.ndarray  # codes into ROLES, -1 when unknown
    network: np.ndarray  # planted network id, -1 for non-members


def _strings(x: np.ndarray) -> pa.Array:
    return pa.array(x).cast(pa.string())


def generate(n: int, m: int, networks: int, sellers: int, buyers: int, seed: int = 0) -> Planted:
    rng = np.random.default_rng(seed)
    code = {r: i for i, r in enumerate(ROLES)}
    role = np.full(n, code["benign"], np.int64)
    network = np.full(n, -1, np.int64)
    # Rank r has weight r^-s; for s < 1 the CDF is about (r / n)^(1 - s), so
    # r = n * U^(1 / (1 - s)) samples it without a 20M-element searchsorted.
    popular, active = rng.permutation(n), rng.permutation(n)

    def ranks(count: int, s: float) -> np.ndarray:
        return np.minimum((n * rng.random(count) ** (1 / (1 - s))).astype(np.int64), n - 1)

    src = [active[ranks(m, 0.5)]]
    dst = [popular[ranks(m, 0.9)]]
    kinds = [rng.choice(len(EDGE_KINDS), m, p=[KIND_SHARE[k] for k in EDGE_KINDS])]
    follow = EDGE_KINDS.index("follow")
    size = sellers + buyers + 1  # + one watchdog per network
    planted = rng.choice(n, networks * size, replace=False).reshape(networks, size)
    extra_src, extra_dst, extra_kind = [], [], []

    def add(a: np.ndarray, b: np.ndarray, k: int = follow) -> None:
        extra_src.append(a)
        extra_dst.append(b)
        extra_kind.append(np.full(len(a), k))

    all_sellers = planted[:, :sellers].ravel()
    for k in range(networks):
        s, b, w = planted[k, :sellers], planted[k, sellers : sellers + buyers], planted[k, -1]
        role[s], role[b], role[w] = code["seller"], code["buyer"], code["watchdog"]
        network[s], network[b] = k, k
        add(np.repeat(s, 3), rng.choice(s, 3 * sellers))
        per = rng.integers(3, 9, buyers)
        add(np.repeat(b, per), rng.choice(s, int(per.sum())))
        add(np.repeat(b, 2), rng.choice(s, 2 * buyers), EDGE_KINDS.index("like"))
        hubs = popular[ranks(5 * buyers, 0.9)]
        add(np.repeat(b, 5), hubs)  # camouflage: members follow popular accounts
        members = np.concatenate((s, b))
        add(np.full(members.size, w), members)
        add(np.full(members.size, w), members, EDGE_KINDS.index("view"))
    touched = np.setdiff1d(rng.choice(n, 20 * networks, replace=False), planted.ravel())
    role[touched] = code["touched"]
    add(touched, rng.choice(all_sellers, touched.size))
    src_all = np.concatenate(src + extra_src)
    dst_all = np.concatenate(dst + extra_dst)
    kind_all = np.concatenate(kinds + extra_kind)
    # Planted members are not benign: drop random edges that would touch them by chance.
    stray = (network[src_all] >= 0) ^ (network[dst_all] >= 0)
    stray[m:] = False
    stray &= role[src_all] != code["watchdog"]
    stray &= (role[dst_all] != code["benign"]) | (network[src_all] < 0)
    keep = ~stray
    return Planted(
        _strings(np.arange(n)),
        _strings(src_all[keep]),
        _strings(dst_all[keep]),
        pa.array(np.asarray(EDGE_KINDS, dtype=object)[kind_all[keep]].tolist(), pa.string())
        if m < 2_000_000
        else pa.DictionaryArray.from_arrays(
            pa.array(kind_all[keep].astype(np.int32)), pa.array(EDGE_KINDS)
        ).cast(pa.string()),
        role,
        network,
    )


def load_export(path: str) -> Planted:
    from netbrake.platform import Dataset

    data = Dataset.open(path)
    ids = data.table("accounts", ["account_id"]).column("account_id").combine_chunks()
    edges = data.table("edges", ["src", "dst", "kind"])
    role = np.full(len(ids), -1, np.int64)
    network = np.full(len(ids), -1, np.int64)
    labels = data.labels()
    if labels is not None:
        import pyarrow.compute as pc

        at = np.asarray(pc.index_in(labels.column("account_id"), value_set=ids).fill_null(-1))
        names = labels.column("role").to_pylist()
        role[at] = [ROLES.index(r) for r in names]
        net = labels.column("network_id").to_numpy(zero_copy_only=False)
        network[at] = np.where(np.isnan(net.astype(float)), -1, net).astype(np.int64)
        network[~np.isin(role, [ROLES.index(r) for r in ROLES[:5]])] = -1
    col = edges.column
    return Planted(
        ids,
        col("src").combine_chunks(),
        col("dst").combine_chunks(),
        col("kind").combine_chunks(),
        role,
        network,
    )


def quality(result, truth: Planted) -> list[list[object]]:
    member = truth.network >= 0
    found = result.member
    tp = int((found & member).sum())
    f1 = 2 * tp / max(int(found.sum()) + int(member.sum()), 1)
    watch = truth.role == ROLES.index("watchdog")
    rows = [
        ["membership F1", f"{f1:.3f}"],
        ["watchdogs classed as members", int((found & watch).sum())],
    ]
    for r in ("seller", "buyer"):
        sel = truth.role == ROLES.index(r)
        if sel.any():
            rows.append(
                [f"{r} role accuracy", f"{float((result.role[sel] == ROLES.index(r)).mean()):.3f}"]
            )
    return rows


def _igraph_row(g: Graph, seeds: np.ndarray) -> list[object]:
    """igraph's PRPACK personalised PageRank on the same (undirected) edges."""
    import igraph as ig

    t0 = time.perf_counter()
    graph = ig.Graph(n=g.n, edges=np.column_stack((g.edge_src, g.edge_dst)), directed=False)
    build = time.perf_counter() - t0
    t = timed("igraph", lambda: graph.personalized_pagerank(reset_vertices=seeds.tolist()), 1)
    note = f"+ {build:.1f} s to build the igraph graph"
    return ["igraph personalized_pagerank (PRPACK)", t.median, note, f"{peak_rss_mb():,.0f}"]


def _networkx_row(g: Graph) -> list[object]:
    """networkx pagerank on the subgraph induced by the first 100,000 accounts."""
    import networkx as nx

    small = min(100_000, g.n)
    keep = (g.edge_src < small) & (g.edge_dst < small)
    nxg = nx.Graph()
    nxg.add_nodes_from(range(small))
    nxg.add_edges_from(zip(g.edge_src[keep].tolist(), g.edge_dst[keep].tolist(), strict=True))
    start = int(g.edge_src[np.flatnonzero(keep)[0]]) if keep.any() else 0
    t = timed("networkx", lambda: nx.pagerank(nxg, alpha=0.85, personalization={start: 1.0}), 1)
    label = f"networkx pagerank, {small:,}-node subgraph"
    return [label, t.median, f"{nxg.number_of_edges():,} edges", f"{peak_rss_mb():,.0f}"]


def main(argv: list[str] | None = None) -> None:
    opts = dict(a.lstrip("-").split("=", 1) for a in (argv or []) if "=" in a)
    n, m = int(opts.get("nodes", 1_000_000)), int(opts.get("edges", 20_000_000))
    base = peak_rss_mb()
    t0 = time.perf_counter()
    if "export" in opts:
        truth = load_export(opts["export"])
    else:
        truth = generate(n, m, networks=20, sellers=20, buyers=400)
    gen_s = time.perf_counter() - t0
    rss_gen = peak_rss_mb()
    rows: list[list[object]] = [["generate platform", gen_s, "", f"{rss_gen:,.0f}"]]

    def row(label: str, t: Timing, note: str = "") -> None:
        print(f"  {label}: {t.median:.3f} s", flush=True)
        rows.append([label, t.median, note, f"{peak_rss_mb():,.0f}"])

    t = timed("build", lambda: build_graph(truth.ids, truth.src, truth.dst, truth.kind, WEIGHTS), 1)
    g: Graph = t.result
    del truth.src, truth.dst, truth.kind
    gc.collect()
    row("CSR build (build_graph)", t, f"{g.n:,} nodes, {len(g.edge_src):,} edges, {g.m:,} pairs")
    t = timed("diffusion", lambda: diffusion(g), 3)
    diff = t.result
    row("hub-damped diffusion matrix", t, f"{diff.adj.nnz:,} entries")
    x = np.ones(g.n)
    row("one pass: scipy mat-vec (floor)", timed("matvec", lambda: diff.adj @ x, 5))
    members = np.flatnonzero(truth.network >= 0)
    sellers = np.flatnonzero(truth.role == ROLES.index("seller"))
    one = sellers[truth.network[sellers] == 0][:20]
    seeds = np.array(
        [sellers[truth.network[sellers] == k][0] for k in np.unique(truth.network[sellers])]
    )
    vec = np.zeros(g.n)
    vec[one] = 1 / one.size
    row(
        "scipy power-iteration PPR, 1 vector",
        timed("ppr", lambda: personalized_pagerank(diff, vec), 3),
    )
    block = np.zeros((g.n, 4))
    block[seeds[:4], np.arange(min(4, seeds.size))] = 1.0
    row(
        "scipy power-iteration PPR, 4 vectors",
        timed("ppr16", lambda: personalized_pagerank(diff, block), 1),
    )
    t = timed("push", lambda: expand_seeds(diff, one), 5)
    exp = t.result
    row(
        "local push + sweep, 20 seeds of one network",
        t,
        f"{exp.edges_touched:,} entries read, cluster {exp.cluster.size}",
    )
    sub = diff.adj[exp.cluster][:, exp.cluster]
    row(
        "peeling on the flagged cluster",
        timed("peel", lambda: peel_densest(sub), 3),
        f"{exp.cluster.size} nodes",
    )
    mask = truth.network >= 0
    t = timed("leiden", lambda: split_networks(g, mask, MappingParams()), 3)
    row(
        "components + Leiden on the flagged subgraph",
        t,
        f"{members.size:,} members -> {int(t.result.max()) + 1} networks",
    )
    t = timed("one", lambda: map_networks(g, one, diff=diff), 3)
    row("map_networks, one network from 20 seeds", t, f"{int(t.result.member.sum())} members")
    t = timed("all", lambda: map_networks(g, seeds, diff=diff), 1)
    row(f"map_networks, {seeds.size} seeds (all networks)", t, t.result.explanation.split(";")[-2])
    mapped_all = t.result
    rng = np.random.default_rng(1)
    carriers = rng.choice(members, max(1, members.size // 100), replace=False)
    ev = NodeEvidence.of(g.n, seller=np.isin(np.arange(g.n), carriers) * 0.9)
    t = timed("evidence", lambda: map_networks(g, [], ev), 1)
    row("map_networks, no seeds, 1% of members with text", t, "incl. diffusion build")
    mapped_ev = t.result
    rows.append(_igraph_row(g, one))
    gc.collect()
    rows.append(_networkx_row(g))
    print_table(
        f"graph layer: {g.n:,} accounts, {len(g.edge_src):,} edges (peak RSS at start {base:,.0f} MiB)",
        ["step", "median s", "note", "peak RSS MiB"],
        rows,
    )
    print_table(
        "mapping quality, one seed per network", ["measure", "value"], quality(mapped_all, truth)
    )
    print_table(
        "mapping quality, no seeds, 1% of members carry text evidence",
        ["measure", "value"],
        quality(mapped_ev, truth),
    )


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
