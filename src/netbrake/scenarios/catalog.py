"""Named backdrops: which real graph, which part of it, and where the files are kept.

Benchmark size: the 10-core of the Enron e-mail graph
(~4.5k accounts), the largest component of the political-blogs graph
(~1.2k) and a breadth-first sample of the PGP web of trust (5k). Tests use
``polblogs-lcc`` (<= 1.5k accounts keeps CI fast). When no graph-tool file is
present, networkx's bundled Zachary karate club and Les Misérables graphs
are the fallbacks (too small for the targets, enough for the
reader, determinism and label tests).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from netbrake.errors import InputError, Location
from netbrake.scenarios.backdrop import Backdrop, ball, k_core, largest_component, read_gt

#: Overrides the folder ``scripts/backdrops.sh`` fills.
BACKDROPS_ENV = "NETBRAKE_BACKDROPS"
FETCH_HINT = "run scripts/backdrops.sh to fetch the graph-tool collection"


@dataclass(frozen=True)
class BackdropSpec:
    """A named backdrop: the collection file it is cut from and how."""

    name: str
    file: str
    cut: Callable[[Backdrop], Backdrop]
    description: str


BACKDROPS: dict[str, BackdropSpec] = {
    spec.name: spec
    for spec in (
        BackdropSpec(
            "polblogs-lcc",
            "polblogs.gt.gz",
            lambda b: largest_component(b, "polblogs-lcc"),
            "political blogs linking each other (2004), largest component, directed",
        ),
        BackdropSpec(
            "enron-10core",
            "email-Enron.gt.gz",
            lambda b: k_core(b, 10, "enron-10core"),
            "Enron e-mail contacts, 10-core, undirected",
        ),
        BackdropSpec(
            "pgp-ball5k",
            "pgp-strong-2009.gt.gz",
            lambda b: ball(b, 5_000, 0, "pgp-ball5k"),
            "PGP web of trust (2009), 5,000 accounts breadth-first from a fixed start, directed",
        ),
        # Whole graphs, on request (--backdrops=...): big enough that the planted network is
        # about 0.5% of the platform, the share a circuit breaker "far below 1%" must allow.
        BackdropSpec(
            "enron-lcc",
            "email-Enron.gt.gz",
            lambda b: largest_component(b, "enron-lcc"),
            "Enron e-mail contacts, largest component (~34k accounts), undirected",
        ),
        BackdropSpec(
            "pgp-lcc",
            "pgp-strong-2009.gt.gz",
            lambda b: largest_component(b, "pgp-lcc"),
            "PGP web of trust (2009), largest component, directed",
        ),
    )
}
#: Benchmark backdrops, smallest first; tests use the first.
BENCHMARK_BACKDROPS = ("polblogs-lcc", "enron-10core", "pgp-ball5k")
TEST_BACKDROP = "polblogs-lcc"
FALLBACKS = ("nx-lesmis", "nx-karate")


def backdrop_dir() -> Path:
    """``$NETBRAKE_BACKDROPS``, else ``${XDG_CACHE_HOME:-~/.cache}/netbrake/backdrops``."""
    explicit = os.environ.get(BACKDROPS_ENV)
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "netbrake" / "backdrops"


class BackdropMissing(InputError):
    """The backdrop's file is not there (or networkx is missing for a fallback)."""


def missing_reason(name: str, directory: Path | None = None) -> str | None:
    """Why ``name`` cannot be loaded, or None when it can."""
    if name in FALLBACKS:
        try:
            import networkx  # noqa: F401
        except ImportError:
            return "networkx is not installed"
        return None
    spec = BACKDROPS.get(name)
    if spec is None:
        known = ", ".join([*BACKDROPS, *FALLBACKS])
        return f"unknown backdrop '{name}' (known: {known})"
    path = (directory or backdrop_dir()) / spec.file
    return None if path.is_file() else f"{path} is missing: {FETCH_HINT}"


def load_backdrop(name: str, directory: Path | None = None) -> Backdrop:
    """The named backdrop, read and cut (cached per process)."""
    reason = missing_reason(name, directory)
    if reason is not None:
        raise BackdropMissing(reason, Location(directory or backdrop_dir()))
    return _load(name, str(directory or backdrop_dir()))


@lru_cache(maxsize=8)
def _load(name: str, directory: str) -> Backdrop:
    if name in FALLBACKS:
        return networkx_backdrop(name)
    spec = BACKDROPS[name]
    return spec.cut(read_gt(Path(directory) / spec.file))


def networkx_backdrop(name: str) -> Backdrop:
    """A graph bundled with networkx, nodes renumbered, every attribute dropped."""
    import networkx as nx

    graph = {"nx-karate": nx.karate_club_graph, "nx-lesmis": nx.les_miserables_graph}[name]()
    index = {v: i for i, v in enumerate(sorted(graph.nodes(), key=str))}
    pairs = np.array([(index[u], index[v]) for u, v in graph.edges()], np.int64).reshape(-1, 2)
    return Backdrop(name, len(index), pairs[:, 0].copy(), pairs[:, 1].copy(), graph.is_directed())


def available(names: tuple[str, ...] = BENCHMARK_BACKDROPS) -> list[str]:
    """The names whose files are present."""
    return [n for n in names if missing_reason(n) is None]
