"""Identity linking at platform scale: 1,000,000 accounts, 3,000,000 identifier rows.

Target: linked in <= 60 s on 2 cores, compared in the same run with
networkx connected components on the same links. The platform is generated
vectorised: most people have one account, some 2-4 (sharing a device, a home
IP and sometimes an email, with "_bk" handles), public IPs behind carrier NAT
shared by thousands, and device farms of 20-100 accounts.

    .venv/bin/python -m benchmarks identity [--accounts=N]
    .venv/bin/python -m benchmarks identity --synth=N [--seed=S]   # quality on netbrake.synth
"""

from __future__ import annotations

import binascii
import os
import time

import networkx as nx
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from benchmarks.measure import peak_rss_mb, print_table
from netbrake.identity import PersonLinker, connected_components, score_links


def _hex_values(ids: np.ndarray, rng: np.random.Generator) -> pa.Array:
    """64-hex strings (like HMAC-SHA256 digests), equal for equal ``ids``."""
    distinct, index = np.unique(ids, return_inverse=True)
    table = rng.integers(0, 256, size=(distinct.size, 32), dtype=np.uint8)
    data = binascii.hexlify(table[index].tobytes())
    offsets = np.arange(0, 64 * ids.size + 1, 64, dtype=np.int32)
    return pa.StringArray.from_buffers(ids.size, pa.py_buffer(offsets), pa.py_buffer(data))


def _letters(n: int, width: int, rng: np.random.Generator) -> pa.Array:
    data = rng.integers(97, 123, size=(n, width), dtype=np.uint8).tobytes()
    offsets = np.arange(0, width * n + 1, width, dtype=np.int32)
    return pa.StringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(data))


def generate(n: int, seed: int = 7) -> tuple[pa.Table, pa.Table, pa.Table]:
    """(accounts, identifiers, labels) with about ``3 n`` identifier rows."""
    rng = np.random.default_rng(seed)
    sizes = rng.choice([1, 2, 3, 4], p=[0.85, 0.10, 0.04, 0.01], size=n)
    person = np.repeat(np.arange(n), sizes)[:n]
    first = np.r_[True, person[1:] != person[:-1]]
    position = np.arange(n) - np.maximum.accumulate(np.where(first, np.arange(n), 0))
    ids = pc.binary_join_element_wise("acc", pc.cast(pa.array(np.arange(n)), pa.string()), "")
    base = _letters(n, 9, rng).take(
        pa.array(np.maximum.accumulate(np.where(first, np.arange(n), 0)))
    )
    handle = pc.if_else(
        pa.array(position > 0),
        pc.binary_join_element_wise(base, "_bk", pc.cast(pa.array(position), pa.string()), ""),
        base,
    )
    accounts = pa.table({"account_id": ids, "handle": handle, "bio": pa.nulls(n, pa.string())})

    # device: the person's own (70% of multi-account persons) or a fresh one; farms of ~33.
    shared_device = (sizes[person] > 1) & (rng.random(n) < 0.7)
    device = np.where(shared_device, person, n + np.arange(n))
    farm = rng.random(n) < 0.01
    device[farm] = 3 * n + rng.integers(0, max(1, n // 3300), farm.sum())
    # email: mostly unique, a fifth of multi-account persons reuse one.
    email = np.where((sizes[person] > 1) & (rng.random(n) < 0.2), person, n + np.arange(n))
    # ip: home IP of the person, or a carrier-NAT IP shared by ~2,000.
    ip = np.where(rng.random(n) < 0.4, 3 * n + rng.integers(0, max(1, n // 5000), n), person)
    account_rows = np.concatenate([np.arange(n)] * 3)
    kinds = np.repeat(np.array(["device", "email", "ip"]), n)
    offset = np.repeat(np.array([0, 4 * n, 8 * n]), n)
    values = _hex_values(np.concatenate([device, email, ip]) + offset, rng)
    identifiers = pa.table(
        {"account_id": ids.take(pa.array(account_rows)), "kind": pa.array(kinds), "value": values}
    )
    labels = pa.table(
        {
            "account_id": ids,
            "person_id": pc.cast(pa.array(person), pa.string()),
        }
    )
    return accounts, identifiers, labels


def synthetic_quality(n: int, seed: int) -> None:
    """Linking and evasion quality on the project's synthetic platform .

    Mentions come from the text layer's extractor; the mapping is simulated from
    the labels with every backup hidden as benign, so only linking can cover it.
    """
    from datetime import UTC, datetime

    from netbrake.enforce import EnforcementRules, evasion_coverage, plan_enforcement
    from netbrake.synth import SynthConfig, build
    from netbrake.text.extract.handles import extract_handle_mentions

    platform = build(SynthConfig(accounts=n, seed=seed))
    accounts, identifiers = platform.tables["accounts"], platform.tables["identifiers"]
    labels = platform.tables["labels"]
    mentions = pa.Table.from_pylist(
        [
            {"account_id": r["account_id"], "mentioned_handle": m.handle, "relation": m.relation}
            for r in accounts.select(["account_id", "bio"]).to_pylist()
            for m in extract_handle_mentions(r["bio"] or "")
        ],
        schema=pa.schema(
            [
                ("account_id", pa.string()),
                ("mentioned_handle", pa.string()),
                ("relation", pa.string()),
            ]
        ),
    )
    start = time.perf_counter()
    result = PersonLinker().link(accounts, identifiers, mentions)
    seconds = time.perf_counter() - start
    score = score_links(result.persons, labels)
    mapping = [
        r
        | {
            "role": "benign" if r["role"] == "backup" else r["role"],
            "score": 0.95,
            "reasons": ["label"],
        }
        for r in labels.select(["account_id", "role", "network_id"]).to_pylist()
    ]
    plan = plan_enforcement(
        pa.Table.from_pylist(mapping), result, EnforcementRules(), datetime.now(UTC)
    )
    coverage = evasion_coverage(plan.decisions, labels)
    roles = dict(
        zip(labels.column("account_id").to_pylist(), labels.column("role").to_pylist(), strict=True)
    )
    wrong = sum(
        1
        for d in plan.decisions
        if d.subject_kind == "account"
        and d.acts
        and roles[d.subject_id] in ("watchdog", "touched", "benign")
    )
    print_table(
        f"synthetic platform, {n:,} accounts, seed {seed}, {identifiers.num_rows:,} identifier rows",
        ["measure", "value"],
        [
            ["link seconds", seconds],
            ["pairwise precision", score.precision],
            ["pairwise recall", score.recall],
            ["predicted persons merging true persons", score.merged_persons],
            ["suspicious clusters (shared IPs, farms)", result.suspicious.num_rows],
            ["backups of actioned persons covered", coverage.share],
            ["backups of actioned persons", coverage.backups_of_actioned_persons],
            ["watchdog/touched/benign accounts actioned", wrong],
        ],
    )


def main(argv: list[str] | None = None) -> None:
    argv = argv or []
    synth = [a for a in argv if a.startswith("--synth=")]
    if synth:
        seeds = [a for a in argv if a.startswith("--seed=")]
        synthetic_quality(
            int(synth[-1].split("=", 1)[1]), int(seeds[-1].split("=", 1)[1]) if seeds else 0
        )
        return
    sized = [a for a in argv if a.startswith("--accounts=")]
    n = int(sized[-1].split("=", 1)[1]) if sized else 1_000_000
    start = time.perf_counter()
    accounts, identifiers, labels = generate(n)
    print(
        f"generated {n:,} accounts, {identifiers.num_rows:,} identifier rows in {time.perf_counter() - start:.1f} s"
    )

    rss_before = peak_rss_mb()
    start = time.perf_counter()
    result = PersonLinker().link(accounts, identifiers)
    linker_s = time.perf_counter() - start
    rss_linker = peak_rss_mb()

    # The same links, as account indices, for the component-only comparison.
    ids = result.persons.column("account_id")
    a = pc.index_in(result.links.column("a"), value_set=ids).to_numpy()
    b = pc.index_in(result.links.column("b"), value_set=ids).to_numpy()
    start = time.perf_counter()
    ours = connected_components(len(ids), a, b)
    ours_s = time.perf_counter() - start
    start = time.perf_counter()
    graph = nx.Graph()
    graph.add_nodes_from(range(len(ids)))
    graph.add_edges_from(zip(a.tolist(), b.tolist(), strict=True))
    reference = np.empty(len(ids), dtype=np.int64)
    for comp in nx.connected_components(graph):
        members = np.fromiter(comp, dtype=np.int64)
        reference[members] = members.min()
    nx_s = time.perf_counter() - start
    rss_nx = peak_rss_mb()
    score = score_links(result.persons, labels)
    print_table(
        f"identity linking, {n:,} accounts, {identifiers.num_rows:,} identifier rows, {result.links.num_rows:,} links",
        ["step", "seconds", "peak RSS MiB"],
        [
            ["PersonLinker.link (whole pipeline)", linker_s, rss_linker],
            ["connected_components (scipy) on its links", ours_s, rss_linker],
            ["networkx connected_components, same links", nx_s, rss_nx],
        ],
    )
    print(
        f"partitions agree: {bool(np.array_equal(ours, reference))}; persons {result.person_count:,}; "
        f"suspicious clusters {result.suspicious.num_rows:,}; "
        f"pairwise precision {score.precision:.4f} recall {score.recall:.4f}; "
        f"RSS before linking {rss_before:,.0f} MiB; "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
