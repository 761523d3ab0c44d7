"""`SparkEngine`: the batch stages of ``scan`` as PySpark jobs (``--engine spark``).

Parity by construction: each stage computes its heavy part in Spark and
returns the same in-process type the embedded engine returns
(`AccountSignals`, `Graph`, `PersonLinks`), so network mapping, roles and
the enforcement plan run with the same driver code for both engines. What is
distributed and what is collected is described in each job's module:
`account_signals`, `edges` and `pagerank`, `persons` and `components`.

Spark reads the clean Parquet tables that ingest wrote into the scan's
temporary folder and writes nothing itself: the pipeline writes RESULTS into
that folder and renames it into place, so a failed run leaves nothing that
looks complete.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pyarrow as pa

from netbrake.engines.spark.account_signals import spark_account_signals
from netbrake.engines.spark.edges import (
    graph_from_merged,
    kind_factors,
    merged_arrow,
    merged_edges,
)
from netbrake.engines.spark.pagerank import neighbourhood, spark_pagerank, transitions
from netbrake.engines.spark.persons import spark_person_links
from netbrake.engines.spark.session import start_session
from netbrake.graph import Graph
from netbrake.identity import LinkingRules, PersonLinks
from netbrake.platform import Dataset
from netbrake.signals import AccountSignals, SignalParams
from netbrake.text import Matcher

#: Merged edge rows handed to the driver whole; above this only the seeds' neighbourhood.
DRIVER_EDGES = 50_000_000


@dataclass(frozen=True)
class Neighbourhood:
    """How a large graph is cut down before it is collected.

    Personalised PageRank from the seeds runs ``iterations`` rounds (``alpha``
    as in mapping); accounts holding at least ``min_mass`` of the seed mass
    form the core, and every merged edge touching the core is collected: the
    core and its one-hop contacts. Mass below ``prune`` is dropped each round.
    """

    iterations: int = 15
    alpha: float = 0.15
    min_mass: float = 1e-4
    prune: float = 1e-7


@dataclass
class SparkEngine:
    """The Spark engine (``--engine spark``); build it with :meth:`start`."""

    spark: Any
    driver_edges: int = DRIVER_EDGES
    cut: Neighbourhood = field(default_factory=Neighbourhood)
    stop_on_close: bool = True
    name: str = "spark"
    #: What the last `graph` call did ("whole graph" or the neighbourhood cut), for reports.
    graph_note: str = ""

    @classmethod
    def start(cls, master: str | None = None, conf: Mapping[str, str] | None = None) -> SparkEngine:
        """Start (or join) a Spark session; one-line `InputError` when it cannot start."""
        return cls(start_session(master, conf))

    def account_signals(
        self, dataset: Dataset, matcher: Matcher, params: SignalParams
    ) -> AccountSignals:
        return spark_account_signals(self.spark, dataset, matcher, params)

    def graph(
        self, dataset: Dataset, kind_weights: dict[str, float], seeds: Sequence[str] = ()
    ) -> Graph:
        factors = kind_factors(kind_weights)
        ids = dataset.table("accounts", ["account_id"]).column("account_id").combine_chunks()
        merged = merged_edges(self.spark, dataset)
        frame, pairs = merged.frame, -1
        complete: np.ndarray | None = None
        self.graph_note = f"whole graph: {merged.rows} merged edge rows"
        if merged.rows > self.driver_edges:
            pairs = merged.frame.select("s", "d").distinct().count()
            frame, inside = self._neighbourhood(frame, factors, ids, seeds)
            frame = frame.localCheckpoint()
            complete = np.zeros(len(ids), bool)
            if inside is not None:
                complete[[int(r["c"]) for r in inside.collect()]] = True
            self.graph_note = (
                f"neighbourhood of {len(seeds)} seeds: {frame.count()} of {merged.rows} "
                "merged edge rows"
            )
        graph = graph_from_merged(ids, merged_arrow(frame), factors, merged.counts, pairs)
        return graph if complete is None else replace(graph, complete=complete)

    def _neighbourhood(
        self, frame: Any, factors: np.ndarray, ids: pa.Array, seeds: Sequence[str]
    ) -> tuple[Any, Any]:
        import pyarrow.compute as pc

        index = pc.index_in(pa.array(list(seeds), pa.string()), value_set=ids)
        known = [int(i) for i in index.to_pylist() if i is not None]
        if not known:
            return frame.limit(0), None
        cut = self.cut
        ranks = spark_pagerank(
            self.spark,
            transitions(frame, factors),
            known,
            alpha=cut.alpha,
            max_iter=cut.iterations,
            tol=0.0,
            prune=cut.prune,
        )
        return neighbourhood(frame, ranks, cut.min_mass, float(len(set(known))))

    def persons(
        self, dataset: Dataset, signals: AccountSignals, rules: LinkingRules
    ) -> PersonLinks:
        return spark_person_links(self.spark, dataset, signals.mentions, rules)

    def close(self) -> None:
        if self.stop_on_close:
            self.spark.stop()
